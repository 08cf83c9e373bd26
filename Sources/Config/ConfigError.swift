import Foundation

/// One problem in the configuration, pointing at the file, line and key.
///
/// Messages never hold a token, a webhook secret, or a webhook URL's path or query.
package struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// The file as given on the command line.
    package let file: String
    /// 1-based; `nil` when the problem has no place in the file (a missing top-level key, an unreadable file).
    package let line: Int?
    /// The dotted path (`watches[0].services`); empty for a problem with the file as a whole.
    package let key: String
    package let message: String

    package init(file: String, line: Int?, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `config error: numwatch.yml:12: watches[0].services: at most 5 services in a bundle`
    package var description: String { describeConfigProblem("error", file: file, line: line, key: key, message: message) }

    package var errorDescription: String? { description }
}

/// Every problem found in one configuration, ordered by line: a user fixes them in one pass.
package struct ConfigErrors: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    package let errors: [ConfigError]

    package init(_ errors: [ConfigError]) {
        self.errors = errors
    }

    package init(errors: [ConfigError]) {
        self.errors = errors
    }

    /// One line per error.
    package var description: String { errors.map(\.description).joined(separator: "\n") }

    package var errorDescription: String? { description }
}

/// `config <kind>: FILE[:LINE]: [KEY: ]MESSAGE`, the one shape of errors and warnings.
func describeConfigProblem(_ kind: String, file: String, line: Int?, key: String, message: String) -> String {
    let place = line.map { "\(file):\($0)" } ?? file
    return key.isEmpty ? "config \(kind): \(place): \(message)" : "config \(kind): \(place): \(key): \(message)"
}
