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

        let keygen = try holdout(["round", "keygen"])
        #expect(keygen.status == 0)
        let organiserKey = try #require(keygen.standardOutput.components(separatedBy: "Public key (publish it): ").last?
            .trimmingCharacters(in: .whitespacesAndNewlines))
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

        let verified = try holdout(["round", "verify", "--round", "1", "--public-key", organiserKey])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.standardOutput.contains("commitment signature verifies with the organiser's key"))
        #expect(verified.standardOutput.contains("all identical"))
        #expect(verified.standardOutput.contains("challenge file matches its committed SHA-256"))
        #expect(verified.standardOutput.contains("is intact (every file matches its manifest)"))
        // A commitment re-signed by someone else verifies by its own key, but not as the organiser's.
        let stranger = String(repeating: "0f", count: 32)
        let wrongKey = try holdout(["round", "verify", "--round", "1", "--public-key", stranger])
        #expect(wrongKey.status != 0)
        #expect(wrongKey.standardOutput.contains("not the organiser's"))

        // A prediction file swapped for another method's: the re-scoring no longer matches the board.
        let predictions = round.appendingPathComponent("reveal/predictions/burgers-tiny/test")
        let persistence = predictions.appendingPathComponent("persistence.h5")
        try FileManager.default.removeItem(at: persistence)
        try FileManager.default.copyItem(at: predictions.appendingPathComponent("spectral-32.h5"), to: persistence)
        let swapped = try holdout(["round", "verify", "--round", "1"])
        #expect(swapped.status != 0)
        #expect(swapped.standardOutput.contains("re-scoring differs from the published numbers"))
        #expect(swapped.standardOutput.contains("persistence"))

        // A prediction file deleted: its method's published rows can no longer be re-scored.
        try FileManager.default.removeItem(at: persistence)
        let deleted = try holdout(["round", "verify", "--round", "1"])
        #expect(deleted.status != 0)
        #expect(deleted.standardOutput.contains("persistence: no readable predictions"), "\(deleted.output)")

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

        // Round 1's test set is public data now: in the workspace's public data, offered to
        // methods, and searched by round 2's duplicate check.
        let data = workspace.appendingPathComponent("data/burgers-tiny")
        let version = try #require(try FileManager.default.contentsOfDirectory(atPath: data.path).first)
        let revealed = data.appendingPathComponent("\(version)/revealed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: revealed.path) == ["round-1-test.h5"])
        // Planted leak: an organiser reuses a revealed test set (round 2's hidden split copied
        // in as if it had been round 1's). The duplicate check names the revealed round.
        let hidden = workspace.appendingPathComponent("state/tiny/round-2/hidden")
        let task = try #require(try FileManager.default.contentsOfDirectory(atPath: hidden.path).first)
        let test = try #require(try FileManager.default.contentsOfDirectory(atPath: hidden.appendingPathComponent(task).path)
            .first { $0.hasPrefix("test") })
        let planted = revealed.appendingPathComponent("round-1-test.h5")
        try FileManager.default.removeItem(at: planted)
        try FileManager.default.copyItem(at: hidden.appendingPathComponent("\(task)/\(test)"), to: planted)
        let leaky = try holdout(["run", "--only", "persistence"])
        #expect(leaky.status == 0, "\(leaky.output)")
        let leakyBoard = try latestBoard(output.appendingPathComponent("tiny/round-2"))
        #expect(leakyBoard.contains("exact copies of public cases"), "\(leakyBoard)")
        #expect(leakyBoard.contains("round-1-test/"), "\(leakyBoard)")
        // Round 1 searched the public splits only; round 2 searches its revealed test set too.
        func searched(_ board: String) -> Int? {
            guard let range = board.range(of: #"against (\d+) public cases"#, options: .regularExpression) else { return nil }
            return Int(board[range].split(separator: " ")[1])
        }
        let roundOne = try latestBoard(round)
        let before = try #require(searched(roundOne)), after = try #require(searched(leakyBoard))
        #expect(after > before, "round 1 searched \(before) public cases, round 2 \(after)")
    }

    /// The leaderboard.json of the newest published version under a round directory.
    private func latestBoard(_ round: URL) throws -> String {
        let versions = try FileManager.default.contentsOfDirectory(atPath: round.path)
            .filter { $0.hasPrefix("v") }.sorted { Int($0.dropFirst()) ?? 0 < Int($1.dropFirst()) ?? 0 }
        let latest = try #require(versions.last)
        return try String(contentsOf: round.appendingPathComponent("\(latest)/leaderboard.json"), encoding: .utf8)
    }
}
