import Foundation

/// The hostile values of `Fixtures/hostile/values.txt`, read once: what every fuzz test sends.
enum HostileCorpus {
    static let values: [String] = {
        let url = Bundle.module.url(forResource: "Fixtures/hostile/values", withExtension: "txt")!
        let text = try! String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
            return parse(trimmed)
        }
    }()

    /// `"json string"` or `N × "json string"`. A line that is neither stops the tests: a corpus
    /// line that silently meant nothing would test nothing.
    static func parse(_ line: String) -> String {
        var count = 1
        var literal = Substring(line)
        if let times = line.range(of: " × ") {
            count = Int(line[..<times.lowerBound])!
            literal = line[times.upperBound...]
        }
        guard let value = try? JSONDecoder().decode(String.self, from: Data(literal.utf8)) else {
            preconditionFailure("hostile/values.txt: not a JSON string literal: \(line)")
        }
        return String(repeating: value, count: count)
    }

    /// A value as it goes into a URL: percent-encoded, so the server reads exactly the value.
    static func encoded(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    /// The forms a value takes in a URL: encoded, and as written when it is already URL text
    /// (`%00`, `%ff%fe`, `../`): what a client can send that no Swift string holds decoded.
    /// Only characters a request target may hold go raw: the HTTP parser drops a connection
    /// whose request line has others, before numwatch sees it.
    static func urlForms(_ value: String) -> [String] {
        let raw = value.unicodeScalars.allSatisfy { targetCharacters.contains($0) }
        return raw && encoded(value) != value ? [encoded(value), value] : [encoded(value)]
    }

    /// RFC 3986's unreserved and sub-delimiters, `:`, `@`, `/` and `%`, less the query's own `&` and `=`.
    static let targetCharacters = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        .union(CharacterSet(charactersIn: "-._~!$'()*+,;:@/%"))
}
