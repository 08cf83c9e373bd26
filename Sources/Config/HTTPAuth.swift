import Foundation

/// `http.auth:` — who may read the report, the JSON API and /metrics. The file names where the
/// secrets are (an environment variable or a file), never the secrets themselves, like the
/// provider token: a configuration is copied, pasted and committed more often than a secret.
///
/// Basic is on with `username` and `password_env` / `password_file`; bearer with
/// `bearer_token_env` / `bearer_token_file`; either, or both.
package struct HTTPAuthConfig: Sendable, Equatable {
    package static let minimumPasswordLength = 8
    /// A bearer token is typed by no one (Prometheus reads it from a file): it can be long.
    package static let minimumTokenLength = 16

    package var username: String?
    package var passwordEnv: String?
    package var passwordFile: String?
    /// The line of `password_env` / `password_file`, so errors found at start-up point into the file.
    package var passwordLine: Int?
    package var bearerTokenEnv: String?
    package var bearerTokenFile: String?
    package var bearerTokenLine: Int?
    /// The configuration file (as given), for errors. Empty when built in code.
    package var configFile: String

    package init(
        username: String? = nil, passwordEnv: String? = nil, passwordFile: String? = nil, passwordLine: Int? = nil,
        bearerTokenEnv: String? = nil, bearerTokenFile: String? = nil, bearerTokenLine: Int? = nil, configFile: String = ""
    ) {
        self.username = username
        self.passwordEnv = passwordEnv
        self.passwordFile = passwordFile
        self.passwordLine = passwordLine
        self.bearerTokenEnv = bearerTokenEnv
        self.bearerTokenFile = bearerTokenFile
        self.bearerTokenLine = bearerTokenLine
        self.configFile = configFile
    }

    /// Reads the password and the token (at start-up, like the provider token). Every problem is
    /// reported, none quotes a secret.
    package func resolve(environment: [String: String]) throws(ConfigErrors) -> HTTPCredentials {
        var errors: [ConfigError] = []
        func read(env: String?, file: String?, line: Int?, prefix: String, what: String, rule: SecretRule) -> String? {
            guard env != nil || file != nil else { return nil }
            do {
                return try readSecret(
                    section: "http.auth", envKey: "\(prefix)_env", fileKey: "\(prefix)_file", env: env ?? "", file: file, what: what,
                    line: line, configFile: configFile, environment: environment, rule: rule)
            } catch {
                errors += error.errors
                return nil
            }
        }
        let password = read(env: passwordEnv, file: passwordFile, line: passwordLine, prefix: "password", what: "password",
                            rule: SecretRule(minimumLength: Self.minimumPasswordLength))
        let token = read(
            env: bearerTokenEnv, file: bearerTokenFile, line: bearerTokenLine, prefix: "bearer_token", what: "bearer token",
            rule: SecretRule(
                minimumLength: Self.minimumTokenLength, isValid: HTTPCredentials.isToken68,
                whatIsValid: "the bearer token may hold only A-Z, a-z, 0-9 and - . _ ~ + / (then = at the end), e.g. from `openssl rand -hex 32`"))
        guard errors.isEmpty else { throw ConfigErrors(errors) }
        let basic = username.flatMap { user in password.map { HTTPCredentials.Basic(username: user, password: $0) } }
        return HTTPCredentials(basic: basic, bearerToken: token)
    }
}

/// The resolved secrets of `http.auth`. Never printed: `description` names what is on, nothing more.
package struct HTTPCredentials: Sendable, CustomStringConvertible {
    package struct Basic: Sendable, CustomStringConvertible {
        package let username: String
        package let password: String
        package init(username: String, password: String) {
            self.username = username
            self.password = password
        }
        package var description: String { "basic (\(username))" }
    }

    package let basic: Basic?
    package let bearerToken: String?

    package init(basic: Basic?, bearerToken: String?) {
        self.basic = basic
        self.bearerToken = bearerToken
    }

    package var description: String {
        [basic?.description, bearerToken.map { _ in "bearer" }].compactMap { $0 }.joined(separator: " and ")
    }

    /// RFC 7235's token68, what a bearer token may be on the wire (`Authorization: Bearer <token68>`).
    static func isToken68(_ text: String) -> Bool {
        let body = text.reversed().drop { $0 == "=" }
        return !body.isEmpty && body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~+/".contains($0)) }
    }
}
