import Foundation
import HoldoutTestSupport
import Publishing
import Testing

/// The real `holdout` binary on the tiny two-layer QG fixture (32² truth, 16² observation, two
/// components q1, q2): validation (reference self-convergence), generation with per-case
/// spin-ups, the reference-solver ladder at 16² and 32², persistence, scoring and publication,
/// with the jet configuration as an out-of-distribution split.
@Suite struct QuasiGeostrophicRunTests {
    let repository = RepositoryPaths.fixtureRepository.path

    @Test func tinyQGChallengeRunsEndToEnd() throws {
        let validated = try HoldoutBinary.run(["tasks", "validate", "\(repository)/Tasks/weather/qg-tiny.yaml"])
        #expect(validated.status == 0, "\(validated.output)")
        #expect(validated.standardOutput.contains("qg-tiny.yaml: ok"), "\(validated.output)")

        let workspace = RepositoryPaths.temporaryDirectory("e2e-qg-workspace")
        let output = RepositoryPaths.temporaryDirectory("e2e-qg-output")
        defer { try? FileManager.default.removeItem(at: workspace); try? FileManager.default.removeItem(at: output) }
        // A fixed secret, so the comparisons below do not depend on a random draw of cases.
        try RoundSecretFixture.plant(challenge: "qg-tiny", in: workspace)
        let result = try HoldoutBinary.run(["run", "--repository", repository, "--challenge", "Tasks/challenges/qg-tiny.yaml",
                                            "--workspace", workspace.path, "--output", output.path])
        #expect(result.status == 0, "\(result.output)")
        let url = output.appendingPathComponent("qg-tiny/round-0/v1/leaderboard.json")
        let document = try LeaderboardDocument.decode(from: Data(contentsOf: url))
        let task = try #require(document.tasks.first { $0.taskId == "qg-tiny" })
        #expect(Set(task.entries.map(\.method)) == ["spectral-16", "spectral-32", "persistence"], "\(task.entries.map(\.method))")
        for entry in task.entries {
            #expect(entry.status == .complete, "\(entry.method): \(entry.failureReason ?? "")")
            #expect(entry.caseCount == 4)
        }
        // The truth-resolution model from the 16² analysis (its unobserved small scales start at
        // zero) beats persistence over 4 days (rmse ≈ 0.5× here), and beats the 16² rung.
        let rmse = Dictionary(uniqueKeysWithValues: task.entries.map { ($0.method, $0.metrics["rmse"]?.mean ?? .nan) })
        #expect(rmse["spectral-32"]! < 0.7 * rmse["persistence"]!, "\(rmse)")
        #expect(rmse["spectral-32"]! < rmse["spectral-16"]!, "\(rmse)")
        // The ensemble track: the perturbed-analysis ensemble of the truth-resolution model (the
        // "ENS" analogue) beats persistence on fair CRPS.
        let ensemble = try #require(document.tasks.first { $0.taskId == "qg-tiny/ensemble" })
        #expect(ensemble.headlineMetric == "crps")
        let crps = Dictionary(uniqueKeysWithValues: ensemble.entries.map { ($0.method, $0.metrics["crps"]?.mean ?? .nan) })
        #expect(crps["ens-spectral-32"]! < crps["persistence"]!, "\(crps)")
        // The jet configuration is its own table, labelled out of distribution.
        let ood = try #require(document.tasks.first { $0.taskId == "qg-tiny/test-ood" })
        for entry in ood.entries {
            #expect(entry.status == .complete, "\(entry.method): \(entry.failureReason ?? "")")
            #expect(entry.caseCount == 2)
            #expect(entry.notes.contains("out-of-distribution split: test-ood"), "\(entry.notes)")
        }
    }
}
