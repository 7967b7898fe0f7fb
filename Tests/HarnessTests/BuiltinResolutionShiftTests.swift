import BuiltinMethods
import Datasets
import FourierTransforms
import Foundation
import HoldoutCore
import HoldoutTestSupport
import MethodHost
import Testing

/// What the built-in methods do when a resolution-shift split asks for a finer grid (64 points)
/// than the one they trained on (32): each answers on the requested grid, in its own way.
@Suite struct BuiltinResolutionShiftTests {
    let spec = try! TaskSpec.load(from: RepositoryPaths.fixtureRepository.appendingPathComponent("Tasks/pde/burgers-shift-tiny.yaml"))

    func message(_ mode: HPP.TaskMessage.Mode, directory: URL, train: URL? = nil, options: [String: Double] = [:]) -> HPP.TaskMessage {
        HPP.TaskMessage(mode: mode, task: TaskDescription(spec: spec), options: options,
                        paths: .init(train: train?.path, validation: nil, artifacts: directory.path, scratch: directory.path))
    }

    /// A test-fine case and the same case on the training grid (its input truncated to 32 points).
    func fineAndCoarseRequests() throws -> (fine: Field, coarse: Field, parameters: Field, targets: Field) {
        let fine = try #require(spec.split(named: "test-fine"))
        let item = try CaseGenerator(spec: spec).generateCase(split: fine, index: 0, key: [4], seedOrigin: "round-0")
        let last = item.lastInput.values
        let fineInputs = Field(axes: [.case, .lead, Axis(.space, "x"), Axis(.component, "u")], shape: [1, 1, 64, 1], values: last)
        let coarseInputs = Field(axes: fineInputs.axes, shape: [1, 1, 32, 1], values: SpectralResampler.resample(last, to: 32))
        let parameters = Field(axes: [.case, Axis(.component, "parameter")], shape: [1, 1], values: [item.parameters["viscosity"]!])
        return (fineInputs, coarseInputs, parameters, item.targets)
    }

    @Test func theTaskMessageListsTheFinerGrid() {
        let description = TaskDescription(spec: spec)
        #expect(description.points == [32] && description.grids == [[32], [64]])
        #expect(description.outputShape(batch: 2, members: 1, points: [64]) == [2, 1, 3, 64, 1])
    }

    @Test func fourierLinearPredictsOnTheTrainingGridAndInterpolatesUp() throws {
        let directory = RepositoryPaths.temporaryDirectory("builtin-shift")
        defer { try? FileManager.default.removeItem(at: directory) }
        let train = try #require(spec.split(named: "train"))
        let cases = try CaseGenerator(spec: spec).generate(split: train, count: train.cases, key: SeedDerivation.publicKey,
                                                           seedOrigin: "public")
        let file = directory.appendingPathComponent("train.h5")
        try PublicSplitFile.write(cases, spec: spec, split: train, to: file)
        let trainer = try #require(BuiltinRegistry.make("fourier-linear"))
        try trainer.configure(message(.train, directory: directory, train: file))
        try trainer.train()

        let method = try #require(BuiltinRegistry.make("fourier-linear"))
        try method.configure(message(.predict, directory: directory))
        let request = try fineAndCoarseRequests()
        let onFine = try method.predict(inputs: request.fine, parameters: request.parameters, members: 1)
        let onCoarse = try method.predict(inputs: request.coarse, parameters: request.parameters, members: 1)
        #expect(onFine.shape == [1, 1, 3, 64, 1] && onCoarse.shape == [1, 1, 3, 32, 1])
        for lead in 0..<3 {
            let coarse = onCoarse.slice(0).slice(0).slice(lead).values
            let fine = onFine.slice(0).slice(0).slice(lead).values
            // The fine forecast is the training-grid forecast, zero-padded in Fourier space.
            let interpolated = SpectralResampler.resample(coarse, to: 64)
            #expect(zip(fine, interpolated).map { abs($0 - $1) }.max()! < 1e-12, "lead \(lead)")
            // On the shared points (every other one) it is the training-grid forecast itself.
            #expect(zip(fine.enumerated().filter { $0.offset % 2 == 0 }.map(\.element), coarse).map { abs($0 - $1) }.max()! < 1e-12)
        }
        // A grid coarser than training is refused with a reason.
        let tooCoarse = Field(axes: request.fine.axes, shape: [1, 1, 16, 1], values: SpectralResampler.resample(request.fine.values, to: 16))
        #expect(throws: (any Error).self) { try method.predict(inputs: tooCoarse, parameters: request.parameters, members: 1) }
    }

    @Test func persistenceAndTheReferenceSolverAnswerOnTheRequestedGrid() throws {
        let request = try fineAndCoarseRequests()
        let persistence = try #require(BuiltinRegistry.make("persistence"))
        let directory = RepositoryPaths.temporaryDirectory("builtin-shift")
        defer { try? FileManager.default.removeItem(at: directory) }
        try persistence.configure(message(.predict, directory: directory))
        let held = try persistence.predict(inputs: request.fine, parameters: request.parameters, members: 2)
        #expect(held.shape == [1, 2, 3, 64, 1])
        #expect(held.slice(0).slice(1).slice(2).values == request.fine.values)

        // A rung keeps its own resolution on the finer grid: the 64-point rung beats the 32-point one there.
        func error(points: Double) throws -> Double {
            let solver = try #require(BuiltinRegistry.make("reference-solver"))
            try solver.configure(message(.predict, directory: directory, options: ["points": points, "time_step": 0.01]))
            let forecast = try solver.predict(inputs: request.fine, parameters: request.parameters, members: 1)
            #expect(forecast.shape == [1, 1, 3, 64, 1])
            return zip(forecast.values, request.targets.values).map { abs($0 - $1) }.max()!
        }
        #expect(try error(points: 64) < 0.5 * error(points: 32))
    }
}
