import Foundation
import HoldoutCore
import HoldoutTestSupport
import Testing

/// A split's own observation grid (`observation: {points: …}`): the resolution-shift split.
@Suite struct ResolutionShiftSpecTests {
    static let valid = try! String(contentsOf: RepositoryPaths.burgersSpec, encoding: .utf8)
    static let fineLine = "    observation: {points: [256]}"

    @Test func theBurgersSpecDeclaresAFinerSplit() throws {
        let spec = try TaskSpec.load(from: RepositoryPaths.burgersSpec)
        let fine = try #require(spec.split(named: "test-fine"))
        #expect(fine.observationPoints == [256] && fine.isResolutionShift && !fine.outOfDistribution)
        #expect(fine.visibility == .hidden)
        #expect(spec.points(for: fine) == [256])
        let test = try #require(spec.split(named: "test"))
        #expect(!test.isResolutionShift && spec.points(for: test) == [128])
        #expect(spec.split(named: "test-ood")?.isResolutionShift == false)
    }

    @Test func everyPDETaskHasAResolutionShiftSplitFinerOnEveryAxis() throws {
        let directory = RepositoryPaths.tasks.appendingPathComponent("pde")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 4)
        for file in files {
            let spec = try TaskSpec.load(from: directory.appendingPathComponent(file))
            let shifted = spec.splits.filter(\.isResolutionShift)
            #expect(shifted.count == 1, "\(file)")
            for split in shifted {
                let points = spec.points(for: split)
                #expect(zip(points, spec.observation.points).allSatisfy { $0 > $1 }, "\(file): \(points)")
                #expect(zip(points, spec.reference.points).allSatisfy { $0 <= $1 }, "\(file): \(points)")
            }
        }
    }

    /// The load error of the Burgers spec with the fine split's line replaced.
    func error(_ replacement: String) throws -> SpecError {
        #expect(Self.valid.contains(Self.fineLine))
        let text = Self.valid.replacingOccurrences(of: Self.fineLine, with: replacement)
        do {
            _ = try TaskSpec.parse(text, file: "shift.yaml")
        } catch let error as SpecError {
            return error
        }
        throw SpecError(file: "shift.yaml", line: 0, column: 0, message: "no error for '\(replacement)'")
    }

    var fineLineNumber: Int { (Self.valid.components(separatedBy: "\n").firstIndex(of: Self.fineLine) ?? -1) + 1 }

    @Test(arguments: [
        ("    observation: {points: [128]}", "must be finer than the training grid 'observation.points' [128]"),
        ("    observation: {points: [64]}", "must be finer than the training grid"),
        ("    observation: {points: [4096]}", "must not exceed 'reference.points' [2048]; found [4096]"),
        ("    observation: {points: [255]}", "must list 1 even grid size(s) ≥ 4"),
        ("    observation: {points: [256, 256]}", "must list 1 even grid size(s) ≥ 4"),
    ])
    func badGridsPointAtThePoints(replacement: String, message: String) throws {
        let error = try error(replacement)
        #expect(error.description.contains("splits.test-fine.observation.points"), "\(error)")
        #expect(error.description.contains(message), "\(error)")
        #expect(error.file == "shift.yaml" && error.line == fineLineNumber)
        #expect(error.column == replacement.distance(of: "[") + 1, "\(error)")
    }

    @Test func unknownKeysAndTrainingSplitsAreRejected() throws {
        let typo = try error("    observation: {pionts: [256]}")
        #expect(typo.description.contains("unknown key 'pionts'") && typo.line == fineLineNumber, "\(typo)")

        let text = Self.valid.replacingOccurrences(of: "  train: {cases: 256}", with: "  train: {cases: 256, observation: {points: [256]}}")
        #expect(throws: SpecError.self) { try TaskSpec.parse(text, file: "shift.yaml") }
        do { _ = try TaskSpec.parse(text, file: "shift.yaml") } catch let error as SpecError {
            #expect(error.description.contains("split 'train' cannot declare its own grid"), "\(error)")
            #expect(error.line == (Self.valid.components(separatedBy: "\n").firstIndex(of: "  train: {cases: 256}") ?? -1) + 1)
        }
    }

    @Test func blockAveragingNeedsAGridThatDividesTheReference() throws {
        let text = Self.valid.replacingOccurrences(of: "  downsampling: spectral-truncation", with: "  downsampling: block-average")
            .replacingOccurrences(of: Self.fineLine, with: "    observation: {points: [384]}")
        do {
            _ = try TaskSpec.parse(text, file: "shift.yaml")
            Issue.record("a 384-point grid cannot block-average a 2048-point reference")
        } catch let error as SpecError {
            #expect(error.description.contains("must divide 'reference.points' [2048]"), "\(error)")
        }
        let fine = try TaskSpec.parse(text.replacingOccurrences(of: "[384]", with: "[512]"), file: "shift.yaml")
        #expect(fine.split(named: "test-fine")?.observationPoints == [512])
    }
}

private extension String {
    func distance(of character: Character) -> Int { distance(from: startIndex, to: firstIndex(of: character)!) }
}
