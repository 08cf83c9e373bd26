import AsyncHTTPClient
import Foundation
import ProviderAPI

/// Where the provider is and how to authenticate, for the one-shot commands: from flags, the
/// environment (`NUMWATCH_BASE_URL`, `NUMWATCH_TOKEN`) or a token file.
public struct ProviderSettings: Sendable {
    public var baseURL: String
    public var token: ProviderToken
    public var timeoutSeconds: Double

    public init(baseURL: String, token: ProviderToken, timeoutSeconds: Double = 10) {
        self.baseURL = baseURL
        self.token = token
        self.timeoutSeconds = timeoutSeconds
    }

    /// Resolves flags over environment. Never echoes the token in an error.
    public static func resolve(
        baseURL: String?, tokenFile: String?, timeoutSeconds: Double = 10,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ProviderSettings {
        guard let base = baseURL ?? environment["NUMWATCH_BASE_URL"], !base.isEmpty else {
            throw UsageError("no provider base URL: pass --base-url, set NUMWATCH_BASE_URL, or use --config")
        }
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw UsageError("--base-url: not an http(s) URL: \(base)")
        }
        let token: String
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw UsageError("--token-file: cannot read \(tokenFile)")
            }
            token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            token = environment["NUMWATCH_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        }
        guard !token.isEmpty else {
            throw UsageError("no provider token: set NUMWATCH_TOKEN or pass --token-file (or use --config)")
        }
        return ProviderSettings(baseURL: base, token: ProviderToken(token), timeoutSeconds: timeoutSeconds)
    }

    /// The database the CLI keeps its ledger in when no configuration names one: shared by every
    /// CLI run of this user, so a shell loop around `numwatch number check` is held to the poll
    /// interval and the daily take count is kept.
    public static var defaultDatabasePath: String {
        let env = ProcessInfo.processInfo.environment
        let root = env["XDG_STATE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/state")
        return root.appendingPathComponent("numwatch/numwatch.sqlite").path
    }

    public func makeClient(http: HTTPClient) -> ProviderClient {
        ProviderClient(
            configuration: .init(baseURL: baseURL, token: token, timeoutSeconds: timeoutSeconds),
            httpClient: http)
    }
}
