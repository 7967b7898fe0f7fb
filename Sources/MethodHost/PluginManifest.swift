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
    public var requirements: [String]

    public enum Track: String, Codable, Sendable { case budgeted, open, baseline }

    public static func load(directory: URL) throws -> PluginManifest {
        let url = directory.appendingPathComponent("plugin.yaml")
        let file = url.path
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
            throw SpecError(file: file, line: 1, column: 1, message: "cannot read plugin.yaml (every plugin directory needs one)")
        }
        return try parse(text, file: file)
    }

    public static func parse(_ text: String, file: String) throws -> PluginManifest {
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
            requirements: try map["requirements"]?.strings() ?? [])
    }
}
