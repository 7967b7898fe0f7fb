import Datasets
import Foundation
import HoldoutCore
import HoldoutTestSupport
import MethodHost
import Testing
@testable import BuiltinMethods

/// The statistical and ensemble baselines on the tiny Lorenz-96 fixture task, configured as the
/// harness would (training split as HDF5 under `paths.train`).
@Suite final class BaselineMethodTests {
    let spec: TaskSpec
    let trainFile: URL
    /// Training trajectories [case][time][site], read back independently of `TrainingSplit`.
    let trajectories: [[[Double]]]

    init() throws {
        spec = try TaskSpec.load(from: RepositoryPaths.fixtureRepository.appendingPathComponent("Tasks/weather/lorenz96-tiny.yaml"))
        let train = spec.split(named: "train")!
        let cases = try CaseGenerator(spec: spec).generate(split: train, count: train.cases, key: SeedDerivation.publicKey,
                                                           seedOrigin: "public")
        let directory = RepositoryPaths.temporaryDirectory("baselines")
        trainFile = directory.appendingPathComponent("train.h5")
        try PublicSplitFile.write(cases, spec: spec, split: train, to: trainFile)
        let sites = spec.observation.points[0]
        trajectories = cases.map { item in
            let values = item.inputs.values + item.targets.values
            return stride(from: 0, to: values.count, by: sites).map { Array(values[$0..<($0 + sites)]) }
        }
    }

    deinit { try? FileManager.default.removeItem(at: trainFile.deletingLastPathComponent()) }

    func configured(_ name: String, options: [String: Double] = [:]) throws -> ServedMethod {
        let method = try #require(BuiltinRegistry.make(name))
        let scratch = trainFile.deletingLastPathComponent().path
        try method.configure(HPP.TaskMessage(mode: .predict, task: TaskDescription(spec: spec), options: options,
                                             paths: .init(train: trainFile.path, validation: nil, artifacts: scratch, scratch: scratch)))
        return method
    }

    /// Three cases' inputs [3, 1, 8, 1] from spread-out training states.
    func inputs(_ order: [Int] = [0, 1, 2]) -> Field {
        Field(axes: [.case, .lead, Axis(.space, "x"), Axis(.component, "x")], shape: [order.count, 1, 8, 1],
              values: order.flatMap { trajectories[$0][0] })
    }

    var climatologyMean: [Double] {
        let frames = trajectories.flatMap { $0 }
        return (0..<8).map { s in frames.map { $0[s] }.reduce(0, +) / Double(frames.count) }
    }

    @Test func climatologyPredictsTheTrainingMeanAtEveryLead() throws {
        let out = try configured("climatology").predict(inputs: inputs(), parameters: nil, members: 1)
        #expect(out.shape == [3, 1, 4, 8, 1])
        let mean = climatologyMean
        for (i, v) in out.values.enumerated() { #expect(abs(v - mean[i % 8]) < 1e-12) }
    }

    @Test func climatologyEnsembleDrawsTrainingFramesTheSameWayInAnyBatch() throws {
        let method = try configured("climatology-ensemble")
        #expect(method.capabilities.ensembles)
        let a = try method.predict(inputs: inputs([0, 1, 2]), parameters: nil, members: 5)
        let b = try method.predict(inputs: inputs([2]), parameters: nil, members: 5)
        #expect(a.shape == [3, 5, 4, 8, 1])
        #expect(Array(a.values[(2 * 160)...]) == b.values, "case 2 gets the same members alone")
        let frames = Set(trajectories.flatMap { $0 })
        let drawn = stride(from: 0, to: a.count, by: 8).map { Array(a.values[$0..<($0 + 8)]) }
        #expect(drawn.allSatisfy(frames.contains), "every member frame is a training frame")
        #expect(Set(drawn).count > 10, "draws vary across members and leads")
    }

    @Test func dampedPersistenceRelaxesTheAnomalyGeometrically() throws {
        let mean = climatologyMean
        // Given τ: anomaly at lead ℓ = anomaly at input × exp(−ℓ Δt / τ) exactly.
        let tau = 0.277
        let out = try configured("damped-persistence", options: ["decorrelation_time": tau]).predict(inputs: inputs(), parameters: nil, members: 1)
        let x0 = trajectories[1][0]
        for lead in 0..<4 {
            let factor = exp(-Double(lead + 1) * 0.05 / tau)
            for s in 0..<8 { #expect(abs(out.values[(4 + lead) * 8 + s] - (mean[s] + (x0[s] - mean[s]) * factor)) < 1e-12) }
        }
        // Fitted: τ = −Δt / ln ρ, ρ the pooled lag-one autocorrelation of the training anomalies.
        var ab = 0.0, aa = 0.0, bb = 0.0
        for trajectory in trajectories {
            for t in 0..<(trajectory.count - 1) {
                for s in 0..<8 {
                    let a = trajectory[t][s] - mean[s], b = trajectory[t + 1][s] - mean[s]
                    ab += a * b; aa += a * a; bb += b * b
                }
            }
        }
        let rho = ab / (aa * bb).squareRoot()
        let fitted = try #require(try configured("damped-persistence") as? DampedPersistenceMethod)
        #expect(rho > 0 && rho < 1)
        #expect(abs(fitted.decorrelationTime - (-0.05 / log(rho))) < 1e-9)
    }

    @Test func referenceEnsembleSpreadsFromPerturbedAnalysesAndIsBatchInvariant() throws {
        let ensemble = try configured("reference-ensemble", options: ["time_step": 0.01, "perturbation": 0.01])
        let deterministic = try configured("reference-solver", options: ["time_step": 0.01])
        #expect(ensemble.capabilities.ensembles && !deterministic.capabilities.ensembles)
        let members = 16
        let out = try ensemble.predict(inputs: inputs(), parameters: Field(axes: [.case, Axis(.component, "p")], shape: [3, 1], values: [8, 8, 8]),
                                       members: members)
        let alone = try ensemble.predict(inputs: inputs([1]), parameters: Field(axes: [.case, Axis(.component, "p")], shape: [1, 1], values: [8]),
                                         members: members)
        let perCase = members * 32
        #expect(Array(out.values[perCase..<(2 * perCase)]) == alone.values)
        let single = try deterministic.predict(inputs: inputs([1]), parameters: Field(axes: [.case, Axis(.component, "p")], shape: [1, 1], values: [8]),
                                               members: 1)
        // At the first lead (Δt = 0.05 ≪ 1/λ₁) the members spread by about the perturbation
        // (0.01) around the unperturbed forecast.
        var squared = 0.0
        for m in 0..<members {
            for s in 0..<8 { squared += pow(alone.values[m * 32 + s] - single.values[s], 2) }
        }
        let rms = (squared / Double(members * 8)).squareRoot()
        #expect(rms > 0.005 && rms < 0.02, "member rms distance \(rms)")
    }
}
