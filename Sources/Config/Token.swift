import Domain
import Foundation

extension NumwatchConfig {
    /// The provider token, from `token_file` (trimmed) or the environment variable `token_env`.
    ///
    /// Read at start-up rather than at parse time so that `check-config` works without the secret.
    package func providerToken(environment: [String: String]) throws(ConfigErrors) -> ProviderToken {
        let (env, path): (String, String?) = switch provider.token ?? .environment(ProviderSettings.defaultTokenVariable) {
        case let .environment(name): (name, nil)
        case let .file(path): ("", path)
        }
        return ProviderToken(try readSecret(
            section: "provider", envKey: "token_env", fileKey: "token_file", env: env, file: path,
            what: "token", line: providerTokenLine, configFile: file, environment: environment))
    }

    /// `provider.token_env` or `provider.token_file`: the key the token is read from.
    package var providerTokenKey: String {
        if case .file = provider.token { "provider.token_file" } else { "provider.token_env" }
    }
}

extension NumwatchConfig {
    /// The URL every take passes as its callback (`<public_url>/callback/<secret>`), the secret
    /// read now; nil without `callback.public_url` (the secret is then not needed, nor read).
    package func takeCallbackURL(environment: [String: String]) throws(ConfigErrors) -> String? {
        guard let callback, callback.publicURL != nil else { return nil }
        return callback.takeCallbackURL(secret: try callback.resolveSecret(environment: environment))
    }
}

extension CallbackConfig {
    /// The callback secret, from `secret_file` or the environment variable `secret_env`: the
    /// path `/callback/<secret>` is the push's only authentication, so it must be long.
    package func resolveSecret(environment: [String: String]) throws(ConfigErrors) -> String {
        try readSecret(
            section: "callback", envKey: "secret_env", fileKey: "secret_file", env: secretEnv, file: secretFile,
            what: "callback secret", line: line, configFile: configFile, environment: environment,
            rule: SecretRule(
                minimumLength: Self.minimumSecretLength,
                whyThatLong: " (anyone who guesses it can write SMS into the ledger), e.g. from `openssl rand -hex 24`",
                isValid: { $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") } },
                whatIsValid: "the callback secret may hold only A-Z, a-z, 0-9, - and _ (it is a URL path segment)"))
    }
}

/// A secret from a file (trimmed, one line) or an environment variable. Errors name the config
/// file, line and key; they never hold the secret, nor the file's path (a secret pasted into the
/// path by mistake must not reach a log).
func readSecret(
    section: String, envKey: String, fileKey: String, env: String, file: String?, what: String, line: Int?,
    configFile: String, environment: [String: String], rule: SecretRule = SecretRule()
) throws(ConfigErrors) -> String {
    func fail(_ key: String, _ message: String) -> ConfigErrors {
        ConfigErrors([ConfigError(file: configFile.isEmpty ? "configuration" : configFile, line: line,
                                  key: "\(section).\(key)", message: message)])
    }
    let secret: String
    do {
        secret = try (file.map(SecretLocation.file) ?? .environment(env)).read(environment: environment)
    } catch {
        switch error {
        case .notSet: throw fail(envKey, "environment variable \(env) is not set or empty")
        case .noSuchFile: throw fail(fileKey, "cannot read the \(what) file: no such file")
        case .directory: throw fail(fileKey, "cannot read the \(what) file: it is a directory")
        case .unreadable: throw fail(fileKey, "cannot read the \(what) file: permission denied or not UTF-8 text")
        case .empty: throw fail(fileKey, "the \(what) file is empty")
        case .severalLines: throw fail(fileKey, "the \(what) file holds more than one line; expected just the \(what)")
        }
    }
    let key = file == nil ? envKey : fileKey
    guard secret.count >= rule.minimumLength else {
        throw fail(key, "the \(what) is \(secret.count) characters; it needs at least \(rule.minimumLength)\(rule.whyThatLong)")
    }
    guard rule.isValid(secret) else { throw fail(key, rule.whatIsValid) }
    return secret
}

/// What a secret must be besides not empty: long enough, and (for some) made of certain characters.
struct SecretRule {
    var minimumLength = 1
    /// Appended to the too-short message.
    var whyThatLong = ""
    var isValid: (String) -> Bool = { _ in true }
    /// The message when `isValid` refuses it.
    var whatIsValid = ""
}
