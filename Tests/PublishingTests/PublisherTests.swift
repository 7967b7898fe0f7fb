import Foundation
import Testing
@testable import Publishing

@Suite struct PublisherTests {
    @Test func publishWritesEveryFileAndVerifiesIntact() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let pub = try Publisher.publish(document: Fixtures.document(), cases: Fixtures.cases, inputs: Fixtures.inputs(), to: root)
        #expect(pub.created)
        #expect(pub.version == 1)
        #expect(pub.directory.path == root.appendingPathComponent("starter/round-0/v1").path)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: pub.directory.path))
        #expect(names == ["leaderboard.json", "README.md", "index.html", "cases.csv", "CHANGELOG.md", "manifest.json", "manifest.sha256"])
        // No staging directory is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: pub.directory.deletingLastPathComponent().path) == ["v1"])

        let report = Publisher.verify(versionDirectory: pub.directory)
        #expect(report.isIntact, "\(report)")
        #expect(report.intactFiles.count == 5)

        // Published files are read-only.
        let attributes = try FileManager.default.attributesOfItem(atPath: pub.directory.appendingPathComponent("README.md").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o444)

        // The manifest records the inputs and the hash of each file (independently recomputed
        // here with coreutils' sha256sum semantics: hex of SHA-256 of the bytes).
        let manifest = try VersionManifest.read(from: pub.directory)
        #expect(manifest.inputs["task-spec/ks-1d"] == String(repeating: "c", count: 64))
        #expect(manifest.inputs["plugin/fno"] == String(repeating: "b", count: 64))
        #expect(manifest.inputs["data-commitment"] == String(repeating: "e", count: 64))
        #expect(manifest.inputs["machine"] == "m-hash")
        #expect(manifest.inputs["harness"] == "0.1.0")
        #expect(manifest.changes == nil)
        let csv = try Data(contentsOf: pub.directory.appendingPathComponent("cases.csv"))
        #expect(manifest.files["cases.csv"] == .init(sha256: SHA256Hex.of(csv), bytes: csv.count))
    }

    @Test func sha256HexMatchesKnownVector() {
        // FIPS 180-2 test vector for "abc".
        #expect(SHA256Hex.of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func publishingUnchangedInputsIsANoOp() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try Publisher.publish(document: Fixtures.document(), cases: Fixtures.cases, inputs: Fixtures.inputs(), to: root)
        // Same content, rows in another order, later clock: still nothing to publish.
        let second = try Publisher.publish(document: Fixtures.document(), cases: Fixtures.cases.reversed(), inputs: Fixtures.inputs(),
                                           to: root, publishedAt: Date().addingTimeInterval(3600))
        #expect(!second.created)
        #expect(second.version == 1)
        #expect(second.directory == first.directory)
        #expect(second.manifest == first.manifest)
        #expect(Publisher.existingVersions(in: first.directory.deletingLastPathComponent()) == [1])
    }

    @Test func changedInputHashMakesV2WithChangelog() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let v1 = try Publisher.publish(document: Fixtures.document(), cases: Fixtures.cases, inputs: Fixtures.inputs(), to: root)
        let before = try Fixtures.snapshot(v1.directory)

        let newSpec = String(repeating: "f", count: 64)
        let v2 = try Publisher.publish(document: Fixtures.document(), cases: Fixtures.cases, inputs: Fixtures.inputs(specHash: newSpec), to: root)
        #expect(v2.created)
        #expect(v2.version == 2)
        #expect(v2.directory.lastPathComponent == "v2")
        let changes = try #require(v2.manifest.changes)
        #expect(changes.previousVersion == 1)
        #expect(changes.inputs == [.init(name: "task-spec/ks-1d", previous: String(repeating: "c", count: 64), current: newSpec)])
        #expect(changes.entriesAdded.isEmpty && changes.entriesRemoved.isEmpty && changes.headlineMoves.isEmpty)
        let changelog = try String(contentsOf: v2.directory.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        #expect(changelog.contains("`task-spec/ks-1d` changed"))
        #expect(changelog.contains(newSpec))
        #expect(changelog.contains("against v1"))

        // v1 is untouched, byte for byte, and both versions verify.
        #expect(try Fixtures.snapshot(v1.directory) == before)
        #expect(Publisher.verify(versionDirectory: v1.directory).isIntact)
        #expect(Publisher.verify(versionDirectory: v2.directory).isIntact)
    }

    @Test func changedEntriesMakeV2ListingAddedRemovedAndMoved() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let v1 = try Publisher.publish(document: Fixtures.document(), cases: Fixtures.cases, inputs: Fixtures.inputs(), to: root)
        let v1Bytes = try Fixtures.snapshot(v1.directory)

        var task = Fixtures.task(extra: [Fixtures.entry("unet", kind: .submission, track: .open, vrmse: 0.03, cost: 0.001)], fnoMean: 0.04)
        task.entries.removeAll { $0.method == "template" }
        let v2 = try Publisher.publish(document: Fixtures.document(task: task, scorer: "1.1.0"), cases: Fixtures.cases,
                                       inputs: Fixtures.inputs(), to: root)
        #expect(v2.version == 2)
        let changes = try #require(v2.manifest.changes)
        #expect(changes.inputs.isEmpty)
        #expect(changes.entriesAdded.map(\.method) == ["unet"])
        #expect(changes.entriesRemoved.map(\.method) == ["template"])
        #expect(changes.headlineMoves.count == 1)
        #expect(changes.headlineMoves.first?.entry.method == "fno")
        #expect(changes.headlineMoves.first?.previousMean == 0.05)
        #expect(changes.headlineMoves.first?.currentMean == 0.04)
        #expect(changes.other.contains("scorer version: 1.0.0 → 1.1.0"))

        let changelog = try String(contentsOf: v2.directory.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        #expect(changelog.contains("## Entries added\n\n- unet 1.0.0 on ks-1d"))
        #expect(changelog.contains("## Entries removed\n\n- template 1.0.0 on ks-1d"))
        // (0.04 − 0.05) / 0.05 = −20 %.
        #expect(changelog.contains("fno 1.0.0 on ks-1d: vrmse 0.05 → 0.04 (-20.0 %)"))
        #expect(try Fixtures.snapshot(v1.directory) == v1Bytes)

        // A third publication with v2's content is a no-op returning v2.
        let again = try Publisher.publish(document: Fixtures.document(task: task, scorer: "1.1.0"), cases: Fixtures.cases,
                                          inputs: Fixtures.inputs(), to: root)
        #expect(!again.created && again.version == 2)
    }

    @Test func changedCasesAloneMakeANewVersion() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Publisher.publish(document: Fixtures.document(), cases: Fixtures.cases, inputs: Fixtures.inputs(), to: root)
        let v2 = try Publisher.publish(document: Fixtures.document(), cases: Array(Fixtures.cases.prefix(1)), inputs: Fixtures.inputs(), to: root)
        #expect(v2.version == 2)
        #expect(v2.manifest.changes?.other == ["per-case results (cases.csv) changed"])
    }

    @Test func versionNumberFollowsTheHighestExisting() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let round = root.appendingPathComponent("starter/round-0")
        // A gap (v1, v7) and distractors that are not versions.
        for name in ["v1", "v7", "v07x", ".v8.partial-x", "notes"] {
            try FileManager.default.createDirectory(at: round.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        #expect(Publisher.existingVersions(in: round) == [1, 7])
        let pub = try Publisher.publish(document: Fixtures.document(), cases: [], inputs: Fixtures.inputs(), to: root)
        #expect(pub.version == 8)
        // v7 had no manifest: the changelog says so instead of failing.
        #expect(pub.manifest.changes?.other.first == "the previous manifest.json could not be read")
    }

    @Test func pathUnsafeIdsAreRejected() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var doc = Fixtures.document()
        doc.roundId = "../escape"
        #expect(throws: PublishingError.self) {
            try Publisher.publish(document: doc, cases: [], inputs: Fixtures.inputs(), to: root)
        }
    }
}
