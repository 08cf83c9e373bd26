/// `text` as a JSON string literal: quotes and backslashes escaped, every control character (and
/// U+2028/U+2029, which some JavaScript readers take as line ends) as an escape, so the result is
/// always one line. For the JSON numwatch writes by hand, where the order of keys matters (the
/// simulator's answers, as the provider's samples) or a line must never break (JSON logs).
package func jsonQuoted(_ text: String) -> String {
    var out = "\""
    out.reserveCapacity(text.utf8.count + 2)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default:
            out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
