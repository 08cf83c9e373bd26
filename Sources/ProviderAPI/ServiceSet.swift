import Foundation

/// The services one request is about: one service, or a bundle of 2 to 5 served by one number.
///
/// Validated locally so that a request the provider would refuse ("at most 5 services at the same
/// time") is never sent.
public struct ServiceSet: Sendable, Hashable, CustomStringConvertible {
    public static let maximumCount = 5

    /// The codes in the order given (duplicates removed).
    public let codes: [String]

    public init(_ codes: [String]) throws(ProviderError) {
        var seen = Set<String>()
        var unique: [String] = []
        for raw in codes {
            let code = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard !code.isEmpty else { throw .invalidRequest("an empty service code") }
            guard code.utf8.allSatisfy(Self.isCodeByte), code.utf8.count <= 64 else {
                throw .invalidRequest("service code \"\(code.prefix(64))\" may hold only a-z, 0-9, _ and -")
            }
            if seen.insert(code).inserted { unique.append(code) }
        }
        guard !unique.isEmpty else { throw .invalidRequest("no service given: name 1 to 5 service codes") }
        guard unique.count <= Self.maximumCount else {
            throw .invalidRequest(
                "\(unique.count) services given: the provider prices and sells at most \(Self.maximumCount) on one number")
        }
        self.codes = unique
    }

    public init(_ code: String) throws(ProviderError) {
        try self.init([code])
    }

    public var isBundle: Bool { codes.count > 1 }

    /// The `platform` label: the service code, or for a bundle the codes sorted and joined by `+`.
    public var platform: String { codes.sorted().joined(separator: "+") }

    public var description: String { platform }

    /// Reads a `platform` label back (`telegram+whatsapp`).
    public init(platform: String) throws(ProviderError) {
        try self.init(platform.split(separator: "+").map(String.init))
    }

    private static func isCodeByte(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b == 95 || b == 45
    }
}
