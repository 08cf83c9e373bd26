import Yams

/// Turns the text into a node tree, or into one `ConfigError` for a YAML syntax error.
///
/// Yams' marks are 1-based already (it adds 1 to libyaml's 0-based lines and columns). A node
/// is marked where it starts: a scalar on its own line, a block list or mapping under a key on
/// the line of its first entry (one below the key), a flow `[...]` where its bracket is.
enum YAMLDocument {
    static func compose(_ yaml: String, _ d: Diagnostics) -> Node? {
        var text = yaml
        for attempt in 0..<1_000 {
            do {
                return try Yams.compose(yaml: text, .default, .default, .utf8)
            } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
                guard let renamed = DuplicateKeys.rename(duplicates.sorted().first ?? "", at: context.mark, in: text, attempt: attempt) else {
                    let names = duplicates.sorted().joined(separator: ", ")
                    d.report(names, line: context.mark.line, "duplicate key")
                    return nil
                }
                text = renamed
            } catch let error as YamlError {
                report(error, yaml: yaml, d)
                return nil
            } catch {
                d.report("", line: nil, "cannot parse the YAML: \(error)")
                return nil
            }
        }
        d.report("", line: nil, "too many duplicate keys")
        return nil
    }

    /// The line of the first character YAML does not allow in a document (libyaml's reader
    /// sometimes names no offset for one, such as U+FFFF): tab, line breaks, printable ASCII,
    /// NEL and the rest of Unicode but surrogates, U+FFFE and U+FFFF are allowed.
    static func firstUnreadableLine(_ yaml: String) -> Int? {
        var line = 1
        for scalar in yaml.unicodeScalars {
            switch scalar.value {
            case 0x0A: line += 1
            case 0x09, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: continue
            default: return line
            }
        }
        return nil
    }

    private static func report(_ error: YamlError, yaml: String, _ d: Diagnostics) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context { message += " (\(context.text), line \(context.mark.line))" }
            if lineText(mark.line, of: yaml).prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
                message += "; indent with spaces, not tabs"
            }
            d.report("", line: mark.line, message)
        case let .composer(_, problem, mark, _):
            d.report("", line: mark.line, problem == "but found another document"
                ? "YAML error: a second document starts here; the configuration is one document" : "YAML error: \(problem)")
        case let .reader(problem, offset, _, _):
            let line = offset.map { yaml.prefix($0).reduce(1) { $1 == "\n" || $1 == "\r\n" ? $0 + 1 : $0 } } ?? firstUnreadableLine(yaml)
            d.report("", line: line, "cannot read the text: \(problem)")
        default:
            d.report("", line: nil, "cannot parse the YAML: \(error)")
        }
    }

    private static func lineText(_ line: Int, of yaml: String) -> Substring {
        let lines = yaml.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        return line >= 1 && line <= lines.count ? lines[line - 1] : ""
    }
}

/// Yams refuses a mapping with a repeated key outright, naming only the first occurrence, and
/// parses nothing else. To point at the repeat and still check the rest of the file, the first
/// occurrence is renamed in the text with a marker (on its own line: no line moves) and parsing
/// retried; `Value.fields` strips the marker and reports the repeat where it is.
enum DuplicateKeys {
    private static let prefix = "__numwatch_dup_"

    static func originalName(_ key: String) -> String {
        guard key.hasPrefix(prefix), let end = key.dropFirst(prefix.count).range(of: "__") else { return key }
        return String(key[end.upperBound...])
    }

    /// The text with the key at `mark` renamed, or `nil` if the key is not found there as written.
    static func rename(_ name: String, at mark: Mark, in text: String, attempt: Int) -> String? {
        guard !name.isEmpty else { return nil }
        var scalars = Array(text.unicodeScalars)
        // libyaml counts "\r\n", "\r" and "\n" as one line break each, and columns in scalars.
        var line = 1
        var index = 0
        while line < mark.line, index < scalars.count {
            if scalars[index] == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
            if scalars[index] == "\n" || scalars[index] == "\r" { line += 1 }
            index += 1
        }
        var start = index + mark.column - 1
        guard line == mark.line, start < scalars.count else { return nil }
        if scalars[start] == "\"" || scalars[start] == "'" { start += 1 }
        let nameScalars = Array(name.unicodeScalars)
        guard start + nameScalars.count <= scalars.count, Array(scalars[start..<start + nameScalars.count]) == nameScalars else {
            return nil
        }
        scalars.insert(contentsOf: "\(prefix)\(attempt)__".unicodeScalars, at: start)
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }
}
