import Datasets
import Foundation
import HoldoutCore
import Leakage
import MethodHost
import Store

/// Leakage check "duplicates-declared-data": the duplicates search of `DuplicateCheck`, run
/// against the extra training data a plugin's manifest declares (`training_data` entries that
/// are HDF5 files inside the plugin directory, in The Well's layout: `t0_fields/<field>` of
/// shape (trajectories, time, space…) for each of the task's observed fields). Every frame of
/// every declared trajectory is indexed; every hidden case's last input frame is searched.
/// Anomalies are taken from the public validation split's mean state, as for the public check.
enum DeclaredDataCheck {
    static let name = "duplicates-declared-data"

    /// The declared files of a plugin: relative paths inside its directory ending in .h5 or
    /// .hdf5 (other entries, such as "ERA5 1979–2015", are declarations only).
    static func files(declared: [String], in directory: URL) -> [URL] {
        declared.filter { entry in
            let lower = entry.lowercased()
            return !entry.hasPrefix("/") && !entry.split(separator: "/").contains("..")
                && (lower.hasSuffix(".h5") || lower.hasSuffix(".hdf5"))
        }.map { directory.appendingPathComponent($0) }
    }

    /// The finding, or nil when the plugin declares no data files.
    static func run(spec: TaskSpec, files: [URL], reference publicCases: [GeneratedCase], hidden: [GeneratedCase]) -> LeakageFinding? {
        guard !files.isEmpty, !hidden.isEmpty,
              let setup = try? Equations.setup(equation: spec.physics.equation, lengths: spec.physics.lengths) else { return nil }
        // Compared on the training grid (resolution-shift cases are brought down to it).
        let frame = spec.observation.points.reduce(1, *) * spec.observation.fields.count
        let mean = PublicMeanState(publicCases: publicCases, frame: frame)
        var index = NearDuplicateIndex(dimension: frame, threshold: spec.leakage.nearDuplicateDistance, seed: 0x5EED_D0D0)
        var unreadable: [String] = []
        for file in files {
            do {
                for (number, trajectory) in try trajectories(in: file, spec: spec).enumerated() {
                    try index.addTrajectory(mean.anomaly(trajectory), frameAxis: .lead,
                                            id: "trajectory \(number)", source: file.lastPathComponent)
                }
            } catch {
                unreadable.append("\(file.lastPathComponent): \(error)")
            }
        }
        guard unreadable.isEmpty else {
            return LeakageFinding(check: .duplicates, severity: .warning,
                                  message: "declared training data could not be searched: " + unreadable.joined(separator: "; "))
        }
        do {
            let matches = try index.findings(hidden: hidden.map { (id: $0.id, field: mean.anomaly(DuplicateCheck.onTrainingGrid($0.lastInput, spec: spec, setup: setup))) })
            var finding = index.finding(for: matches, hiddenCount: hidden.count)
            // The index's wording speaks of public cases; here they are the declared frames.
            finding.message = "Declared training data (\(files.map(\.lastPathComponent).joined(separator: ", "))): "
                + finding.message.replacingOccurrences(of: "public cases", with: "declared training frames")
            return finding
        } catch {
            return LeakageFinding(check: .duplicates, severity: .warning, message: "declared training data could not be searched: \(error)")
        }
    }

    /// The trajectories of a Well file as fields (lead, space…, component), components in the
    /// task's field order, like a case's inputs.
    static func trajectories(in file: URL, spec: TaskSpec) throws -> [Field] {
        let dataset = try WellHDF5.read(from: file)
        let points = spec.observation.points
        let fields = try spec.observation.fields.map { name -> Field in
            guard let field = dataset.field(named: name) else {
                throw HarnessError("no field '\(name)' in t0_fields (the task observes \(spec.observation.fields.joined(separator: ", ")))")
            }
            guard field.shape.count == points.count + 2, Array(field.shape.suffix(points.count)) == points else {
                throw HarnessError("field '\(name)' has shape \(field.shape); expected (trajectories, time, \(points.map(String.init).joined(separator: ", ")))")
            }
            return field
        }
        let trajectories = fields[0].shape[0], times = fields[0].shape[1], frame = points.reduce(1, *)
        let components = fields.count
        let space = (0..<points.count).map { Axis(.space, ["x", "y", "z"][$0]) }
        return (0..<trajectories).map { b in
            var values = [Double](repeating: 0, count: times * frame * components)
            for (c, field) in fields.enumerated() {
                for t in 0..<times {
                    for p in 0..<frame { values[(t * frame + p) * components + c] = field.values[(b * times + t) * frame + p] }
                }
            }
            return Field(axes: [.lead] + space + [Axis(.component)], shape: [times] + points + [components], values: values)
        }
    }

    static func record(_ finding: LeakageFinding, runID: String) -> FindingRecord {
        FindingRecord(runID: runID, check: name, severity: finding.severity.rawValue, message: finding.message)
    }
}
