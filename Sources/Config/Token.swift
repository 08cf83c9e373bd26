import Foundation

extension ProviderConfig {
    /// The provider token, from `token_file` (trimmed) or the environment variable `token_env`.
    ///
    /// Read at start-up rather than at parse time so that `check-config` works without the secret.
    public func resolveToken(environment: [String: String]) throws(ConfigErrors) -> String {
        try readSecret(
            section: "provider", envKey: "token_env", fileKey: "token_file", env: tokenEnv, file: tokenFile,
            what: "token", line: tokenLine, configFile: configFile, environment: environment)
    }
}

extension CallbackConfig {
    /// The callback secret, from `secret_file` or the environment variable `secret_env`: the
    /// path `/callback/<secret>` is the push's only authentication, so it must be long.
    public func resolveSecret(environment: [String: String]) throws(ConfigErrors) -> String {
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
    if let file {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw fail(fileKey, "cannot read the \(what) file: no such file")
        }
        guard !isDirectory.boolValue else { throw fail(fileKey, "cannot read the \(what) file: it is a directory") }
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw fail(fileKey, "cannot read the \(what) file: permission denied or not UTF-8 text")
        }
        secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !secret.isEmpty else { throw fail(fileKey, "the \(what) file is empty") }
        guard !secret.contains(where: { $0.isNewline }) else {
            throw fail(fileKey, "the \(what) file holds more than one line; expected just the \(what)")
        }
    } else {
        secret = environment[env]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !secret.isEmpty else {
            throw fail(envKey, "environment variable \(env) is not set or empty")
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
