/// Bad usage or bad configuration: the CLI prints it on one line and exits 2.
package struct UsageError: Error, CustomStringConvertible, Sendable {
    package let description: String
    package init(_ description: String) { self.description = description }
}
