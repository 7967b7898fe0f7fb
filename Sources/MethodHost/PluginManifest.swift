import Foundation
import HoldoutCore

/// `plugin.yaml`: how to run an external plugin and what it declares about itself.
/// Reference: docs/task-spec.md ("plugin.yaml").
public struct PluginManifest: Sendable, Codable, Equatable {
    public var name: String
    public var version: String
    public var language: String
    /// argv, run with the plugin directory as working directory; `python3` etc. resolved on PATH.
    public var command: [String]
    public var track: Track
    public var description: String
    public var authors: [String]
    public var license: String
    /// Extra data the method was trained on (open track), checked by the leakage checks.
    public var trainingData: [String]
    public var precision: String
    public var determinismTolerance: Double
    /// Training hardware and hours, declared for the open track.
    public var trainingHardware: String
    public var trainingHours: Double
    /// pip requirement strings, each pinned (`name==version`), installed by the harness into
    /// the plugin's own environment (Harness.PluginEnvironment). In plugin.yaml either a list or
    /// the name of a requirements file in the plugin directory.
    public var requirements: [String]

    public enum Track: String, Codable, Sendable { case budgeted, open, baseline }

    public static func load(directory: URL) throws -> PluginManifest {
        let url = directory.appendingPathComponent("plugin.yaml")
        let file = url.path
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
            throw SpecError(file: file, line: 1, column: 1, message: "cannot read plugin.yaml (every plugin directory needs one)")
        }
        return try parse(text, file: file, directory: directory)
    }

    /// - Parameter directory: where a requirements file named in `requirements:` is read from.
    public static func parse(_ text: String, file: String, directory: URL? = nil) throws -> PluginManifest {
        let map = try SpecNode.parse(text, file: file).mapping(allowed: [
            "name", "version", "language", "command", "track", "description", "authors", "license",
            "training_data", "precision", "determinism_tolerance", "training_hardware", "training_hours", "requirements",
        ])
        let commandNode = try map.required("command", "the argv list that starts the plugin, e.g. [python3, plugin.py]")
        let command = try commandNode.strings()
        guard !command.isEmpty else { throw commandNode.error("'command' must not be empty") }
        return PluginManifest(
            name: try map.string("name"),
            version: try map.string("version", default: "0.0.0"),
            language: try map.string("language", default: "unknown"),
            command: command,
            track: Track(rawValue: try map.choice("track", ["budgeted", "open", "baseline"], default: "budgeted"))!,
            description: try map.string("description", default: ""),
            authors: try map["authors"]?.strings() ?? [],
            license: try map.string("license", default: "unspecified"),
            trainingData: try map["training_data"]?.strings() ?? [],
            precision: try map.choice("precision", ["f64", "f32", "f16", "bf16", "mixed"], default: "f64"),
            determinismTolerance: try map.double("determinism_tolerance", default: 0, where: { $0 >= 0 }, ">= 0"),
            trainingHardware: try map.string("training_hardware", default: ""),
            trainingHours: try map.double("training_hours", default: 0, where: { $0 >= 0 }, ">= 0"),
            requirements: try map["requirements"].map { try requirements($0, directory: directory) } ?? [])
    }

    /// A list of requirement strings, or a file name (one requirement per line, `#` comments).
    /// Each must be pinned to one version: the environment is then the same wherever it is
    /// built, and its cache key says exactly what is in it. Options (`-r`, `--index-url`,
    /// `-e`) and local paths are refused: the install sandbox sees nothing but the index.
    static func requirements(_ node: SpecNode, directory: URL?) throws -> [String] {
        if let items = try? node.sequence() {
            return try items.map { item in try checkedRequirement(try item.string(), at: item) }
        }
        let name = try node.string()
        guard let directory, !name.contains(".."), !name.hasPrefix("/") else {
            throw node.error("'requirements' must be a list of pinned requirements or the name of a file in the plugin directory; found '\(name)'")
        }
        let url = directory.appendingPathComponent(name)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw node.error("cannot read the requirements file '\(name)' in \(directory.path)")
        }
        var lines: [String] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            if line.isEmpty { continue }
            guard isPinned(line) else {
                throw SpecError(file: url.path, line: number + 1, column: 1, message: unpinnedMessage(line))
            }
            lines.append(line)
        }
        return lines
    }

    private static func checkedRequirement(_ requirement: String, at node: SpecNode) throws -> String {
        guard isPinned(requirement) else { throw node.error(unpinnedMessage(requirement)) }
        return requirement
    }

    /// `name[extras]==version`, optionally followed by an environment marker (`; python_version…`).
    static func isPinned(_ requirement: String) -> Bool {
        requirement.wholeMatch(of: /[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9._, -]+\])?\s*==\s*[A-Za-z0-9.+!_-]+\s*(;.*)?/) != nil
    }

    private static func unpinnedMessage(_ requirement: String) -> String {
        if requirement.hasPrefix("-") || requirement.contains("/") {
            return "requirement '\(requirement)': options and paths are not allowed; list packages from the index, each pinned as name==version"
        }
        return "requirement '\(requirement)' is not pinned to one version: write it as name==version (e.g. numpy==2.1.3), so the plugin's environment is reproducible"
    }
}
