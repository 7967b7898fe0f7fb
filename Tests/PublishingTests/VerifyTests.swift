import Foundation
import Testing
@testable import Publishing

@Suite struct VerifyTests {
    private func published() throws -> (root: URL, dir: URL) {
        let root = try Fixtures.temporaryDirectory()
        let pub = try Publisher.publish(document: Fixtures.document(), cases: Fixtures.cases, inputs: Fixtures.inputs(), to: root)
        return (root, pub.directory)
    }

    @Test func oneEditedByteOfReadmeIsNamed() throws {
        let (root, dir) = try published()
        defer { try? FileManager.default.removeItem(at: root) }
        let readme = dir.appendingPathComponent("README.md")
        try Fixtures.makeWritable(readme)
        var bytes = try Data(contentsOf: readme)
        bytes[10] ^= 0x01
        try bytes.write(to: readme)

        let report = Publisher.verify(versionDirectory: dir)
        #expect(!report.isIntact)
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.fileName == "README.md")
        #expect(report.description.contains("README.md was modified"))
    }

    @Test func missingAndExtraFilesAreNamed() throws {
        let (root, dir) = try published()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("cases.csv"))
        try Data("hello".utf8).write(to: dir.appendingPathComponent("extra.txt"))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: false)
        try Data("x".utf8).write(to: dir.appendingPathComponent("sub/inner.txt"))

        let report = Publisher.verify(versionDirectory: dir)
        #expect(report.problems == [.fileMissing(name: "cases.csv"), .unexpectedFile(name: "extra.txt"), .unexpectedFile(name: "sub")])
        #expect(report.description.contains("cases.csv is listed in the manifest but missing"))
        #expect(report.description.contains("extra.txt is not listed in the manifest"))
    }

    @Test func aManifestNamingAFileOutsideTheVersionIsRefused() throws {
        let (root, dir) = try published()
        defer { try? FileManager.default.removeItem(at: root) }
        // A file beside the version, listed as if it were in it (with the manifest's hash redone).
        let outside = dir.deletingLastPathComponent().appendingPathComponent("planted.txt")
        try Data("x".utf8).write(to: outside)
        var manifest = try VersionManifest.read(from: dir)
        manifest.files["../planted.txt"] = .init(sha256: SHA256Hex.of("x"), bytes: 1)
        let manifestURL = dir.appendingPathComponent("manifest.json")
        try Fixtures.makeWritable(manifestURL)
        let bytes = try CanonicalJSON.encode(manifest)
        try bytes.write(to: manifestURL)
        let hashURL = dir.appendingPathComponent(VersionManifest.hashFileName)
        try Fixtures.makeWritable(hashURL)
        try Data("\(SHA256Hex.of(bytes))  \(VersionManifest.fileName)\n".utf8).write(to: hashURL)

        let report = Publisher.verify(versionDirectory: dir)
        #expect(report.problems.contains(.manifestInconsistent(detail: "it lists '../planted.txt', which is not a file name inside the version")),
                "\(report.problems)")
    }

    @Test func editedManifestIsCaughtByItsHashFile() throws {
        let (root, dir) = try published()
        defer { try? FileManager.default.removeItem(at: root) }
        // Re-point the manifest at a tampered README so the files section alone looks consistent.
        let readme = dir.appendingPathComponent("README.md")
        try Fixtures.makeWritable(readme)
        try Data("# forged\n".utf8).write(to: readme)
        var manifest = try VersionManifest.read(from: dir)
        manifest.files["README.md"] = .init(sha256: SHA256Hex.of("# forged\n"), bytes: 9)
        let manifestURL = dir.appendingPathComponent("manifest.json")
        try Fixtures.makeWritable(manifestURL)
        try CanonicalJSON.encode(manifest).write(to: manifestURL)

        let report = Publisher.verify(versionDirectory: dir)
        #expect(report.problems.count == 1)
        guard case .manifestModified? = report.problems.first else {
            Issue.record("expected manifestModified, got \(report.problems)")
            return
        }
        #expect(report.description.contains("manifest.json was modified"))
    }

    @Test func missingManifestHashAndMovedVersionAreReported() throws {
        let (root, dir) = try published()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("manifest.sha256"))
        let moved = dir.deletingLastPathComponent().appendingPathComponent("v5")
        try FileManager.default.moveItem(at: dir, to: moved)
        let report = Publisher.verify(versionDirectory: moved)
        #expect(report.problems.contains(.manifestHashFileMissing))
        #expect(report.problems.contains(.manifestInconsistent(detail: "it describes version 1 but lies in directory v5")))
    }

    @Test func nonexistentDirectoryIsAProblemNotACrash() {
        let report = Publisher.verify(versionDirectory: URL(fileURLWithPath: "/nonexistent/holdout/v1"))
        #expect(report.problems == [.directoryMissing])
    }
}
