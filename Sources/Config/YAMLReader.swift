import Domain
import Yams

/// Collects every problem found in one file instead of stopping at the first.
final class Diagnostics {
    let file: String
    private var found: [ConfigError] = []

    init(file: String) {
        self.file = file
    }

    func report(_ key: String, line: Int?, _ message: String) {
        found.append(ConfigError(file: file, line: line, key: key, message: message))
    }

    var isEmpty: Bool { found.isEmpty }

    private var warned: [ConfigWarning] = []

    /// Allowed but unsafe: a warning, never an error.
    func warn(_ key: String, line: Int?, _ message: String) {
        warned.append(ConfigWarning(file: file, line: line, key: key, message: message))
    }

    /// By line, as `errors`.
    var warnings: [ConfigWarning] { sortedByLine(warned, line: \.line) }

    /// Text that must never appear in a message (webhook secrets, URL paths and queries), even if
    /// the user typed it into another field whose bad value a message would quote.
    private var sensitive: Set<String> = []

    func addSensitive(_ text: String) {
        if text.count >= 4 { sensitive.insert(text) }
    }

    /// By line, problems without a line first (they concern the file as a whole); otherwise in the
    /// order found, which follows the file. Sensitive text is replaced by `<redacted>`.
    var errors: [ConfigError] {
        let secrets = sensitive.sorted { $0.count > $1.count }
        return sortedByLine(found, line: \.line).map { error in
            // Scalar for scalar: Foundation's replacingOccurrences trapped on a secret ending in a NUL.
            let message = secrets.reduce(error.message) { replacingScalars(of: $1, with: "<redacted>", in: $0) }
            return ConfigError(file: error.file, line: error.line, key: error.key, message: message)
        }
    }
}

/// By line, those without a line first (they concern the file as a whole); otherwise in the
/// order given, which follows the file.
func sortedByLine<T>(_ items: [T], line: (T) -> Int?) -> [T] {
    items.enumerated().sorted { a, b in
        let (la, lb) = (line(a.element) ?? 0, line(b.element) ?? 0)
        return la != lb ? la < lb : a.offset < b.offset
    }.map(\.element)
}

/// A YAML node, its dotted path (`watches[0].services`) and the 1-based line to report it at.
struct Value {
    let node: Node
    let path: String
    /// For a mapping entry, the key's line: a block list or mapping under a key starts on the next
    /// line, but "the line of `services:`" is where a reader looks. Otherwise the node's own line.
    let line: Int?

    var isNull: Bool { node.null != nil }

    /// What was found, for "expected X, got Y". Only for values that are not secrets.
    var shown: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case let .scalar(scalar):
            if isNull { return "nothing" }
            let text = scalar.string.count > 60 ? scalar.string.prefix(57) + "..." : scalar.string
            return text.contains(where: { $0.isNewline || $0 == "\"" || $0 == "\\" })
                ? text.debugDescription : "\"\(text)\""
        }
    }

    /// A scalar's text, or an error naming `expected` (which shows no text: there is none).
    func text(_ d: Diagnostics, expected: String) -> String? {
        if case let .scalar(scalar) = node, !isNull { return scalar.string }
        d.report(path, line: line, "expected \(expected), got \(shown)")
        return nil
    }

    /// A scalar's text that must not be empty (names, codes, paths).
    func nonEmptyText(_ d: Diagnostics, expected: String) -> String? {
        guard let text = text(d, expected: expected) else { return nil }
        if text.trimmingCharacters(in: .whitespaces).isEmpty {
            d.report(path, line: line, "expected \(expected), got an empty string")
            return nil
        }
        return text
    }

    func duration(_ d: Diagnostics) -> Double? {
        guard case let .scalar(scalar) = node, !isNull, let seconds = parseDuration(scalar.string) else {
            var hint = ""
            if case let .scalar(scalar) = node, Double(scalar.string) != nil {
                hint = " (a duration needs a unit)"
            }
            d.report(path, line: line, "expected a duration like 30s, 5m or 1h, got \(shown)\(hint)")
            return nil
        }
        return seconds
    }

    func integer(_ d: Diagnostics) -> Int? {
        if case let .scalar(scalar) = node, !isNull, let value = Int(scalar.string.replacingOccurrences(of: "_", with: "")) {
            return value
        }
        d.report(path, line: line, "expected a whole number, got \(shown)")
        return nil
    }

    func number(_ d: Diagnostics) -> Double? {
        if case let .scalar(scalar) = node, !isNull, let value = Double(scalar.string), value.isFinite {
            return value
        }
        d.report(path, line: line, "expected a number, got \(shown)")
        return nil
    }

    /// The entries of a list; `null` (a key with nothing after it) reads as an empty list.
    func items(_ d: Diagnostics, of what: String) -> [Value]? {
        if isNull { return [] }
        guard case let .sequence(sequence) = node else {
            d.report(path, line: line, "expected a list of \(what), got \(shown)")
            return nil
        }
        return sequence.enumerated().map { index, item in
            Value(node: item, path: "\(path)[\(index)]", line: item.mark?.line ?? line)
        }
    }

    /// The entries of a mapping, checked against `allowed`; `null` reads as an empty mapping.
    func fields(_ d: Diagnostics, allowed: [String]) -> Fields? {
        if isNull { return Fields(path: path, line: line) }
        guard case let .mapping(mapping) = node else {
            d.report(path, line: line, "expected a mapping (keys: \(allowed.joined(separator: ", "))), got \(shown)")
            return nil
        }
        var fields = Fields(path: path, line: line)
        var firstLine: [String: Int] = [:]
        for (keyNode, valueNode) in mapping {
            let keyLine = keyNode.mark?.line ?? line
            guard case let .scalar(scalar) = keyNode else {
                d.report(path, line: keyLine, "keys must be plain names, got \(Value(node: keyNode, path: path, line: keyLine).shown)")
                continue
            }
            let key = DuplicateKeys.originalName(scalar.string)
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            guard allowed.contains(key) else {
                d.report(keyPath, line: keyLine, "unknown key (expected one of: \(allowed.joined(separator: ", ")))")
                continue
            }
            if let first = firstLine[key] {
                d.report(keyPath, line: keyLine, "duplicate key (first given on line \(first))")
                continue
            }
            firstLine[key] = keyLine ?? 0
            fields.entries[key] = Value(node: valueNode, path: keyPath, line: keyLine)
        }
        return fields
    }
}

/// The checked entries of one mapping.
struct Fields {
    let path: String
    /// Where the mapping's key is (for "required key is missing").
    let line: Int?
    var entries: [String: Value] = [:]

    subscript(key: String) -> Value? { entries[key] }

    func required(_ key: String, _ d: Diagnostics) -> Value? {
        if let value = entries[key] { return value }
        d.report(path.isEmpty ? key : "\(path).\(key)", line: line, "required key is missing")
        return nil
    }
}
