/// `host:port` as given to `--listen` or `http.listen` (`127.0.0.1:9464`, `[::1]:9464`, `:9464`).
package struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    package var host: String
    package var port: Int

    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `:port` means loopback: exposing the service takes an explicit `0.0.0.0`.
    package init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"),
              let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") || host.hasSuffix("]") {
            guard host.hasPrefix("["), host.hasSuffix("]"), host.count > 2 else { return nil }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") || host.contains(where: \.isWhitespace) {
            return nil
        }
        self.host = host.isEmpty ? "127.0.0.1" : host
        self.port = port
    }

    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    package var url: String { "http://\(description)/" }
}
