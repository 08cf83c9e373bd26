import Domain
import Foundation

/// Something the configuration allows but that is unsafe: printed one line each by
/// `check-config` and `serve`, which still exit 0 and run.
package struct ConfigWarning: Sendable, Equatable, CustomStringConvertible {
    package let file: String
    package let line: Int?
    package let key: String
    package let message: String

    package init(file: String, line: Int?, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `config warning: numwatch.yml:12: http.listen: ...`, in the shape of a `ConfigError`.
    package var description: String { describeConfigProblem("warning", file: file, line: line, key: key, message: message) }
}

/// Why a secret is easy to guess, or nil. Deliberately simple (the issue asks for an estimate):
/// the length, a single repeated character, and bits estimated as length × log2 of the
/// alphabet, the alphabet being the classes of characters used but at most twice the distinct
/// characters (so `abababab...` counts as a two-letter alphabet, a random hex string as 16).
package enum SecretStrength {
    package static let minimumLength = 16
    package static let minimumBits = 64

    package static func weakness(of secret: String) -> String? {
        let characters = Array(secret.unicodeScalars)
        if characters.count < minimumLength { return "shorter than \(minimumLength) characters" }
        let distinct = Set(characters)
        if distinct.count == 1 { return "one character repeated" }
        let bits = Int((Double(characters.count) * log2(Double(min(alphabet(distinct), 2 * distinct.count)))).rounded(.down))
        if bits < minimumBits { return "about \(bits) bits by a simple estimate, fewer than \(minimumBits)" }
        return nil
    }

    static func alphabet(_ characters: Set<Unicode.Scalar>) -> Int {
        // Hex in one case: 16, whatever the letters it happens to use.
        let letters = characters.filter { !("0"..."9").contains($0) }
        if !letters.isEmpty, characters.allSatisfy(\.properties.isASCIIHexDigit),
           letters.allSatisfy({ ("a"..."f").contains($0) }) || letters.allSatisfy({ ("A"..."F").contains($0) }) {
            return 16
        }
        var size = 0
        if characters.contains(where: { ("a"..."z").contains($0) }) { size += 26 }
        if characters.contains(where: { ("A"..."Z").contains($0) }) { size += 26 }
        if characters.contains(where: { ("0"..."9").contains($0) }) { size += 10 }
        if characters.contains(where: { $0.isASCII && !$0.properties.isAlphabetic && !("0"..."9").contains($0) }) { size += 33 }
        if characters.contains(where: { !$0.isASCII }) { size += 100 }
        return size
    }
}

extension NumwatchConfig {
    /// The warnings found when the file was read, and those about weak secrets read from the
    /// environment or files now (a secret that cannot be read is an error elsewhere, not here).
    package func warnings(environment: [String: String]) -> [ConfigWarning] {
        var found = fileWarnings
        func check(_ secret: @autoclosure () throws -> String?, what: String, key: String, line: Int?) {
            guard let secret = try? secret(), let weakness = SecretStrength.weakness(of: secret) else { return }
            found.append(ConfigWarning(file: file, line: line, key: key, message: "the \(what) is weak: \(weakness)"))
        }
        for provider in providers {
            check(try token(of: provider, environment: environment)?.value, what: "provider token", key: tokenKey(of: provider),
                  line: tokenPlaces[provider.id]?.line)
        }
        if let callback {
            check(try callback.resolveSecret(environment: environment), what: "callback secret",
                  key: callback.secretFile == nil ? "callback.secret_env" : "callback.secret_file", line: callback.line)
        }
        if let auth = http.auth, let credentials = try? auth.resolve(environment: environment) {
            check(credentials.basic?.password, what: "HTTP password",
                  key: auth.passwordFile == nil ? "http.auth.password_env" : "http.auth.password_file", line: auth.passwordLine)
            check(credentials.bearerToken, what: "HTTP bearer token",
                  key: auth.bearerTokenFile == nil ? "http.auth.bearer_token_env" : "http.auth.bearer_token_file", line: auth.bearerTokenLine)
        }
        for (index, hook) in webhooks.enumerated() where hook.secret != nil || hook.secretEnv != nil || hook.secretFile != nil {
            check(try hook.resolveSecret(environment: environment), what: "webhook secret",
                  key: "webhooks[\(index)].\(hook.secretKey)", line: hook.secretLine)
        }
        return sortedByLine(found, line: \.line)
    }

    /// The webhooks with their secrets read (from `secret_env` / `secret_file`), every problem reported.
    package func resolvingWebhookSecrets(environment: [String: String]) throws(ConfigErrors) -> [WebhookConfig] {
        var errors: [ConfigError] = []
        var resolved = webhooks
        for index in resolved.indices {
            do throws(ConfigErrors) {
                resolved[index].secret = try resolved[index].resolveSecret(environment: environment)
            } catch {
                errors += error.errors
            }
        }
        guard errors.isEmpty else { throw ConfigErrors(errors) }
        return resolved
    }
}

extension WebhookConfig {
    /// The HMAC key: inline, or read from `secret_env` / `secret_file`; nil when unsigned.
    package func resolveSecret(environment: [String: String]) throws(ConfigErrors) -> String? {
        guard secretEnv != nil || secretFile != nil else { return secret }
        return try readSecret(
            section: configPath.isEmpty ? "webhooks" : configPath, envKey: "secret_env", fileKey: "secret_file", env: secretEnv ?? "", file: secretFile,
            what: "webhook secret", line: secretLine, configFile: configFile, environment: environment)
    }

    /// Which key holds the secret: `secret`, `secret_env` or `secret_file`.
    var secretKey: String { secretFile != nil ? "secret_file" : secretEnv != nil ? "secret_env" : "secret" }
}

/// Whether `host` (as in `http.listen` or a URL) is this machine only.
func isLoopback(_ host: String) -> Bool {
    let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    if bare.lowercased() == "localhost" || bare == "::1" { return true }
    let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
}
