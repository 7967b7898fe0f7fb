import Foundation
import HoldoutTestSupport
import Publishing
import Testing

/// Leakage checks on planted leaks, through the real binary and sandbox.
@Suite struct LeakageCheckTests {
    @Test func plantedLeaksAreCaughtAndCleanRunsRaiseNoAlarm() throws {
        let workspace = RepositoryPaths.temporaryDirectory("e2e-leaky")
        let output = RepositoryPaths.temporaryDirectory("e2e-leaky-output")
        defer { try? FileManager.default.removeItem(at: workspace); try? FileManager.default.removeItem(at: output) }
        let result = try HoldoutBinary.run(["run", "--repository", RepositoryPaths.fixtureRepository.path,
                                            "--challenge", "Tasks/challenges/leaky.yaml",
                                            "--workspace", workspace.path, "--output", output.path])
        #expect(result.status == 0, "\(result.output)")
        let document = try LeaderboardDocument.decode(from: Data(contentsOf: output.appendingPathComponent("leaky/round-0/v1/leaderboard.json")))
        let task = try #require(document.tasks.first)
        func entry(_ name: String) throws -> LeaderboardEntry { try #require(task.entries.first { $0.method == name }) }

        // Context invariance: batch statistics are caught; deterministic per-case methods are clean.
        let leaky = try entry("batch-normaliser").findings.filter { $0.check == "context-invariance" }
        #expect(leaky.contains { $0.severity == .critical && $0.message.contains("depends on the other test cases") }, "\(leaky)")
        for clean in ["persistence", "numpy-spectral", "spectral-16", "spectral-32"] {
            let findings = try entry(clean).findings.filter { $0.check == "context-invariance" }
            #expect(findings.count == 1 && findings[0].severity == .info, "\(clean): \(findings)")
        }

        // Illegitimate inputs: a plugin sees the declared inputs and nothing that identifies a case.
        let seen = try #require(entry("inspector").failureReason)
        #expect(seen.contains("SEEN"))
        for forbidden in ["seed", "case_id", "index", "split", "secret", "HOLDOUT", "test-0", "round"] {
            #expect(!seen.contains(forbidden), "a plugin could see '\(forbidden)': \(seen)")
        }
        #expect(seen.contains(#""arrays": {"inputs": [3, 1, 32, 1], "parameters": [3, 1]}"#), "\(seen)")
        #expect(seen.contains(#""data": ["stats.yaml", "train-8.h5", "validation-4.h5"]"#), "\(seen)")
    }
}

extension LeakageCheckTests {
    @Test func everyRunRecordsTheDuplicateSearchAndACleanTaskRaisesNoAlarm() throws {
        let workspace = RepositoryPaths.temporaryDirectory("e2e-duplicates")
        let output = RepositoryPaths.temporaryDirectory("e2e-duplicates-output")
        defer { try? FileManager.default.removeItem(at: workspace); try? FileManager.default.removeItem(at: output) }
        let result = try HoldoutBinary.run(["run", "--repository", RepositoryPaths.fixtureRepository.path,
                                            "--challenge", "Tasks/challenges/tiny.yaml", "--only", "persistence",
                                            "--workspace", workspace.path, "--output", output.path])
        #expect(result.status == 0, "\(result.output)")
        let document = try LeaderboardDocument.decode(from: Data(contentsOf: output.appendingPathComponent("tiny/round-0/v1/leaderboard.json")))
        let findings = try #require(document.tasks.first?.entries.first { $0.method == "persistence" }?.findings)
        let duplicates = findings.filter { $0.check == "duplicates" }
        #expect(duplicates.count == 1 && duplicates[0].severity == .info, "\(duplicates)")
        // Persistence was also run on the public validation split; its gap to the hidden split is reported.
        let gap = findings.filter { $0.check == "generalisation-gap" }
        #expect(gap.count == 1 && gap[0].message.contains("persistence"), "\(gap)")
    }
}
