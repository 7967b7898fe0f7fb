import ArgumentParser
import Datasets
import Foundation
import Harness
import HoldoutCore
import Scoring

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a predictions file against a targets file with the official scorer.",
        discussion: """
        Targets: a split file as written by `holdout data generate` (input frames, then output frames). \
        Predictions: an HDF5 file in the same layout whose t0 field has shape (cases, output_frames, space…) \
        or, with an `axes` attribute naming a member axis, (cases, members, output_frames, space…). \
        Only output frames are scored. The climatology for valid-time comes from the public training split.
        """)

    @OptionGroup var location: LocationOptions
    @Option(help: "A task id or spec path.") var task: String
    @Option(help: "Predictions (HDF5).") var predictions: String
    @Option(help: "Targets (HDF5).") var targets: String
    @Option(help: "A challenge whose case counts apply (the board's climatology uses its training split).")
    var challenge: String?
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() throws {
        var spec = try TaskSpec.load(from: TasksCommand.resolve(task, in: location.repositoryURL))
        if let challenge {
            let url = location.repositoryURL.appendingPathComponent(challenge)
            let plan = try ChallengePlan.load(challengeFile: challenge.hasPrefix("/") ? URL(fileURLWithPath: challenge) : url,
                                              repository: location.repositoryURL)
            guard let match = plan.tasks.first(where: { $0.id == spec.id }) else {
                throw fail("challenge \(plan.challenge.id) has no task '\(spec.id)'")
            }
            spec = match
        }
        let targetData = try WellHDF5.read(from: URL(fileURLWithPath: targets))
        // A split with its own grid (resolution shift) is scored on it: the targets file names its split.
        var splitName = "scored"
        if case let .string(name)? = targetData.attributes["holdout_split"], spec.split(named: name) != nil { splitName = name }
        let points = spec.split(named: splitName).map(spec.points(for:)) ?? spec.observation.points
        let cases = try PublicSplitFile.cases(in: targetData, spec: spec, split: splitName)
        let predicted = try WellHDF5.read(from: URL(fileURLWithPath: predictions))
        let name = spec.observation.fields[0]
        guard spec.observation.fields.count == 1, let field = predicted.field(named: name) else {
            throw fail("\(predictions): no t0 field '\(name)'")
        }
        let hasMembers = field.axes.contains { $0.kind == .member }
        let members = hasMembers ? field.shape[1] : 1
        let expected = [cases.count] + (hasMembers ? [members] : []) + [spec.observation.outputFrames] + points
        guard field.shape == expected else {
            throw fail("\(predictions): field '\(name)' has shape \(field.shape); expected \(expected)")
        }
        let climatology = try trainingClimatology(spec)
        let scorer = try TaskData.scorer(spec: spec, points: points, climatology: climatology)
        let perCase = field.count / cases.count
        let axes: [Axis] = [.member, .lead] + points.indices.map { Axis(.space, "x\($0)") } + [Axis(.component)]
        let scores = try cases.enumerated().map { index, item in
            let values = Array(field.values[(index * perCase)..<((index + 1) * perCase)])
            let prediction = Field(axes: axes, shape: [members, spec.observation.outputFrames] + points + [1], values: values)
            return try scorer.scoreOrSubstitute(caseID: item.id, prediction: prediction, target: item.targets, lastInput: item.lastInput)
        }
        let metrics = spec.scoring.metrics.compactMap(Metric.init(rawValue:))
        let summaries = try MetricSummary.summaries(cases: scores, metrics: metrics)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(summaries), as: UTF8.self))
            return
        }
        print("\(spec.id): \(scores.count) cases, \(scores.filter(\.failed).count) failed")
        print("metric".padding(toLength: 18, withPad: " ", startingAt: 0) + "mean        95% CI                     median      p95         worst")
        for summary in summaries {
            let cells = [summary.mean, summary.meanInterval.lower, summary.meanInterval.upper, summary.median, summary.percentile95, summary.worst]
                .map { String(format: "%-11.5g", $0) }
            print(summary.metric.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)
                  + "\(cells[0]) [\(cells[1]), \(cells[2])] \(cells[3]) \(cells[4]) \(cells[5])")
        }
    }

    /// Mean and σ from the public training split (the same climatology the board uses).
    func trainingClimatology(_ spec: TaskSpec) throws -> TrainingClimatology {
        guard let train = spec.split(named: "train") else { return TrainingClimatology(mean: [], std: []) }
        let cases = try CaseGenerator(spec: spec).generate(split: train, count: train.cases, key: SeedDerivation.publicKey,
                                                           seedOrigin: "public")
        return TaskData.climatology(cases, spec: spec)
    }
}
