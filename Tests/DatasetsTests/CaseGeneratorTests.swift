import Datasets
import Foundation
import HoldoutCore
import HoldoutTestSupport
import Testing

@Suite struct CaseGeneratorTests {
    let spec = try! TaskSpec.load(from: RepositoryPaths.fixtureRepository.appendingPathComponent("Tasks/pde/burgers-tiny.yaml"))
    var test: TaskSpec.Split { spec.split(named: "test")! }

    @Test func theSameSeedGivesBitIdenticalCases() throws {
        let generator = try CaseGenerator(spec: spec)
        let key = Array(repeating: UInt8(9), count: 32)
        let first = generator.generate(split: test, count: 4, key: key, seedOrigin: "round-0")
        let second = generator.generate(split: test, count: 4, key: key, seedOrigin: "round-0")
        #expect(first == second)
        // One at a time equals in parallel: cases do not depend on scheduling.
        #expect(generator.generateCase(split: test, index: 2, key: key, seedOrigin: "round-0") == first[2])
        #expect(SHA256Digest.hex(of: first[0].targets) == SHA256Digest.hex(of: second[0].targets))
    }

    @Test func differentKeysSplitsAndIndicesGiveDifferentCases() throws {
        let generator = try CaseGenerator(spec: spec)
        let a = generator.generateCase(split: test, index: 0, key: [1], seedOrigin: "x")
        let b = generator.generateCase(split: test, index: 0, key: [2], seedOrigin: "x")
        let c = generator.generateCase(split: test, index: 1, key: [1], seedOrigin: "x")
        let d = generator.generateCase(split: spec.split(named: "train")!, index: 0, key: [1], seedOrigin: "x")
        for other in [b, c, d] { #expect(a.inputs != other.inputs) }
    }

    @Test func casesCarryTheirMetadataAndDeclaredShapes() throws {
        let generator = try CaseGenerator(spec: spec)
        let item = generator.generateCase(split: test, index: 3, key: SeedDerivation.publicKey, seedOrigin: "public")
        #expect(item.split == "test" && item.index == 3 && item.trajectory == 3 && item.seedOrigin == "public")
        #expect(item.id == "test-0003")
        #expect(item.inputs.shape == [1, 32, 1] && item.targets.shape == [3, 32, 1])
        #expect(item.inputs.axes.map(\.kind) == [.lead, .space, .component])
        let viscosity = try #require(item.parameters["viscosity"])
        #expect((0.05...0.1).contains(viscosity))
        #expect(item.inputs.isFinite && item.targets.isFinite)
        // The initial condition has the declared RMS amplitude (1.0) before the spin-up (0 here).
        let rms = (item.inputs.values.map { $0 * $0 }.reduce(0, +) / 32).squareRoot()
        #expect(abs(rms - 1) < 0.05, "rms \(rms)")
    }

    @Test func outOfDistributionSplitsDrawFromTheirOwnRanges() throws {
        let burgers = try TaskSpec.load(from: RepositoryPaths.burgersSpec)
        let ood = try #require(burgers.split(named: "test-ood"))
        let generator = try CaseGenerator(spec: burgers)
        for index in 0..<8 {
            let parameters = burgers.parameters(for: ood)
            let draw = parameters[0].distribution.sample(Double(index) / 8)
            #expect((0.01...0.02).contains(draw))
        }
        #expect(ood.outOfDistribution)
        let item = generator.generateCase(split: ood, index: 0, key: [7], seedOrigin: "round-0")
        #expect((0.01...0.02).contains(item.parameters["viscosity"]!) && item.outOfDistribution)
    }

    @Test func publicSplitFilesRoundTrip() throws {
        let directory = RepositoryPaths.temporaryDirectory("split-file")
        defer { try? FileManager.default.removeItem(at: directory) }
        let generator = try CaseGenerator(spec: spec)
        let train = spec.split(named: "train")!
        let cases = generator.generate(split: train, count: 3, key: SeedDerivation.publicKey, seedOrigin: "public")
        let url = directory.appendingPathComponent("train.h5")
        try PublicSplitFile.write(cases, spec: spec, split: train, to: url)
        let back = try PublicSplitFile.readCases(from: url, spec: spec, split: train)
        #expect(back.map(\.inputs) == cases.map(\.inputs))
        #expect(back.map(\.targets) == cases.map(\.targets))
        #expect(back.map(\.id) == cases.map(\.id))
        #expect(back.map { $0.parameters["viscosity"] } == cases.map { $0.parameters["viscosity"] })
    }
}
