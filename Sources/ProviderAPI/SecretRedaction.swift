import Domain

/// Replaces secrets (the token, a callback URL and its secret) in text the provider wrote, in
/// whatever encoding the provider wrote them: as given, JSON-escaped (`http:\/\/host`, PHP's
/// default, or `\u002F`), percent-encoded (`%2F` or `%2f`), any mix of those, or the secret's
/// bytes as hex in either case. An exact match alone misses the escaped forms, and a raw answer
/// is stored, shown by the CLI and carried into backups.
///
/// Matching is done scalar by scalar (see `replacingScalars(of:with:in:)` for why not Foundation's).
package struct SecretRedactor: Sendable {
    struct Secret: Sendable {
        let scalars: [Unicode.Scalar]
        let replacement: String
        /// The hex form: its letters match in either case.
        let anyCase: Bool
    }

    /// Shorter than this, a "secret" would only mangle ordinary words if replaced.
    package static let minimumLength = 6
    let secrets: [Secret]

    /// `secrets`: each value with what replaces it. Where one contains another (a URL and its
    /// secret segment), the longer match wins.
    package init(_ secrets: [(value: String, replacement: String)]) {
        self.secrets = secrets.filter { $0.value.unicodeScalars.count >= Self.minimumLength }.flatMap { value, replacement in
            let hex = value.utf8.map { byte in String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16) }.joined()
            return [Secret(scalars: Array(value.unicodeScalars), replacement: replacement, anyCase: false),
                    Secret(scalars: Array(hex.unicodeScalars), replacement: replacement, anyCase: true)]
        }
    }

    /// The provider token, replaced by `<redacted>`.
    package init(token: String) {
        self.init([(token, "<redacted>")])
    }

    /// These secrets and `more`.
    package func adding(_ more: [(value: String, replacement: String)]) -> SecretRedactor {
        SecretRedactor(secrets: secrets + SecretRedactor(more).secrets)
    }

    private init(secrets: [Secret]) {
        self.secrets = secrets
    }

    /// A take's callback URL and the secret in its last path segment: the provider may echo
    /// either, whole or in part. A segment shorter than a callback secret's 16 characters is no
    /// secret (`callback`, a host name) and is left alone.
    package static func callback(_ url: String) -> [(value: String, replacement: String)] {
        let segment = url.split(separator: "/").last.map(String.init) ?? ""
        return [(url, "<callback URL>")] + (segment.count >= 16 ? [(segment, "<redacted>")] : [])
    }

    package var isEmpty: Bool { secrets.isEmpty }

    package func redact(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        let haystack = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < haystack.count {
            var best: (length: Int, replacement: String)?
            for secret in secrets {
                if let length = Self.match(secret, in: haystack, at: i), length > (best?.length ?? 0) {
                    best = (length, secret.replacement)
                }
            }
            if let best {
                out.append(contentsOf: best.replacement.unicodeScalars)
                i += best.length
            } else {
                out.append(haystack[i])
                i += 1
            }
        }
        return String(out)
    }

    /// The length of the longest encoding of `secret` starting at `start`, or nil. Each of the
    /// secret's scalars may be written in any of its forms, so every position reachable after
    /// the scalars so far is followed (a `%` in the secret may be `%` or `%25`).
    ///
    /// A text that ends inside the secret, after at least `minimumLength` of its scalars, matches
    /// to its end: an answer the provider cut off (or an excerpt cut by numwatch) must not keep
    /// the secret's first characters.
    static func match(_ secret: Secret, in text: [Unicode.Scalar], at start: Int) -> Int? {
        var reachable: Set<Int> = [start]
        for (matched, scalar) in secret.scalars.enumerated() {
            var next = Set<Int>()
            for position in reachable {
                for form in forms(of: scalar) {
                    if let end = Self.end(of: form, in: text, at: position, anyCase: secret.anyCase) { next.insert(end) }
                }
            }
            guard !next.isEmpty else {
                return matched >= minimumLength && reachable.contains(text.count) ? text.count - start : nil
            }
            reachable = next
        }
        return reachable.max().map { $0 - start }
    }

    /// A form is scalars to match; `escape` forms (hex digits after `%` or `\u`) match in either case.
    struct Form {
        let scalars: [Unicode.Scalar]
        let escape: Bool
    }

    static func forms(of scalar: Unicode.Scalar) -> [Form] {
        var forms = [Form(scalars: [scalar], escape: false)]
        if scalar == "/" || scalar == "\"" || scalar == "\\" { forms.append(Form(scalars: ["\\", scalar], escape: false)) }
        // JSON's \uXXXX, a surrogate pair beyond the BMP.
        let units = String(scalar).utf16.map { "\\u" + hex($0, digits: 4) }.joined()
        forms.append(Form(scalars: Array(units.unicodeScalars), escape: true))
        let percent = String(scalar).utf8.map { "%" + hex(UInt16($0), digits: 2) }.joined()
        forms.append(Form(scalars: Array(percent.unicodeScalars), escape: true))
        return forms
    }

    private static func hex(_ value: UInt16, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    private static func end(of form: Form, in text: [Unicode.Scalar], at position: Int, anyCase: Bool) -> Int? {
        guard position + form.scalars.count <= text.count else { return nil }
        for (offset, expected) in form.scalars.enumerated() {
            let actual = text[position + offset]
            if actual == expected { continue }
            guard form.escape || anyCase, lowercased(actual) == lowercased(expected) else { return nil }
        }
        return position + form.scalars.count
    }

    /// ASCII letters only: hex digits and `\u` are ASCII, and other scalars must match exactly.
    private static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (65...90).contains(scalar.value) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }
}
