import Foundation

/// The fields of a form body, in order, as `application/x-www-form-urlencoded` or
/// `multipart/form-data` sends them. nil for a body that is not one (bad percent escapes, text
/// that is not UTF-8, a multipart body without its boundary), or one over `maxFields`.
enum FormFields {
    /// A push is one number with a few messages: some forty fields. Far more is not the provider.
    static let maxFields = 512

    /// `a=1&b%5B0%5D=x+y`: `+` is a space, `%XX` a byte of UTF-8.
    static func urlEncoded(_ body: [UInt8]) -> [(name: String, value: String)]? {
        guard let text = String(validating: body, as: UTF8.self) else { return nil }
        var fields: [(name: String, value: String)] = []
        for piece in text.split(separator: "&", omittingEmptySubsequences: true) {
            guard fields.count < maxFields else { return nil }
            let pair = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = unescape(pair[0]), let value = pair.count > 1 ? unescape(pair[1]) : "" else { return nil }
            fields.append((name, value))
        }
        return fields
    }

    private static func unescape(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The boundary of a `multipart/form-data` content type (`; boundary=...`, quoted or not).
    static func boundary(contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            // RFC 2046: 1 to 70 characters.
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// Each part's `name` (from `Content-Disposition: form-data; name="..."`) and its body as
    /// text. Parts without a name are skipped; a part that is not UTF-8 makes the body unreadable.
    static func multipart(_ body: [UInt8], boundary: String) -> [(name: String, value: String)]? {
        let delimiter = Array("--\(boundary)".utf8)
        let crlf: [UInt8] = [13, 10]
        guard var start = body.firstRange(of: delimiter)?.upperBound else { return nil }
        var fields: [(name: String, value: String)] = []
        while true {
            let rest = body[start...]
            if rest.starts(with: [45, 45]) { return fields }  // "--": the closing delimiter
            // The part begins after the CRLF that ends the delimiter line, and the next delimiter
            // is searched from there: `--X\r\n--X--` has no part, not one ending before it starts.
            guard rest.starts(with: crlf), let end = body[(start + 2)...].firstRange(of: crlf + delimiter) else { return nil }
            let part = body[(start + 2)..<end.lowerBound]
            guard let headEnd = part.firstRange(of: crlf + crlf) else { return nil }
            guard let head = String(validating: part[..<headEnd.lowerBound], as: UTF8.self),
                  let value = String(validating: part[headEnd.upperBound...], as: UTF8.self) else { return nil }
            if let name = fieldName(head) {
                guard fields.count < maxFields else { return nil }
                fields.append((name, value))
            }
            start = end.upperBound
        }
    }

    /// `name` of the part's `Content-Disposition` header.
    static func fieldName(_ head: String) -> String? {
        for line in head.split(separator: "\r\n") {
            let header = line.split(separator: ":", maxSplits: 1)
            guard header.count == 2, header[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-disposition" else { continue }
            for parameter in header[1].split(separator: ";").dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "name" else { continue }
                let value = pair[1].trimmingCharacters(in: .whitespaces)
                guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else { return value }
                return String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
        }
        return nil
    }
}
