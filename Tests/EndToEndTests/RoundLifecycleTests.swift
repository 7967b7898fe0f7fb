import Foundation
import HoldoutTestSupport
import Testing

/// A whole round through the real binary: keygen, open, evaluate, close, verify; then tampering.
@Suite struct RoundLifecycleTests {
    @Test func aClosedRoundVerifiesAndAnyTamperingIsCaught() throws {
        let workspace = RepositoryPaths.temporaryDirectory("e2e-round")
        let output = RepositoryPaths.temporaryDirectory("e2e-round-output")
        defer { try? FileManager.default.removeItem(at: workspace); try? FileManager.default.removeItem(at: output) }
        let common = ["--repository", RepositoryPaths.fixtureRepository.path, "--challenge", "Tasks/challenges/tiny.yaml",
                      "--workspace", workspace.path, "--output", output.path]
        func holdout(_ arguments: [String]) throws -> HoldoutBinary.Result { try HoldoutBinary.run(arguments + common) }

        #expect(try holdout(["round", "keygen"]).status == 0)
        let opened = try holdout(["round", "open"])
        #expect(opened.status == 0, "\(opened.output)")
        #expect(opened.standardOutput.contains("Opened round 1"))
        let round = output.appendingPathComponent("tiny/round-1")
        #expect(FileManager.default.fileExists(atPath: round.appendingPathComponent("commitment.json").path))
        // The secret and the hidden cases stay in the organiser's state, unreadable to others.
        let secret = workspace.appendingPathComponent("state/tiny/round-1/secret")
        let mode = try FileManager.default.attributesOfItem(atPath: secret.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try holdout(["round", "open"]).status != 0, "a second round opened while one is open")

        let ran = try holdout(["run"])
        #expect(ran.status == 0, "\(ran.output)")
        #expect(ran.standardOutput.contains("round-1 (open)"))
        let closed = try holdout(["round", "close"])
        #expect(closed.status == 0, "\(closed.output)")
        for revealed in ["reveal/secret.hex", "reveal/test-data/burgers-tiny/test.h5", "reveal/predictions/burgers-tiny/test/persistence.h5"] {
            #expect(FileManager.default.fileExists(atPath: round.appendingPathComponent(revealed).path), "\(revealed) missing")
        }

        let verified = try holdout(["round", "verify", "--round", "1"])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.standardOutput.contains("commitment signature verifies"))
        #expect(verified.standardOutput.contains("all identical"))

        // A prediction file swapped for another method's: the re-scoring no longer matches the board.
        let predictions = round.appendingPathComponent("reveal/predictions/burgers-tiny/test")
        let persistence = predictions.appendingPathComponent("persistence.h5")
        try FileManager.default.removeItem(at: persistence)
        try FileManager.default.copyItem(at: predictions.appendingPathComponent("spectral-32.h5"), to: persistence)
        let swapped = try holdout(["round", "verify", "--round", "1"])
        #expect(swapped.status != 0)
        #expect(swapped.standardOutput.contains("re-scoring differs from the published numbers"))
        #expect(swapped.standardOutput.contains("persistence"))

        // A different secret: its hash no longer matches the commitment.
        try String(repeating: "ab", count: 32).write(to: round.appendingPathComponent("reveal/secret.hex"), atomically: true, encoding: .utf8)
        let forged = try holdout(["round", "verify", "--round", "1"])
        #expect(forged.status != 0)
        #expect(forged.standardOutput.contains("revealed secret does not match the committed SHA-256"))

        // The next round gets a new secret and new cases.
        let rotated = try holdout(["round", "rotate"])
        #expect(rotated.status == 0, "\(rotated.output)")
        #expect(rotated.standardOutput.contains("Opened round 2"))
        let first = try String(contentsOf: round.appendingPathComponent("commitment.json"), encoding: .utf8)
        let second = try String(contentsOf: output.appendingPathComponent("tiny/round-2/commitment.json"), encoding: .utf8)
        #expect(first != second)
    }
}
