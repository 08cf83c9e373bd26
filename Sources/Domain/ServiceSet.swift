import Foundation

/// The services one watch, price or take is about: one service, or a bundle of 2 to 5 served by
/// one number.
///
/// Validated where it is made, so that a request the provider would refuse ("at most 5 services at
/// the same time") is never sent.
package struct ServiceSet: Sendable, Hashable, CustomStringConvertible {
    package static let maximumCount = 5

    /// The codes in the order given (duplicates removed).
    package let codes: [String]

    package init(_ codes: [String]) throws(ServiceSetError) {
        var seen = Set<String>()
        var unique: [String] = []
        for raw in codes {
            let code = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard !code.isEmpty else { throw .emptyCode }
            guard code.utf8.allSatisfy(Self.isCodeByte), code.utf8.count <= 64 else { throw .badCode(String(code.prefix(64))) }
            if seen.insert(code).inserted { unique.append(code) }
        }
        guard !unique.isEmpty else { throw .noService }
        guard unique.count <= Self.maximumCount else { throw .tooMany(unique.count) }
        self.codes = unique
    }

    package init(_ code: String) throws(ServiceSetError) {
        try self.init([code])
    }

    package var isBundle: Bool { codes.count > 1 }

    /// The `platform` label: the service code, or for a bundle the codes sorted and joined by `+`.
    package var platform: String { codes.sorted().joined(separator: "+") }

    package var description: String { platform }

    /// Reads a `platform` label back (`telegram+whatsapp`).
    package init(platform: String) throws(ServiceSetError) {
        try self.init(platform.split(separator: "+").map(String.init))
    }

    private static func isCodeByte(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b == 95 || b == 45
    }
}

/// Why a list of service codes is not a `ServiceSet`: bad input from a file or a command line,
/// refused before any request is sent.
package enum ServiceSetError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyCode
    /// The code, at most 64 characters of it.
    case badCode(String)
    case noService
    /// How many distinct codes were given.
    case tooMany(Int)

    /// What is wrong, for a configuration error that names the key itself.
    package var detail: String {
        switch self {
        case .emptyCode: "an empty service code"
        case let .badCode(code): "service code \"\(code)\" may hold only a-z, 0-9, _ and -"
        case .noService: "no service given: name 1 to 5 service codes"
        case let .tooMany(count):
            "\(count) services given: the provider prices and sells at most \(ServiceSet.maximumCount) on one number"
        }
    }

    /// As the CLI has always said it (`numwatch: invalid request: ...`, exit 2).
    package var description: String { "invalid request: \(detail)" }
}
