import Datasets
import Foundation
import HoldoutCore
import HoldoutTestSupport
import Testing

/// A resolution-shift split is the same reference trajectory brought to the split's finer grid.
@Suite struct ResolutionShiftGeneratorTests {
    static func fixture(_ name: String) throws -> TaskSpec {
        try TaskSpec.load(from: RepositoryPaths.fixtureRepository.appendingPathComponent("Tasks/pde/\(name).yaml"))
    }

    /// A fixture task with a hidden split `test-fine` on `points` added to its spec text.
    static func withFineSplit(_ name: String, points: [Int]) throws -> TaskSpec {
        let url = RepositoryPaths.fixtureRepository.appendingPathComponent("Tasks/pde/\(name).yaml")
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(
            of: "\nsplits:\n", with: "\nsplits:\n  test-fine: {cases: 1, observation: {points: \(points)}}\n")
        return try TaskSpec.parse(text, file: url.path)
    }

    /// Generates case 0 of `test-fine` on its grid and on the training grid (same seed, so the
    /// same reference trajectory), checks shapes, and that the fine case brought down to the
    /// training grid is the training-grid case.
    func checkFineSplit(_ spec: TaskSpec, tolerance: Double) throws {
        let fine = try #require(spec.split(named: "test-fine"))
        var coarse = fine
        coarse.observationPoints = nil
        let generator = try CaseGenerator(spec: spec)
        let key = Array(repeating: UInt8(3), count: 32)
        let onFine = generator.generateCase(split: fine, index: 0, key: key, seedOrigin: "round-0")
        let onCoarse = generator.generateCase(split: coarse, index: 0, key: key, seedOrigin: "round-0")
        let points = try #require(fine.observationPoints)
        let components = spec.observation.fields.count
        #expect(onFine.inputs.shape == [spec.observation.inputFrames] + points + [components])
        #expect(onFine.targets.shape == [spec.observation.outputFrames] + points + [components])
        #expect(onFine.inputs.axes == onCoarse.inputs.axes && onFine.lastInput.spatialShape == points)
        #expect(onFine.parameters == onCoarse.parameters)
        #expect(onFine.inputs.isFinite && onFine.targets.isFinite)

        let setup = try Equations.setup(equation: spec.physics.equation, lengths: spec.physics.lengths)
        let frame = points.reduce(1, *) * components
        let scale = onCoarse.targets.values.map(abs).max()!
        for (fineField, coarseField) in [(onFine.inputs, onCoarse.inputs), (onFine.targets, onCoarse.targets)] {
            for lead in 0..<fineField.shape[0] {
                let values = Array(fineField.values[(lead * frame)..<((lead + 1) * frame)])
                let down = setup.resample(values, from: points, to: spec.observation.points, components: components,
                                          method: spec.observation.downsampling)
                let expected = coarseField.slice(lead).values
                let difference = zip(down, expected).map { abs($0 - $1) }.max()!
                #expect(difference <= tolerance * scale, "\(spec.id) lead \(lead): \(difference)")
            }
        }
        // The fine grid carries scales the training grid does not: the fine frames are not a mere interpolation.
        let up = setup.resample(onCoarse.targets.slice(0).values, from: spec.observation.points, to: points,
                                components: components, method: "spectral-truncation")
        let gap = zip(up, onFine.targets.slice(0).values).map { abs($0 - $1) }.max()!
        #expect(gap > 1e-9 * scale, "\(spec.id): the fine split has no content beyond the training grid")
    }

    @Test func burgersFineSplitIsTheSameTrajectoryOnItsOwnGrid() throws {
        let spec = try Self.fixture("burgers-shift-tiny")
        #expect(spec.split(named: "test-fine")?.observationPoints == [64])
        try checkFineSplit(spec, tolerance: 1e-12)
    }

    @Test func kuramotoSivashinskyFineSplitOnTheReferenceGrid() throws {
        try checkFineSplit(try Self.withFineSplit("ks-tiny", points: [64]), tolerance: 1e-12)
    }

    @Test func navierStokesFineSplitRefinesBothAxes() throws {
        try checkFineSplit(try Self.withFineSplit("navier-stokes-tiny", points: [32, 32]), tolerance: 1e-12)
    }

    /// Phase space: x and v both refined (16 × 32 → 32 × 64 on a 32 × 64 reference).
    @Test func vlasovFineSplitRefinesPositionAndVelocity() throws {
        try checkFineSplit(try Self.withFineSplit("vlasov-tiny", points: [32, 64]), tolerance: 1e-12)
    }

    @Test func theFineSplitIsWrittenAndReadBackOnItsGrid() throws {
        let spec = try Self.fixture("burgers-shift-tiny")
        let fine = try #require(spec.split(named: "test-fine"))
        let cases = try CaseGenerator(spec: spec).generate(split: fine, count: 2, key: [5], seedOrigin: "round-0")
        let directory = RepositoryPaths.temporaryDirectory("shift-file")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("test-fine.h5")
        try PublicSplitFile.write(cases, spec: spec, split: fine, to: url)
        let back = try PublicSplitFile.readCases(from: url, spec: spec, split: fine)
        #expect(back.map(\.inputs) == cases.map(\.inputs) && back.map(\.targets) == cases.map(\.targets))
        // Read as a training-grid split it does not fit, and the error says which grid was expected.
        #expect(throws: HarnessDataError.self) { try PublicSplitFile.readCases(from: url, spec: spec, split: spec.split(named: "test")!) }
    }
}
