import Foundation
import Testing
@testable import MethodHost

/// The bound on a host directory a process writes (a training process's /artifacts).
@Suite struct DirectoryQuotaTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quota-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func countsFilesAndAllocatedBytesInNestedDirectories() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let nested = root.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        try Data(repeating: 1, count: 300_000).write(to: nested.appendingPathComponent("weights.bin"))
        try Data(repeating: 2, count: 10).write(to: root.appendingPathComponent("small"))
        // A sparse file takes (almost) no disk, whatever its apparent size.
        let sparse = root.appendingPathComponent("sparse").path
        #expect(FileManager.default.createFile(atPath: sparse, contents: nil))
        #expect(truncate(sparse, 1 << 30) == 0)

        let usage = DirectoryQuota(path: root.path, maximumBytes: 1 << 40, maximumEntries: 100).usage()
        #expect(usage.entries == 5)  // a, a/b, weights.bin, small, sparse
        #expect(usage.bytes >= 300_000 && usage.bytes < 1 << 20, "\(usage.bytes)")
        #expect(DirectoryQuota(path: root.path, maximumBytes: 1 << 20, maximumEntries: 5).violation() == nil)
        #expect(DirectoryQuota(path: root.path, maximumBytes: 1 << 20, maximumEntries: 4).violation() == "more than 4 files")
        #expect(DirectoryQuota(path: root.path, maximumBytes: 100_000, maximumEntries: 100).violation() == "more than 100000 bytes")
    }

    @Test func linksAreCountedNotFollowedAndDepthIsBounded() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // A link to a large host directory counts as one entry of (almost) no size.
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("usr").path, withDestinationPath: "/usr")
        let quota = DirectoryQuota(path: root.path, maximumBytes: 1 << 20, maximumEntries: 100)
        #expect(quota.usage().entries == 1)
        #expect(quota.violation() == nil)
        // Nesting past the walk's depth is a violation of its own (the walk holds one descriptor a level).
        let deep = (0...DirectoryQuota.maximumDepth).map { _ in "d" }.joined(separator: "/")
        try FileManager.default.createDirectory(at: root.appendingPathComponent(deep), withIntermediateDirectories: true)
        #expect(quota.violation() == "directories nested more than \(DirectoryQuota.maximumDepth) deep")
    }

    @Test func namesThatAreNotUTF8AreCountedAndRemoved() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // A directory named 0xFF holding 3 MiB: converting names to String would hide it.
        let bytes: [UInt8] = [0xFF]
        let path = Array(root.path.utf8) + [0x2F] + bytes
        #expect((path + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { mkdir($0.baseAddress!, 0o755) } } == 0)
        for index in 0..<3 {
            let file = path + Array("/f\(index)".utf8) + [0]
            let fd = file.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) } }
            #expect(fd >= 0)
            let chunk = [UInt8](repeating: 7, count: 1 << 20)
            #expect(chunk.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) } == 1 << 20)
            close(fd)
        }
        let quota = DirectoryQuota(path: root.path, maximumBytes: 2 << 20, maximumEntries: 100)
        #expect(quota.violation() == "more than 2 MiB")

        // Emptying handles the same names, a directory made unreadable and unwritable, and a link
        // out of the tree (whose target must survive).
        let outside = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: outside) }
        try Data("keep".utf8).write(to: outside.appendingPathComponent("precious"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("out").path, withDestinationPath: outside.path)
        let locked = root.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked.appendingPathComponent("inner"), withIntermediateDirectories: true)
        #expect(chmod(locked.path, 0) == 0)
        try quota.removeContents()
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
        #expect(quota.usage() == DirectoryQuota.Usage())
        #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent("precious").path))
        let siblings = try FileManager.default.contentsOfDirectory(atPath: root.deletingLastPathComponent().path)
        #expect(!siblings.contains { $0.hasPrefix(root.lastPathComponent + ".removing-") }, "\(siblings)")
    }

    @Test func aProcessFloodingItsDirectoryIsKilledWhileTheHarnessWaits() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // Many files, each small: no file-size limit stops this, only the directory's bound.
        let script = "i=0; while :; do head -c 65536 /dev/zero > \"$0/f$i\"; i=$((i+1)); done"
        let child = try ChildProcess(executable: "/bin/sh", arguments: ["-c", script, root.path],
                                     directoryQuota: DirectoryQuota(path: root.path, maximumBytes: 4 << 20, maximumEntries: 1_000))
        #expect(throws: ChildProcessError.directoryQuotaExceeded("more than 4 MiB")) {
            _ = try child.readSome(deadline: .now + .seconds(60))
        }
        let outcome = child.wait()
        #expect(outcome.killedBy == .directoryQuota)
        #expect(outcome.status == .signaled(9))
    }
}
