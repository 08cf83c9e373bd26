import Domain
import Foundation

extension NumwatchConfig {
    /// The token of the provider numbers are taken from (`provider`), from `token_file` (trimmed)
    /// or the environment variable `token_env`.
    ///
    /// Read at start-up rather than at parse time so that `check-config` works without the secret.
    package func providerToken(environment: [String: String]) throws(ConfigErrors) -> ProviderToken {
        try readToken(at: provider.token ?? .environment(ProviderSettings.defaultTokenVariable), of: provider, environment: environment)
    }

    /// The token of `provider` (one of `providers`), read now; nil for a provider without one (a
    /// fivesim provider's prices need none: its credit is then not sampled). Errors name the
    /// provider's key (`providers[2].token_env`) and line.
    package func token(of provider: ProviderSettings, environment: [String: String]) throws(ConfigErrors) -> ProviderToken? {
        guard let location = provider.token else { return nil }
        return try readToken(at: location, of: provider, environment: environment)
    }

    private func readToken(at location: SecretLocation, of provider: ProviderSettings, environment: [String: String]) throws(ConfigErrors) -> ProviderToken {
        let (env, path): (String, String?) = switch location {
        case let .environment(name): (name, nil)
        case let .file(path): ("", path)
        }
        let place = tokenPlace(of: provider)
        return ProviderToken(try readSecret(
            section: place.section, envKey: "token_env", fileKey: "token_file", env: env, file: path,
            what: "token", line: place.line, configFile: file, environment: environment))
    }

    /// Every provider's token, read now, each problem reported together (`check-config`, `serve`);
    /// a provider without a token has none in the result.
    package func providerTokens(environment: [String: String]) throws(ConfigErrors) -> [ProviderName: ProviderToken] {
        var tokens: [ProviderName: ProviderToken] = [:]
        var errors: [ConfigError] = []
        for provider in providers {
            do throws(ConfigErrors) {
                tokens[provider.id] = try token(of: provider, environment: environment)
            } catch {
                errors += error.errors
            }
        }
        guard errors.isEmpty else { throw ConfigErrors(errors) }
        return tokens
    }

    /// `provider.token_env` or `provider.token_file`: the key the token is read from.
    package var providerTokenKey: String { tokenKey(of: provider) }

    /// `providers[1].token_env` or `.token_file`: the key `provider`'s token is read from.
    package func tokenKey(of provider: ProviderSettings) -> String {
        let section = tokenPlace(of: provider).section
        if case .file = provider.token { return "\(section).token_file" } else { return "\(section).token_env" }
    }

    private func tokenPlace(of provider: ProviderSettings) -> TokenPlace {
        tokenPlaces[provider.id] ?? TokenPlace(section: providers.count == 1 ? "provider" : "providers")
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
