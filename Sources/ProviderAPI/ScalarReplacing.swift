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
