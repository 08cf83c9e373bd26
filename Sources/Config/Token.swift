import Foundation

extension ProviderConfig {
    /// The provider token, from `token_file` (trimmed) or the environment variable `token_env`.
    ///
    /// Read at start-up rather than at parse time so that `check-config` works without the secret.
    /// Errors name the config file, line and key; they never hold the token, nor the token file's
    /// path (a token pasted into `token_file` by mistake must not reach a log).
    public func resolveToken(environment: [String: String]) throws(ConfigErrors) -> String {
        func fail(_ key: String, _ message: String) -> ConfigErrors {
            ConfigErrors([ConfigError(file: configFile.isEmpty ? "configuration" : configFile, line: tokenLine,
                                      key: "provider.\(key)", message: message)])
        }
        let token: String
        if let tokenFile {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: tokenFile, isDirectory: &isDirectory) else {
                throw fail("token_file", "cannot read the token file: no such file")
            }
            guard !isDirectory.boolValue else { throw fail("token_file", "cannot read the token file: it is a directory") }
            guard let data = FileManager.default.contents(atPath: tokenFile), let text = String(data: data, encoding: .utf8) else {
                throw fail("token_file", "cannot read the token file: permission denied or not UTF-8 text")
            }
            token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw fail("token_file", "the token file is empty") }
            guard !token.contains(where: { $0.isNewline }) else {
                throw fail("token_file", "the token file holds more than one line; expected just the token")
            }
        } else {
            token = environment[tokenEnv]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !token.isEmpty else {
                throw fail("token_env", "environment variable \(tokenEnv) is not set or empty")
            }
        }
        return token
    }
}
