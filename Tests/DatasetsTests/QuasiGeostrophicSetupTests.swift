import Datasets
import Foundation
import HoldoutCore
import HoldoutTestSupport
import Physics
import Testing

@Suite struct QuasiGeostrophicSetupTests {
    static let spec = try! TaskSpec.load(from: RepositoryPaths.fixtureRepository.appendingPathComponent("Tasks/weather/qg-tiny.yaml"))

    /// Each layer gets its own random field with the declared RMS (components interleaved
    /// [x, y, layer]), and a missing parameter is named in the error.
    @Test func initialConditionsAreDrawnPerLayerAndParametersAreRequired() throws {
        let setup = try Equations.setup(equation: "qg-two-layer", lengths: Self.spec.physics.lengths)
        var rng = CounterRNG(key: 11, stream: 2)
        let state = setup.initialCondition(Self.spec.initialCondition, points: [32, 32], components: 2, using: &rng)
        #expect(state.count == 2 * 32 * 32)
        let layers = (0..<2).map { layer in stride(from: layer, to: state.count, by: 2).map { state[$0] } }
        for layer in layers {
            let rms = (layer.map { $0 * $0 }.reduce(0, +) / Double(layer.count)).squareRoot()
            #expect(abs(rms / Self.spec.initialCondition.amplitude - 1) < 1e-12, "rms \(rms)")
        }
        #expect(layers[0] != layers[1])
        let error = #expect(throws: EquationError.self) {
            _ = try setup.model(parameters: ["beta": 1e-11], points: [32, 32], timeStep: 7200)
        }
        #expect(error?.description.contains("deformation_radius") == true && error?.description.contains("filter_time") == true)
    }

    /// Generated cases carry both layers on the observation grid, spun up to the turbulent
    /// state (PV far from the initial RMS pattern, both layers non-trivial), and the jet split
    /// runs the jet parameters.
    @Test func casesHoldBothLayersAndTheOODSplitUsesTheJetParameters() throws {
        let generator = try CaseGenerator(spec: Self.spec)
        let ood = try #require(Self.spec.split(named: "test-ood"))
        let item = generator.generateCase(split: ood, index: 0, key: [3], seedOrigin: "x")
        #expect(item.outOfDistribution)
        #expect(item.parameters["layer_ratio"] == 0.1 && item.parameters["bottom_drag"] == 7e-8 && item.parameters["beta"] == 1e-11)
        #expect(item.inputs.shape == [1, 16, 16, 2])
        #expect(item.targets.shape == [4, 16, 16, 2])
        let lower = stride(from: 1, to: item.targets.values.count, by: 2).map { abs(item.targets.values[$0]) }
        #expect(lower.max()! > 1e-8)
        #expect(item.targets.values.allSatisfy { $0.isFinite })
    }
}
