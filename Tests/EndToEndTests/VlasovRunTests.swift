import Foundation
import HoldoutTestSupport
import Publishing
import Testing

/// The real `holdout` binary on the tiny Vlasov–Poisson fixture: generation, the
/// reference-solver ladder on a 2-axis phase-space state, scoring and publishing.
@Suite struct VlasovRunTests {
    let repository = RepositoryPaths.fixtureRepository.path

    @Test func vlasovChallengeRunsEndToEndWithARealLadder() throws {
        let workspace = RepositoryPaths.temporaryDirectory("e2e-vlasov")
        let output = RepositoryPaths.temporaryDirectory("e2e-vlasov-output")
        defer { try? FileManager.default.removeItem(at: workspace); try? FileManager.default.removeItem(at: output) }

        let validated = try HoldoutBinary.run(["tasks", "validate", "\(repository)/Tasks/pde/vlasov-tiny.yaml"])
        #expect(validated.status == 0, "\(validated.output)")

        // A fixed secret, so the comparisons below do not depend on a random draw of cases.
        try RoundSecretFixture.plant(challenge: "vlasov-tiny", in: workspace)
        let result = try HoldoutBinary.run(["run", "--repository", repository, "--challenge", "Tasks/challenges/vlasov-tiny.yaml",
                                            "--workspace", workspace.path, "--output", output.path])
        #expect(result.status == 0, "\(result.output)")
        let url = output.appendingPathComponent("vlasov-tiny/round-0/v1/leaderboard.json")
        let document = try LeaderboardDocument.decode(from: Data(contentsOf: url))
        let task = try #require(document.tasks.first { $0.taskId == "vlasov-tiny" })
        #expect(Set(task.entries.map(\.method)) == ["semi-lagrangian-16", "semi-lagrangian-32", "persistence"])
        for entry in task.entries {
            #expect(entry.status == .complete, "\(entry.method): \(entry.failureReason ?? "")")
            #expect(entry.failureRate == 0)
        }
        // The finer rung (the reference scheme at the observation resolution) beats the coarse
        // one, which beats persistence.
        let vrmse = Dictionary(uniqueKeysWithValues: task.entries.map { ($0.method, $0.metrics["vrmse"]?.mean ?? .nan) })
        #expect(vrmse["semi-lagrangian-32"]! < vrmse["semi-lagrangian-16"]!, "\(vrmse)")
        #expect(vrmse["semi-lagrangian-16"]! < vrmse["persistence"]!, "\(vrmse)")
    }
}
