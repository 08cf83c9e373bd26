/// An amount of Toman, the provider's currency: a price, the credit, a threshold set on either.
///
/// Whole Toman (the provider sends no fraction), within a trillion either way: a value past that
/// is no real price or account, and the bound keeps arithmetic on amounts (a change, a sum, a
/// day's spending) from overflowing. The provider's decoders refuse the same
/// (`ProviderLimits.largestAmount`), so every amount read from it fits.
package struct Toman: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The largest amount either way: a trillion Toman.
    package static let largest = 1_000_000_000_000  // ProviderLimits.largestAmount is this one

    package let amount: Int

    /// nil when `amount` is beyond `largest` either way.
    package init?(_ amount: Int) {
        guard (-Self.largest...Self.largest).contains(amount) else { return nil }
        self.amount = amount
    }

    /// The amount alone (`12000`): the unit is for the sentence around it to say.
    package var description: String { String(amount) }

    package static func < (lhs: Toman, rhs: Toman) -> Bool { lhs.amount < rhs.amount }
}
