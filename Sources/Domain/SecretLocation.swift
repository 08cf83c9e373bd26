import Foundation

/// Where a secret (the provider token, the callback secret, a webhook's key, a password) is read
/// from at start-up: an environment variable, or a file holding just the secret. Reading it at
/// start-up rather than with the configuration lets `check-config` work without the secret.
package enum SecretLocation: Sendable, Equatable {
    case environment(String)
    case file(String)

    /// Why a secret could not be read. Holds neither the secret nor the file's path (a secret
    /// pasted into the path by mistake must not reach a log): the caller words it for its reader.
    package enum Failure: Error, Equatable, Sendable {
        /// The environment variable is not set, or only blank.
        case notSet
        case noSuchFile
        case directory
        /// Not permitted, or not UTF-8 text.
        case unreadable
        case empty
        case severalLines
    }

    /// The secret, trimmed: the one place numwatch reads a secret.
    package func read(environment: [String: String]) throws(Failure) -> String {
        switch self {
        case let .environment(name):
            let secret = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !secret.isEmpty else { throw .notSet }
            return secret
        case let .file(path):
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .noSuchFile }
            guard !isDirectory.boolValue else { throw .directory }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw .unreadable
            }
            let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !secret.isEmpty else { throw .empty }
            guard !secret.contains(where: \.isNewline) else { throw .severalLines }
            return secret
        }
    }
}
