import Foundation

/// Why `text` is not an http(s) URL with a host, or `nil` if it is one: the one check of every URL
/// numwatch is given (the provider's, from the configuration or the CLI; webhooks; its own). The
/// reason never quotes the URL: a webhook URL's path or query may be its secret.
package func httpURLProblem(_ text: String) -> String? {
    guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
        return "expected an http(s) URL like https://example.org/, got text that is not a URL"
    }
    guard scheme == "http" || scheme == "https" else {
        return "expected an http(s) URL, got a URL with scheme \"\(scheme.prefix(20))\""
    }
    guard let host = components.host, !host.isEmpty else {
        return "expected an http(s) URL with a host, like https://example.org/"
    }
    return nil
}
