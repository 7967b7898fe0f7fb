import Foundation
import HoldoutCore

/// A split of cases as an HDF5 file in The Well's layout.
///
/// Each case is one trajectory of `input_frames + output_frames` frames (inputs first), so a
/// file is a valid Well dataset and also says which frames a method is given. Field `u` of a
/// 1-D task is `t0_fields/u` with shape (cases, frames, x). Root attributes record the task,
/// the split, `input_frames` and `output_frames`; the `holdout` group holds case ids, start
/// times, seeds (public splits only) and out-of-distribution flags.
public enum PublicSplitFile {
    public static func write(_ cases: [GeneratedCase], spec: TaskSpec, split: TaskSpec.Split, to url: URL,
                             permissions: mode_t = 0o644) throws {
        let observation = spec.observation
        let frames = observation.inputFrames + observation.outputFrames
        let points = spec.points(for: split)
        let dims = Array(["x", "y", "z"].prefix(points.count))
        let frameSize = points.reduce(1, *)
        let components = observation.fields.count
        var fields: [WellDataset.NamedField] = []
        for (c, name) in observation.fields.enumerated() {
            var values: [Double] = []
            values.reserveCapacity(cases.count * frames * frameSize)
            for item in cases {
                for source in [item.inputs, item.targets] {
                    for index in stride(from: c, to: source.count, by: components) { values.append(source.values[index]) }
                }
            }
            fields.append(.init(name, Field(axes: [.case, .lead] + dims.map { Axis(.space, $0) },
                                            shape: [cases.count, frames] + points, values: values)))
        }
        var scalars: [String: [Double]] = [:]
        for parameter in spec.physics.parameters {
            scalars[parameter.name] = cases.map { $0.parameters[parameter.name] ?? .nan }
        }
        var coordinates: [String: [Double]] = [:]
        for (axis, dim) in dims.enumerated() {
            coordinates[dim] = (0..<points[axis]).map { Double($0) * spec.physics.lengths[axis] / Double(points[axis]) }
        }
        var metadata: [String: WellDataset.MetadataColumn] = [
            "case_id": .strings(cases.map(\.id)),
            "start_time": .doubles(cases.map(\.startTime)),
            "out_of_distribution": .bools(cases.map(\.outOfDistribution)),
            "trajectory": .ints(cases.map(\.trajectory)),
        ]
        if split.visibility == .public {
            metadata["seed"] = .strings(cases.map {
                SeedDerivation.seed(key: SeedDerivation.publicKey, taskID: spec.id, taskVersion: spec.version,
                                    split: split.name, index: $0.index).hex
            })
        }
        let start = cases.first?.startTime ?? spec.reference.spinUp
        let dataset = WellDataset(
            datasetName: spec.id, trajectoryCount: cases.count, spatialDimensions: dims, coordinates: coordinates,
            time: (0..<frames).map { start + Double($0) * observation.interval },
            scalars: scalars, t0Fields: fields,
            attributes: [
                "holdout_task_id": .string(spec.id), "holdout_task_version": .string(spec.version),
                "holdout_spec_sha256": .string(spec.sourceHash), "holdout_split": .string(split.name),
                "holdout_seed_origin": .string(cases.first?.seedOrigin ?? "public"),
                "holdout_input_frames": .int(observation.inputFrames), "holdout_output_frames": .int(observation.outputFrames),
            ],
            holdoutMetadata: metadata)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        try? FileManager.default.removeItem(at: temporary)
        try WellHDF5.write(dataset, to: temporary, permissions: permissions)
        // rename(2) replaces atomically: readers see the old file or the new one, never a partial one.
        guard rename(temporary.path, url.path) == 0 else {
            throw HarnessDataError("cannot move \(temporary.path) to \(url.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Reads cases back (inputs and targets split by the file's `holdout_input_frames`).
    public static func readCases(from url: URL, spec: TaskSpec, split: TaskSpec.Split) throws -> [GeneratedCase] {
        let dataset = try WellHDF5.read(from: url)
        return try cases(in: dataset, spec: spec, split: split.name)
    }

    public static func cases(in dataset: WellDataset, spec: TaskSpec, split: String) throws -> [GeneratedCase] {
        let observation = spec.observation
        let inputFrames: Int
        if case let .int(value)? = dataset.attributes["holdout_input_frames"] { inputFrames = value } else {
            inputFrames = observation.inputFrames
        }
        let fields = try observation.fields.map { name -> Field in
            guard let field = dataset.field(named: name) else {
                throw HarnessDataError("\(dataset.datasetName): no field '\(name)' in t0_fields")
            }
            return field
        }
        guard let first = fields.first, first.rank >= 3 else { throw HarnessDataError("field has no (case, time, space) axes") }
        let frameCount = first.shape[1]
        let points = Array(first.shape.dropFirst(2))
        let expected = spec.split(named: split).map(spec.points(for:)) ?? observation.points
        guard points == expected, frameCount == inputFrames + observation.outputFrames else {
            throw HarnessDataError("field shape \(first.shape) does not match the task: expected [cases, \(inputFrames + observation.outputFrames)] + \(expected)")
        }
        let frameSize = points.reduce(1, *)
        let components = fields.count
        let ids: [String]
        if case let .strings(values)? = dataset.holdoutMetadata["case_id"] { ids = values } else {
            ids = (0..<dataset.trajectoryCount).map { String(format: "%@-%04d", split, $0) }
        }
        var ood = [Bool](repeating: false, count: dataset.trajectoryCount)
        if case let .bools(values)? = dataset.holdoutMetadata["out_of_distribution"] { ood = values }
        let axes: [Axis] = [.lead] + ["x", "y", "z"].prefix(points.count).map { Axis(.space, $0) }
            + [Axis(.component, observation.fields.joined(separator: ","))]
        return (0..<dataset.trajectoryCount).map { c in
            func frames(_ range: Range<Int>) -> Field {
                var values = [Double](repeating: 0, count: range.count * frameSize * components)
                for (k, t) in range.enumerated() {
                    for (component, field) in fields.enumerated() {
                        let base = (c * frameCount + t) * frameSize
                        for s in 0..<frameSize { values[(k * frameSize + s) * components + component] = field.values[base + s] }
                    }
                }
                return Field(axes: axes, shape: [range.count] + points + [components], values: values)
            }
            var parameters: [String: Double] = [:]
            for (name, values) in dataset.scalars where c < values.count { parameters[name] = values[c] }
            return GeneratedCase(split: split, index: c, id: c < ids.count ? ids[c] : "\(split)-\(c)", seedOrigin: "file",
                                 trajectory: c, startTime: dataset.time.first ?? 0, outOfDistribution: ood[c],
                                 parameters: parameters, inputs: frames(0..<inputFrames),
                                 targets: frames(inputFrames..<(inputFrames + observation.outputFrames)))
        }
    }
}

/// A data file that does not fit the task it is read for.
public struct HarnessDataError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
