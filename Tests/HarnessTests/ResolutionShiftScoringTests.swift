import Datasets
import FourierTransforms
import Foundation
@testable import Harness
import HoldoutCore
import HoldoutTestSupport
import Scoring
import Testing

/// The harness side of a resolution-shift split: its scorer is on its grid, its cases are
/// compared with the public ones on the training grid, and its table is labelled.
@Suite struct ResolutionShiftScoringTests {
    let spec = try! TaskSpec.load(from: RepositoryPaths.fixtureRepository.appendingPathComponent("Tasks/pde/burgers-shift-tiny.yaml"))

    @Test func eachSplitIsScoredOnItsOwnGrid() throws {
        let climatology = TrainingClimatology(mean: Array(repeating: 0.1, count: 32), std: Array(repeating: 0.7, count: 32))
        let coarse = try TaskData.scorer(spec: spec, split: #require(spec.split(named: "test")), climatology: climatology)
        let fine = try TaskData.scorer(spec: spec, split: #require(spec.split(named: "test-fine")), climatology: climatology)
        #expect(coarse.geometry.spatialShape == [32] && fine.geometry.spatialShape == [64])
        // Spectral shells and bands are those of the finer grid: twice the Nyquist, twice the shells.
        #expect(abs(fine.geometry.nyquist - 2 * coarse.geometry.nyquist) < 1e-12)
        #expect(fine.geometry.shellBands.count == 2 * coarse.geometry.shellBands.count - 1)
        #expect(coarse.geometry.shellBands.lastIndex { $0 == .high } == 16 && fine.geometry.shellBands.lastIndex { $0 == .high } == 32)
        // σ is one value per component, broadcast to the split's grid.
        #expect(fine.configuration.climatologyStd == Array(repeating: 0.7, count: 64))
        #expect(fine.configuration.climatologyMean == Array(repeating: 0.1, count: 64))

        // A fine target scores on the fine scorer and is refused by the training-grid one.
        let item = try CaseGenerator(spec: spec).generateCase(split: #require(spec.split(named: "test-fine")), index: 0,
                                                              key: [1], seedOrigin: "round-0")
        let prediction = Field.stack((0..<3).map { _ in item.lastInput }, along: .lead)
        let score = try fine.score(caseID: item.id, prediction: prediction, target: item.targets)
        #expect(!score.failed && score.value(.vrmse)!.isFinite)
        #expect(coarse.defect(prediction: prediction, target: item.targets) != nil)
    }

    @Test func fineCasesAreComparedWithPublicCasesOnTheTrainingGrid() throws {
        let generator = try CaseGenerator(spec: spec)
        let train = try #require(spec.split(named: "train"))
        let publicCases = generator.generate(split: train, count: 4, key: SeedDerivation.publicKey, seedOrigin: "public")
        // A "hidden" case whose input is a public case's input frame on the 64-point grid: a leak.
        var leaked = try generator.generateCase(split: #require(spec.split(named: "test-fine")), index: 0, key: [2],
                                                seedOrigin: "round-0")
        let frame = publicCases[1].lastInput.values
        leaked.inputs = Field(axes: leaked.inputs.axes, shape: [1, 64, 1], values: SpectralResampler.resample(frame, to: 64))
        let honest = try generator.generateCase(split: #require(spec.split(named: "test-fine")), index: 1, key: [2],
                                                seedOrigin: "round-0")
        let finding = try DuplicateCheck.run(spec: spec, publicCases: publicCases, hidden: [leaked, honest])
        #expect(finding.severity == .critical, "\(finding.message)")
        #expect(finding.caseIDs == [leaked.id], "\(finding.message)")
    }

    @Test func tablesAreLabelledWithTheirShift() throws {
        let labels = Dictionary(uniqueKeysWithValues: spec.splits.map { ($0.name, LeaderboardBuilder.labels(spec: spec, split: $0)) })
        #expect(labels["test"]! == nil)
        #expect(labels["test-ood"]! == ["out of distribution"])
        #expect(labels["test-fine"]! == ["resolution shift: 64 grid (trained on 32)"])
    }
}
