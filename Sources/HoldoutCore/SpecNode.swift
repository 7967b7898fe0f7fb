import Yams

/// A YAML node with the position and key path needed to report errors as `file:line:col`.
///
/// Spec loading is hand-written over Yams' composed node tree rather than `Decodable`:
/// decoding errors lose positions, and a spec language must reject unknown keys, which
/// `Decodable` silently ignores.
public struct SpecNode {
    public let node: Node
    public let file: String
    /// Dotted key path from the document root, e.g. `observation.points[0]`.
    public let path: String

    public init(node: Node, file: String, path: String) {
        self.node = node
        self.file = file
        self.path = path
    }

    /// Parses a YAML document; syntax errors come back as `SpecError` with their position.
    public static func parse(_ text: String, file: String) throws -> SpecNode {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw SpecError(file: file, line: 1, column: 1, message: "the file is empty; expected a YAML mapping")
            }
            return SpecNode(node: node, file: file, path: "")
        } catch let error as YamlError {
            throw SpecNode.specError(from: error, file: file)
        }
    }

    private static func specError(from error: YamlError, file: String) -> SpecError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let detail = context.map { "\($0.text) " } ?? ""
            return SpecError(file: file, line: mark.line, column: mark.column,
                             message: "invalid YAML: \(detail)\(problem)")
        default:
            return SpecError(file: file, line: 1, column: 1, message: "invalid YAML: \(error)")
        }
    }

    public var line: Int { node.mark?.line ?? 1 }
    public var column: Int { node.mark?.column ?? 1 }

    /// A `SpecError` located at this node.
    public func error(_ message: String) -> SpecError {
        SpecError(file: file, line: line, column: column, message: message)
    }

    private var name: String { path.isEmpty ? "the document" : "'\(path)'" }

    private func child(_ node: Node, _ component: String) -> SpecNode {
        SpecNode(node: node, file: file, path: path.isEmpty ? component : "\(path).\(component)")
    }

    // MARK: - Shapes

    /// This node as a mapping whose keys must all be in `allowed`.
    public func mapping(allowed: [String]) throws -> SpecMapping {
        guard case let .mapping(mapping) = node else {
            throw error("\(name) must be a mapping with keys \(allowed.joined(separator: ", ")); found \(kindDescription)")
        }
        var entries: [(key: String, keyNode: SpecNode, value: SpecNode)] = []
        for (key, value) in mapping {
            guard let keyText = key.scalar?.string else {
                throw SpecNode(node: key, file: file, path: path).error("keys of \(name) must be plain strings")
            }
            let keyNode = SpecNode(node: key, file: file, path: path)
            guard allowed.contains(keyText) else {
                let place = path.isEmpty ? "at the top level" : "in '\(path)'"
                var message = "unknown key '\(keyText)' \(place); expected one of: \(allowed.joined(separator: ", "))"
                if let suggestion = SpecNode.closest(to: keyText, in: allowed) { message += " (did you mean '\(suggestion)'?)" }
                throw keyNode.error(message)
            }
            if entries.contains(where: { $0.key == keyText }) {
                throw keyNode.error("duplicate key '\(keyText)' in \(name)")
            }
            entries.append((keyText, keyNode, child(value, keyText)))
        }
        return SpecMapping(owner: self, entries: entries)
    }

    /// This node as a mapping with arbitrary string keys (e.g. parameter names).
    public func dictionary() throws -> [(key: String, value: SpecNode)] {
        guard case let .mapping(mapping) = node else {
            throw error("\(name) must be a mapping; found \(kindDescription)")
        }
        return try mapping.map { key, value in
            guard let keyText = key.scalar?.string else {
                throw SpecNode(node: key, file: file, path: path).error("keys of \(name) must be plain strings")
            }
            return (keyText, child(value, keyText))
        }
    }

    public func sequence() throws -> [SpecNode] {
        guard case let .sequence(sequence) = node else {
            throw error("\(name) must be a list; found \(kindDescription)")
        }
        return sequence.enumerated().map { index, item in
            SpecNode(node: item, file: file, path: "\(path)[\(index)]")
        }
    }

    // MARK: - Scalars

    public func string() throws -> String {
        guard case let .scalar(scalar) = node, scalar.style != .plain || !(node.tag.description == Tag.Name.null.rawValue) else {
            throw error("\(name) must be a string; found \(kindDescription)")
        }
        return scalar.string
    }

    public func double() throws -> Double {
        guard case let .scalar(scalar) = node, scalar.style == .plain,
              let value = node.float ?? node.int.map(Double.init), value.isFinite,
              (node.tag.description == Tag.Name.float.rawValue) || (node.tag.description == Tag.Name.int.rawValue) else {
            throw error("\(name) must be a number; found \(kindDescription)")
        }
        return value
    }

    public func int() throws -> Int {
        guard case let .scalar(scalar) = node, scalar.style == .plain, (node.tag.description == Tag.Name.int.rawValue),
              let value = node.int else {
            throw error("\(name) must be an integer; found \(kindDescription)")
        }
        return value
    }

    public func bool() throws -> Bool {
        guard case let .scalar(scalar) = node, scalar.style == .plain, (node.tag.description == Tag.Name.bool.rawValue),
              let value = node.bool else {
            throw error("\(name) must be true or false; found \(kindDescription)")
        }
        return value
    }

    /// A string that must be one of `choices`.
    public func choice(_ choices: [String]) throws -> String {
        let value = try string()
        guard choices.contains(value) else {
            var message = "\(name) must be one of: \(choices.joined(separator: ", ")); found '\(value)'"
            if let suggestion = SpecNode.closest(to: value, in: choices) { message += " (did you mean '\(suggestion)'?)" }
            throw error(message)
        }
        return value
    }

    public func strings() throws -> [String] { try sequence().map { try $0.string() } }
    public func doubles() throws -> [Double] { try sequence().map { try $0.double() } }
    public func ints() throws -> [Int] { try sequence().map { try $0.int() } }

    /// A human description of what this node is, for "found …" in messages.
    public var kindDescription: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case let .scalar(scalar):
            if scalar.style != .plain { return "the string '\(scalar.string)'" }
            switch Tag.Name(rawValue: node.tag.description) {
            case .int: return "the integer \(scalar.string)"
            case .float: return "the number \(scalar.string)"
            case .bool: return "the boolean \(scalar.string)"
            case .null: return "null"
            default: return scalar.string.isEmpty ? "nothing" : "the string '\(scalar.string)'"
            }
        }
    }

    /// The allowed word closest to a misspelt one (edit distance ≤ 2), for "did you mean".
    static func closest(to word: String, in candidates: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var previous = Array(0...b.count)
            for (i, ca) in a.enumerated() {
                var current = [i + 1]
                for (j, cb) in b.enumerated() {
                    current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
                }
                previous = current
            }
            return previous[b.count]
        }
        let scored = candidates.map { ($0, distance(Array(word), Array($0))) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }
}

