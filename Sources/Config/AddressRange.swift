import Foundation

/// An IP address range in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`), or one address
/// (`89.42.211.109`, `::1`): `callback.allow_from` and `http.trusted_proxies`.
///
/// Addresses are kept as 16 bytes, IPv4 ones mapped into IPv6 (`::ffff:a.b.c.d`), so that an
/// IPv4 range also matches a peer that a dual-stack listener reports in its mapped form.
package struct AddressRange: Sendable, Equatable, CustomStringConvertible {
    let network: [UInt8]
    /// Leading bits that must match, out of 128.
    let prefixBits: Int
    package let description: String

    /// Parses `address` or `address/prefix`; nil when it is neither.
    package init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let (bytes, isV4) = Self.address(String(parts[0])) else { return nil }
        let width = isV4 ? 32 : 128
        var prefix = width
        if parts.count == 2 {
            guard let given = Int(parts[1]), parts[1].allSatisfy(\.isASCII), (0...width).contains(given) else { return nil }
            prefix = given
        }
        prefixBits = prefix + (128 - width)
        network = Self.masked(bytes, bits: prefixBits)
        description = trimmed
    }

    /// Whether `address` (text, as a socket reports it) lies in the range.
    package func contains(_ address: String) -> Bool {
        guard let (bytes, _) = Self.address(address) else { return false }
        return Self.masked(bytes, bits: prefixBits) == network
    }

    /// Whether `text` is one IPv4 or IPv6 address.
    package static func isAddress(_ text: String) -> Bool { address(text) != nil }

    /// 16 bytes for an IPv4 or IPv6 address (IPv6 zone ids such as `%eth0` are dropped).
    static func address(_ text: String) -> (bytes: [UInt8], isV4: Bool)? {
        let text = text.split(separator: "%", maxSplits: 1).first.map(String.init) ?? ""
        var v4 = in_addr()
        if text.contains("."), !text.contains(":"), inet_pton(AF_INET, text, &v4) == 1 {
            let raw = withUnsafeBytes(of: &v4) { Array($0) }
            return ([UInt8](repeating: 0, count: 10) + [0xFF, 0xFF] + raw, true)
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        return (withUnsafeBytes(of: &v6) { Array($0) }, false)
    }

    static func masked(_ bytes: [UInt8], bits: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let keep = min(max(bits - index * 8, 0), 8)
            return keep == 8 ? byte : byte & ~(0xFF >> keep)
        }
    }
}
