/// Where one secret is read from: `<name>_env` or `<name>_file`, at most one of them.
struct SecretSource {
    var env: String?
    /// Resolved against the configuration file's directory.
    var file: String?
    /// The line of the key given (of `<name>_file` when both are).
    var line: Int?
}

extension Settings {
    static let httpAuthKeys = ["username", "password_env", "password_file", "bearer_token_env", "bearer_token_file"]

    /// `envKey` / `fileKey` of `f`. A bad variable name is not quoted back: a secret pasted there by
    /// mistake must not end up in a log.
    static func secretSource(
        _ f: Fields, env envKey: String, file fileKey: String, example: String, what: String, configFile: String, _ d: Diagnostics
    ) -> SecretSource {
        var source = SecretSource()
        if let env = f[envKey], let file = f[fileKey] {
            d.report(file.path, line: file.line, "give \(envKey) or \(fileKey), not both (\(envKey) is on line \(env.line ?? 0))")
        }
        if let v = f[envKey] {
            source.line = v.line
            if let name = v.text(d, expected: "the name of an environment variable") {
                if isEnvironmentName(name) { source.env = name } else {
                    d.report(v.path, line: v.line, "expected the name of an environment variable like \(example)"
                        + " (A-Z, 0-9 and _; the value is not shown in case it is the \(what) itself)")
                }
            }
        }
        if let v = f[fileKey] {
            source.line = v.line
            if let path = v.nonEmptyText(d, expected: "a file path") { source.file = resolvePath(path, relativeTo: configFile) }
        }
        return source
    }

    /// `http.auth`: basic needs a username and a password source, bearer a token source; an
    /// `auth:` with neither is a mistake (leaving it out is how to have no authentication).
    static func httpAuth(_ value: Value, file: String, _ d: Diagnostics) -> HTTPAuthConfig? {
        guard let f = value.fields(d, allowed: httpAuthKeys) else { return nil }
        var config = HTTPAuthConfig(configFile: file)
        if let v = f["username"], let name = v.nonEmptyText(d, expected: "a user name") {
            // Basic sends `user:password`: a colon would move the split; control characters break the header.
            if name.contains(":") || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                d.report(v.path, line: v.line, "a user name may not hold a colon or control characters")
            } else {
                config.username = name
            }
        }
        let password = secretSource(f, env: "password_env", file: "password_file", example: "NUMWATCH_HTTP_PASSWORD", what: "password",
                                    configFile: file, d)
        (config.passwordEnv, config.passwordFile, config.passwordLine) = (password.env, password.file, password.line)
        let token = secretSource(f, env: "bearer_token_env", file: "bearer_token_file", example: "NUMWATCH_HTTP_TOKEN", what: "token",
                                 configFile: file, d)
        (config.bearerTokenEnv, config.bearerTokenFile, config.bearerTokenLine) = (token.env, token.file, token.line)

        let passwordKey = f["password_env"] ?? f["password_file"]
        if let user = f["username"], passwordKey == nil {
            d.report(user.path, line: user.line, "basic authentication needs password_env or password_file too")
        }
        if let passwordKey, f["username"] == nil {
            d.report(passwordKey.path, line: passwordKey.line, "basic authentication needs a username too")
        }
        if f.entries.isEmpty {
            d.report(value.path, line: value.line, "give username with password_env or password_file (basic), bearer_token_env or"
                + " bearer_token_file (bearer), or both; leave auth out for no authentication")
        }
        return config
    }
}
