import Foundation

/// Form fields named the way PHP nests them (`data[messages][0][content]=509773`), turned into
/// the JSON the check answer would be, so that a form push is read by the same decoder, with the
/// same checks, as a JSON one. A field named `data` or `messages` may instead hold that part as
/// JSON text (`data={"number_id":...}`).
enum NestedFields {
    /// Deeper than the check answer's four levels (`data[messages][0][content]`) with room to spare.
    static let maxDepth = 8
    static let maxNameBytes = 256
    /// Fields whose value may be JSON text standing for the nested part.
    static let jsonFields: Set<String> = ["data", "messages"]

    /// A field's place in the tree: its value, or the fields under it in the order first named.
    private final class Node {
        var value: Any?
        var keys: [String] = []
        var children: [String: Node] = [:]

        func child(_ key: String) -> Node {
            value = nil  // a name used as a value and then as a parent: the later use wins, as in PHP
            if let node = children[key] { return node }
            let node = Node()
            // `name[]`: the next index.
            let key = key.isEmpty ? String(keys.count) : key
            keys.append(key)
            children[key] = node
            return node
        }

        /// An object, or an array when every key is an index (`[0]`, `[1]`, or `[]`), in index order.
        var json: Any {
            if let value { return value }
            let indices = keys.compactMap { $0.utf8.count <= 6 && $0.utf8.allSatisfy { (48...57).contains($0) } ? Int($0) : nil }
            if !keys.isEmpty, indices.count == keys.count {
                return zip(indices, keys).sorted { $0.0 < $1.0 }.map { children[$0.1]!.json }
            }
            var object: [String: Any] = [:]
            for key in keys { object[key] = children[key]!.json }
            return object
        }
    }

    /// The JSON of `fields`, or nil if a name is too long or too deep, or a JSON field is not JSON.
    static func json(_ fields: [(name: String, value: String)]) -> Data? {
        let root = Node()
        for (name, value) in fields {
            guard name.utf8.count <= maxNameBytes, let path = path(name), path.count <= maxDepth else { return nil }
            var node = root
            for key in path { node = node.child(key) }
            node.children = [:]
            node.keys = []
            guard let leaf = leaf(value, name: path.last!) else { return nil }
            node.value = leaf
        }
        return try? JSONSerialization.data(withJSONObject: root.json)
    }

    /// `data[messages][0][content]` → `["data", "messages", "0", "content"]`; a name without
    /// brackets is itself. Brackets that do not close make the name unreadable.
    static func path(_ name: String) -> [String]? {
        guard let open = name.firstIndex(of: "[") else { return name.isEmpty ? nil : [name] }
        var path = [String(name[..<open])]
        var rest = name[open...]
        while !rest.isEmpty {
            guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return nil }
            path.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return path[0].isEmpty ? nil : path
    }

    /// A field's value as JSON: text, except a JSON field's object or array; a form cannot send
    /// null, so an empty time (`expires_at=`) means none.
    private static func leaf(_ value: String, name: String) -> Any? {
        if jsonFields.contains(name), let first = value.first(where: { !$0.isWhitespace }), first == "{" || first == "[" {
            return try? JSONSerialization.jsonObject(with: Data(value.utf8))
        }
        if value.isEmpty, name.hasSuffix("_at") { return NSNull() }
        return value
    }
}
