import Datasets
import Foundation
import Harness
import HoldoutCore
import Store

/// Stored predictions as HDF5 files in The Well's layout, one per task, split and method:
/// `t0_fields/<field>` of shape (cases, members, output_frames, space…), with the case ids and
/// failures in the `holdout` group. Failed cases have no prediction; their rows are NaN.
public enum PredictionExport {
    public static func write(store: ResultStore, plan: ChallengePlan, round: Int, into directory: URL) throws {
        let runs = try store.runs(challenge: plan.challenge.id, round: round)
        for spec in plan.tasks {
            let observation = spec.observation
            let components = observation.fields.count
            for run in runs where run.taskID == spec.id && run.specHash == spec.sourceHash {
                let results = try store.caseResults(runID: run.id)
                for split in spec.splits where split.visibility == .hidden {
                    let rows = results.filter { $0.split == split.name }.sorted { $0.caseIndex < $1.caseIndex }
                    guard !rows.isEmpty else { continue }
                    let points = spec.points(for: split)
                    let frame = points.reduce(1, *)
                    let members = rows.compactMap { $0.predictionShape?.split(separator: ",").first.flatMap { Int($0) } }.first ?? observation.members
                    let perCase = members * observation.outputFrames * frame * components
                    var fields = (0..<components).map { _ in [Double]() }
                    for row in rows {
                        let values = row.prediction.map { [Double](littleEndianBytes: $0) } ?? Array(repeating: .nan, count: perCase)
                        for c in 0..<components {
                            fields[c] += stride(from: c, to: values.count, by: components).map { values[$0] }
                        }
                    }
                    let dims = Array(["x", "y", "z"].prefix(points.count))
                    var coordinates: [String: [Double]] = [:]
                    for (axis, dim) in dims.enumerated() {
                        coordinates[dim] = (0..<points[axis]).map { Double($0) * spec.physics.lengths[axis] / Double(points[axis]) }
                    }
                    let axes: [Axis] = [.case, .member, .lead] + dims.map { Axis(.space, $0) }
                    let dataset = WellDataset(
                        datasetName: spec.id, trajectoryCount: rows.count, spatialDimensions: dims, coordinates: coordinates,
                        time: observation.leadTimes,
                        t0Fields: zip(observation.fields, fields).map { name, values in
                            .init(name, Field(axes: axes, shape: [rows.count, members, observation.outputFrames] + points, values: values))
                        },
                        attributes: ["holdout_method": .string(run.methodName), "holdout_method_version": .string(run.methodVersion),
                                     "holdout_plugin_sha256": .string(run.pluginHash), "holdout_split": .string(split.name),
                                     "holdout_task_id": .string(spec.id), "holdout_round": .int(round)],
                        holdoutMetadata: ["case_id": .strings(rows.map(\.caseID)), "failed": .bools(rows.map(\.failed)),
                                          "failure_reason": .strings(rows.map { $0.failureReason ?? "" })])
                    let target = directory.appendingPathComponent(spec.id).appendingPathComponent(split.name)
                    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                    try WellHDF5.write(dataset, to: target.appendingPathComponent("\(run.methodName).h5"))
                }
            }
        }
    }
}
