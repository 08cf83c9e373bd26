import Foundation

/// The key the ledger counts an account's takes and checks under: the provider's base URL with
/// the scheme and host lower-cased, a default port and trailing slashes dropped, so
/// `https://H/` and `https://h` are one account (two keys would each allow a full day's takes).
///
/// Not the token: a rotated token is the same account, and counting it apart would be the unsafe
/// mistake.
package func providerAccountKey(baseURL: String) -> String {
    let trimmed = baseURL.trimmingCharacters(in: .whitespaces)
    guard let schemeEnd = trimmed.range(of: "://") else { return trimmed.lowercased() }
    let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
    let rest = trimmed[schemeEnd.upperBound...]
    let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
    var host = rest[..<hostEnd].lowercased()
    if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }  // never key on credentials
    if (scheme == "https" && host.hasSuffix(":443")) || (scheme == "http" && host.hasSuffix(":80")) {
        host = String(host[..<host.lastIndex(of: ":")!])
    }
    var path = String(rest[hostEnd...].prefix { $0 != "?" && $0 != "#" })
    while path.hasSuffix("/") { path.removeLast() }
    return "\(scheme)://\(host)\(path)"
}
