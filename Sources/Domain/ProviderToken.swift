/// The API token. Its description is redacted so that it cannot leak through string interpolation.
package struct ProviderToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    package let value: String
    package init(_ value: String) { self.value = value }
    package var description: String { "<redacted>" }
    package var debugDescription: String { "<redacted>" }
}
