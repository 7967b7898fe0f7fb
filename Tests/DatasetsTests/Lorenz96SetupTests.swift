import Datasets
import Foundation
import HoldoutCore
import HoldoutTestSupport
import Physics
import Testing

@Suite struct Lorenz96SetupTests {
    static let oneScale = try! TaskSpec.load(from: RepositoryPaths.fixtureRepository.appendingPathComponent("Tasks/weather/lorenz96-tiny.yaml"))
    static let twoScale = try! TaskSpec.load(from: RepositoryPaths.fixtureRepository.appendingPathComponent("Tasks/weather/lorenz96-two-scale-tiny.yaml"))

    /// `observation.input_noise` perturbs only what methods see: regenerating the case without
    /// noise gives the same targets bit for bit, and inputs that differ by noise of the declared
    /// size (0.01 in the fixture).
    @Test func inputNoiseTouchesInputsOnlyWithTheDeclaredSize() throws {
        let spec = Self.oneScale
        #expect(spec.observation.inputNoise == 0.01)
        var exact = spec
        exact.observation.inputNoise = 0
        let split = try #require(spec.split(named: "test"))
        let noisy = try CaseGenerator(spec: spec).generateCase(split: split, index: 1, key: [7], seedOrigin: "x")
        let clean = try CaseGenerator(spec: exact).generateCase(split: split, index: 1, key: [7], seedOrigin: "x")
        #expect(noisy.targets == clean.targets)
        let differences = zip(noisy.inputs.values, clean.inputs.values).map { $0 - $1 }
        #expect(differences.allSatisfy { $0 != 0 && abs($0) < 0.05 })
        let rms = (differences.map { $0 * $0 }.reduce(0, +) / Double(differences.count)).squareRoot()
        #expect(rms > 0.003 && rms < 0.02, "noise rms \(rms)")
        // The inputs are on the attractor (spun up from X = 8 + N(0, 1)), not at the rest state.
        #expect(clean.inputs.values.contains { abs($0 - 8) > 2 })
    }

    /// Two-scale: methods see the K slow variables only, and the targets are the two-scale
    /// model's X from the spun-up X (the fast variables are internal).
    @Test func twoScaleCasesExposeOnlyTheSlowVariables() throws {
        let spec = Self.twoScale
        let split = try #require(spec.split(named: "test"))
        let generator = try CaseGenerator(spec: spec)
        let item = generator.generateCase(split: split, index: 0, key: [3], seedOrigin: "x")
        #expect(item.inputs.shape == [1, 4, 1] && item.targets.shape == [3, 4, 1])
        #expect(item.parameters["fast_per_slow"] == 4)
        let model = try generator.setup.model(parameters: item.parameters, points: [4], timeStep: 0.001)
        #expect(model is Lorenz96TwoScale)
        #expect(model.integrate(initial: [20, 21, 19, 20], outputTimes: [0.1])[0].count == 4)
    }

    @Test func missingParametersAreReported() throws {
        let setup = try Equations.setup(equation: "lorenz96-two-scale", lengths: [8])
        #expect(throws: EquationError.self) { try setup.model(parameters: ["forcing": 20], points: [8], timeStep: 0.001) }
        let params = ["forcing": 20.0, "coupling": 1, "amplitude_ratio": 10, "time_scale_ratio": 10, "fast_per_slow": 2.5]
        #expect(throws: EquationError.self) { try setup.model(parameters: params, points: [8], timeStep: 0.001) }
        #expect(throws: EquationError.self) {
            try Equations.setup(equation: "lorenz96", lengths: [8]).model(parameters: [:], points: [8], timeStep: 0.01)
        }
    }

    /// Spec validation of the new keys, with file:line:col errors.
    @Test func inputNoiseMustBeNonNegative() throws {
        let text = try String(contentsOf: RepositoryPaths.fixtureRepository.appendingPathComponent("Tasks/weather/lorenz96-tiny.yaml"), encoding: .utf8)
        let broken = text.replacingOccurrences(of: "input_noise: 0.01", with: "input_noise: -1")
        #expect(throws: SpecError.self) { try TaskSpec.parse(broken, file: "x.yaml") }
        do { _ = try TaskSpec.parse(broken, file: "x.yaml") } catch {
            #expect("\(error)".contains("x.yaml:") && "\(error)".contains("input_noise"), "\(error)")
        }
        let noMaxWavenumber = try TaskSpec.parse(text, file: "x.yaml")
        #expect(noMaxWavenumber.initialCondition.kind == "perturbed-rest")
    }
}
