/// Bad usage or bad configuration: the CLI prints it on one line and exits 2.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
