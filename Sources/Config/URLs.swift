import Foundation

/// `scheme://host[:port]/…`: what may be shown of a URL. User info, path, query and fragment are
/// dropped, since any of them may carry a secret (`/hooks/T0/B0/XXXX`, `?secret=...`).
func redactURL(_ text: String) -> String {
    guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
          let host = components.host, !host.isEmpty else { return "<invalid URL>" }
    let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    let port = components.port.map { ":\($0)" } ?? ""
    let hidden = !(components.percentEncodedPath.isEmpty || components.percentEncodedPath == "/")
        || components.percentEncodedQuery != nil || components.percentEncodedFragment != nil
    return "\(scheme)://\(shownHost)\(port)/\(hidden ? "…" : "")"
}

/// The parts of a URL that `redactURL` hides, to scrub from messages: user, password, path,
/// query and fragment (whole: single path words like `services` are too common to scrub), or the
/// whole text if it is not a URL.
func sensitiveParts(ofURL text: String) -> [String] {
    guard let c = URLComponents(string: text), c.scheme != nil, c.host != nil else { return [text] }
    return [c.percentEncodedUser, c.percentEncodedPassword, c.percentEncodedQuery, c.percentEncodedFragment,
            c.percentEncodedPath, c.path].compactMap { $0 }
}
