import Store

/// What the watch page reads of the numbers ledger: per country, how the numbers of one platform
/// taken through numwatch fared. Optional: without it the page has no "Activated" column.
package protocol ActivationReading: Sendable {
    func activation(platform: String) async throws -> [String: Ledger.Activation]
}

extension Ledger: ActivationReading {}
