// Provider text, push fields and request values reach terminals and text log lines; there a raw
// ESC recolours the screen, a CR or LF forges a line, a bidi override reorders what is read.

/// `text` with C0 and C1 control characters, DEL, bidi overrides and isolates, and line and
/// paragraph separators written as `\u{…}` (`\n`, `\r` and `\t` as such); backslashes and
/// quotes too when `quotes`. What a terminal or a text log line must never get raw.
package func escapingControls(_ text: String, quotes: Bool = false) -> String {
    var out = ""
    out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\\" where quotes: out += "\\\\"
        case "\"" where quotes: out += "\\\""
        case _ where isUnsafeForTerminals(scalar): out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// C0, DEL, C1, the bidi embeddings, overrides and isolates, LRM/RLM/ALM, U+2028/U+2029, and
/// the invisible ones that hide or join text unseen: zero-width space, word joiner and invisible
/// operators, the BOM, interlinear annotations and tag characters.
package func isUnsafeForTerminals(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: true
    case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
    case 0x200B, 0x2060...0x2064, 0xFEFF, 0xFFF9...0xFFFB, 0xE0000...0xE007F: true
    default: false
    }
}
