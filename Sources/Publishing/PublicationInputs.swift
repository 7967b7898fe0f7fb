import Foundation

/// The inputs a leaderboard version was computed from, by name, each with a hash or version
/// string: task specs, harness version, plugin artifacts, test-data commitment, machine.
///
/// A new version is published only when these (or the results themselves) change; the
/// changelog names every input whose value moved. Names are free-form but the conventional
/// ones are built by ``init(taskSpecs:harnessVersion:scorerVersion:pluginArtifacts:dataCommitment:machine:extra:)``:
/// `task-spec/<id>`, `harness`, `scorer`, `plugin/<method>`, `data-commitment`, `machine`.
public struct PublicationInputs: Codable, Sendable, Equatable {
    /// Input name → hash (hex) or version string.
    public var values: [String: String]

    public init(_ values: [String: String]) { self.values = values }

    public init(
        taskSpecs: [String: String], harnessVersion: String, scorerVersion: String? = nil,
        pluginArtifacts: [String: String], dataCommitment: String?, machine: String,
        extra: [String: String] = [:]
    ) {
        var values = extra
        for (task, hash) in taskSpecs { values["task-spec/\(task)"] = hash }
        for (method, hash) in pluginArtifacts { values["plugin/\(method)"] = hash }
        values["harness"] = harnessVersion
        if let scorerVersion { values["scorer"] = scorerVersion }
        if let dataCommitment { values["data-commitment"] = dataCommitment }
        values["machine"] = machine
        self.values = values
    }

    /// SHA-256 of the canonical JSON of the sorted name → value map: one hash that changes
    /// exactly when some input does.
    public var fingerprint: String {
        // Encoding a [String: String] cannot fail.
        SHA256Hex.of((try? CanonicalJSON.encode(values)) ?? Data())
    }

    /// Hash of a machine description, for the `machine` input.
    public static func machineHash(_ machine: MachineDescription) -> String {
        SHA256Hex.of((try? CanonicalJSON.encode(machine)) ?? Data())
    }
}
