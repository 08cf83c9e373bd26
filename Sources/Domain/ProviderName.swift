/// Which provider a watch is sampled from. There is one today, `ProviderName.main`; the name
/// is the room a second provider needs (a watch, its samples and its metrics say whose they are).
package struct ProviderName: Sendable, Hashable, CustomStringConvertible {
    package let rawValue: String

    package init(_ rawValue: String) { self.rawValue = rawValue }

    /// The provider of `provider:`, the only one until the configuration can name others (the id
    /// the several-providers issue gives today's single provider).
    package static let main = ProviderName("main")

    package var description: String { rawValue }
}
