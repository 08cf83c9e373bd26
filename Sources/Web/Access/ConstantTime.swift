/// Comparison of secrets (the callback's path secret, passwords, bearer tokens) whose time does
/// not tell an attacker how many leading bytes were right.
package enum ConstantTime {
    /// Equal length and bytes, in time that depends only on the lengths.
    package static func equals(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8), b = Array(expected.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<b.count { difference |= (i < a.count ? a[i] : 0) ^ b[i] }
        return difference == 0
    }
}