/// A validated mapping: typed access to its keys, with defaults for optional ones.
public struct SpecMapping {
    public let owner: SpecNode
    let entries: [(key: String, keyNode: SpecNode, value: SpecNode)]

    public subscript(key: String) -> SpecNode? { entries.first { $0.key == key }?.value }

    public func required(_ key: String, _ expected: String) throws -> SpecNode {
        guard let value = self[key] else {
            let place = owner.path.isEmpty ? "at the top level" : "in '\(owner.path)'"
            throw owner.error("missing required key '\(key)' \(place); expected \(expected)")
        }
        return value
    }

    public func string(_ key: String, default value: String? = nil) throws -> String {
        if let node = self[key] { return try node.string() }
        if let value { return value }
        return try required(key, "a string").string()
    }

    public func double(_ key: String, default value: Double? = nil) throws -> Double {
        if let node = self[key] { return try node.double() }
        if let value { return value }
        return try required(key, "a number").double()
    }

    public func int(_ key: String, default value: Int? = nil) throws -> Int {
        if let node = self[key] { return try node.int() }
        if let value { return value }
        return try required(key, "an integer").int()
    }

    public func bool(_ key: String, default value: Bool) throws -> Bool {
        try self[key]?.bool() ?? value
    }

    public func choice(_ key: String, _ choices: [String], default value: String? = nil) throws -> String {
        if let node = self[key] { return try node.choice(choices) }
        if let value { return value }
        return try required(key, "one of: \(choices.joined(separator: ", "))").choice(choices)
    }

    /// A number that must satisfy `predicate`, described by `requirement` ("> 0").
    public func double(_ key: String, default value: Double? = nil, where predicate: (Double) -> Bool,
                       _ requirement: String) throws -> Double {
        let result = try double(key, default: value)
        if !predicate(result) {
            throw (self[key] ?? owner).error("'\(path(key))' must be \(requirement); found \(result)")
        }
        return result
    }

    public func int(_ key: String, default value: Int? = nil, where predicate: (Int) -> Bool,
                    _ requirement: String) throws -> Int {
        let result = try int(key, default: value)
        if !predicate(result) {
            throw (self[key] ?? owner).error("'\(path(key))' must be \(requirement); found \(result)")
        }
        return result
    }

    public func path(_ key: String) -> String { owner.path.isEmpty ? key : "\(owner.path).\(key)" }
}
