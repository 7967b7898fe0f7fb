import Datasets
import Foundation
@testable import Harness
import HoldoutCore
import HoldoutTestSupport
import Leakage
import Testing

/// The duplicates search against the extra training data a submission declares.
@Suite struct DeclaredDataCheckTests {
    let spec: TaskSpec
    let hidden: [GeneratedCase]
    let validation: [GeneratedCase]

    init() throws {
        spec = try TaskSpec.load(from: RepositoryPaths.fixtureRepository.appendingPathComponent("Tasks/pde/burgers-tiny.yaml"))
        let generator = try CaseGenerator(spec: spec)
        hidden = generator.generate(split: spec.split(named: "test")!, count: 6, key: Array(repeating: 7, count: 32), seedOrigin: "round-1")
        validation = generator.generate(split: spec.split(named: "validation")!, count: 4, key: SeedDerivation.publicKey, seedOrigin: "public")
    }

    /// Writes `cases` as a Well file (the layout of the public splits) into `directory`.
    func write(_ cases: [GeneratedCase], named name: String, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try PublicSplitFile.write(cases, spec: spec, split: spec.split(named: "train")!, to: url)
        return url
    }

    @Test func aPlantedHiddenCaseInDeclaredDataIsFoundAndCleanDataIsNot() throws {
        let directory = RepositoryPaths.temporaryDirectory("declared-data")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Clean: other trajectories of the same task (public seeds).
        let clean = try write(validation, named: "clean.h5", in: directory)
        let quiet = try #require(DeclaredDataCheck.run(spec: spec, files: [clean], reference: validation, hidden: hidden))
        #expect(quiet.severity == .info, "\(quiet.message)")
        // Planted: the same file with one hidden case among the trajectories.
        let planted = try write(validation + [hidden[4]], named: "planted.h5", in: directory)
        let found = try #require(DeclaredDataCheck.run(spec: spec, files: [planted], reference: validation, hidden: hidden))
        #expect(found.severity == .critical)
        #expect(found.caseIDs == [hidden[4].id], "\(found.message)")
        #expect(found.message.hasPrefix("Declared training data (planted.h5)"))
    }

    @Test func onlyDataFilesInsideThePluginAreSearchedAndBadFilesAreReported() throws {
        let plugin = URL(fileURLWithPath: "/plugin")
        #expect(DeclaredDataCheck.files(declared: ["ERA5 1979-2015", "data/extra.h5", "../secret.h5", "/etc/x.hdf5", "more.HDF5"], in: plugin)
                    .map(\.path) == ["/plugin/data/extra.h5", "/plugin/more.HDF5"])
        #expect(DeclaredDataCheck.run(spec: spec, files: [], reference: validation, hidden: hidden) == nil)
        let missing = try #require(DeclaredDataCheck.run(spec: spec, files: [URL(fileURLWithPath: "/nonexistent/x.h5")],
                                                         reference: validation, hidden: hidden))
        #expect(missing.severity == .warning)
        #expect(missing.message.contains("could not be searched"))
    }
}
