/// A plain-text table that lines up in a terminal, also with Persian text: widths count what a
/// terminal draws (combining marks and format characters such as ZWNJ take no column).
package struct TextTable {
    package enum Alignment { case left, right }

    package let headers: [String]
    package let alignments: [Alignment]
    package private(set) var rows: [[String]] = []

    package init(_ headers: [String], alignments: [Alignment]) {
        self.headers = headers
        self.alignments = alignments
    }

    /// The widest a cell is drawn: a provider's 10 KB name must not push every line off the screen.
    package static let maxCellWidth = 60

    package mutating func append(_ row: [String]) { rows.append(row.map { Self.truncated(terminalSafe($0)) }) }

    /// `text` cut to `maxCellWidth` columns, whole characters only, ending in `…` when cut.
    static func truncated(_ text: String, to limit: Int = maxCellWidth) -> String {
        guard displayWidth(text) > limit else { return text }
        var kept = ""
        var width = 0
        for character in text {
            let next = displayWidth(String(character))
            guard width + next <= limit - 1 else { break }
            kept.append(character)
            width += next
        }
        return kept + "…"
    }

    package func render() -> String {
        let all = [headers] + rows
        let widths = headers.indices.map { column in all.map { Self.displayWidth($0[column]) }.max() ?? 0 }
        var lines: [String] = []
        for (index, row) in all.enumerated() {
            let cells = row.indices.map { column -> String in
                let pad = String(repeating: " ", count: widths[column] - Self.displayWidth(row[column]))
                let isLast = column == row.count - 1
                switch alignments[column] {
                case .left: return isLast ? row[column] : row[column] + pad
                case .right: return pad + row[column]
                }
            }
            lines.append(cells.joined(separator: "  "))
            if index == 0 {
                lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
            }
        }
        return lines.joined(separator: "\n")
    }

    package static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .control: width
            default: width + (isWide(scalar) ? 2 : 1)
            }
        }
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v) || (0x1F300...0x1FAFF).contains(v)
    }
}

