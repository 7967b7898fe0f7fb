import Foundation
import HoldoutTestSupport
import Publishing
import Testing

/// The real `holdout` binary on the tiny Kuramoto–Sivashinsky fixture challenge.
@Suite struct KuramotoSivashinskyRunTests {
    let repository = RepositoryPaths.fixtureRepository.path

    @Test func tinyChallengeRunsTheLadderInOrderOfAccuracy() throws {
        let workspace = RepositoryPaths.temporaryDirectory("e2e-ks")
        let output = RepositoryPaths.temporaryDirectory("e2e-ks-output")
        defer { try? FileManager.default.removeItem(at: workspace); try? FileManager.default.removeItem(at: output) }

        // A fixed secret: the ladder's order is checked on six cases, which a random draw of
        // hidden cases could occasionally upset (spectral-16 is close to persistence here).
        try RoundSecretFixture.plant(challenge: "ks-tiny", in: workspace)
        let result = try HoldoutBinary.run(["run", "--repository", repository, "--challenge", "Tasks/challenges/ks-tiny.yaml",
                                            "--workspace", workspace.path, "--output", output.path])
        #expect(result.status == 0, "\(result.output)")
        let url = output.appendingPathComponent("ks-tiny/round-0/v1/leaderboard.json")
        let document = try LeaderboardDocument.decode(from: Data(contentsOf: url))
        let task = try #require(document.tasks.first { $0.taskId == "ks-tiny" })
        #expect(Set(task.entries.map(\.method)) == ["spectral-16", "spectral-32", "persistence"])
        for entry in task.entries {
            #expect(entry.status == .complete, "\(entry.method): \(entry.failureReason ?? "")")
            #expect(entry.failureRate == 0)
            #expect(entry.caseCount == 6)
        }
        // The ladder is ordered by accuracy: the finer rung beats the coarser, which beats persistence.
        let vrmse = Dictionary(uniqueKeysWithValues: task.entries.map { ($0.method, $0.metrics["vrmse"]?.mean ?? .nan) })
        #expect(vrmse["spectral-32"]! < vrmse["spectral-16"]!, "\(vrmse)")
        #expect(vrmse["spectral-16"]! < vrmse["persistence"]!, "\(vrmse)")
    }

    /// The shipped spec's reference solver converges at ≈ 4th order after the spin-up (the tiny
    /// fixture's step is chosen for speed and sits in ETDRK4's pre-asymptotic range on KS).
    @Test func validateAcceptsTheShippedSpec() throws {
        let result = try HoldoutBinary.run(["tasks", "validate", "Tasks/pde/kuramoto-sivashinsky-1d.yaml"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("Tasks/pde/kuramoto-sivashinsky-1d.yaml: ok (reference solver self-convergence order"))
    }
}
