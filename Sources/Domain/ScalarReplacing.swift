/// `text` with each Unicode scalar that `replacement` maps replaced by what it returns (nil keeps
/// the scalar). Escaping provider text works on scalars, never on Characters: a quote or `<`
/// followed by a combining mark is one Character that compares unequal to the quote or `<`.
package func replacingScalars(in text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        if let replaced = replacement(scalar) { out.append(contentsOf: replaced.unicodeScalars) } else { out.append(scalar) }
    }
    return String(out)
}

/// `text` with every occurrence of `target` replaced by `replacement`, matched scalar for scalar
/// (left to right, occurrences do not overlap). For redacting secrets: Foundation's
/// `replacingOccurrences` compares with normalisation and skips ignorable scalars, so it can match
/// text that differs from `target` and, when `target` ends in one (a NUL, say) and `text` ends in
/// the rest of it, it reads past the end of `text` and traps.
package func replacingScalars(of target: String, with replacement: String, in text: String) -> String {
    let needle = Array(target.unicodeScalars)
    let haystack = Array(text.unicodeScalars)
    guard let first = needle.first, haystack.count >= needle.count else { return text }
    var out = String.UnicodeScalarView()
    var i = 0
    while i < haystack.count {
        if haystack[i] == first, i + needle.count <= haystack.count, haystack[i..<i + needle.count].elementsEqual(needle) {
            out.append(contentsOf: replacement.unicodeScalars)
            i += needle.count
        } else {
            out.append(haystack[i])
            i += 1
        }
    }
    return String(out)
}
