import Foundation
import HoldoutTestSupport
import Publishing
import Testing

/// The real `holdout` binary on the tiny 2-D Navier–Stokes fixture (32² reference, 16² observation):
/// validation (reference self-convergence), then generation, the reference-solver ladder at 8², 16²
/// and 32² (zero-padding the 16² input for the finer rung), persistence, scoring and publication.
@Suite struct NavierStokesRunTests {
    let repository = RepositoryPaths.fixtureRepository.path

    @Test func tinyNavierStokesTaskValidates() throws {
        let result = try HoldoutBinary.run(["tasks", "validate", "\(repository)/Tasks/pde/navier-stokes-tiny.yaml"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.standardOutput.contains("navier-stokes-tiny.yaml: ok"), "\(result.output)")
    }

    @Test func tinyNavierStokesChallengeRunsWithAConvergingLadder() throws {
        let workspace = RepositoryPaths.temporaryDirectory("e2e-ns-workspace")
        let output = RepositoryPaths.temporaryDirectory("e2e-ns-output")
        defer { try? FileManager.default.removeItem(at: workspace); try? FileManager.default.removeItem(at: output) }

        // A fixed secret, so the comparisons below do not depend on a random draw of cases.
        try RoundSecretFixture.plant(challenge: "ns-tiny", in: workspace)
        let result = try HoldoutBinary.run(["run", "--repository", repository, "--challenge", "Tasks/challenges/ns-tiny.yaml",
                                            "--workspace", workspace.path, "--output", output.path])
        #expect(result.status == 0, "\(result.output)")
        let url = output.appendingPathComponent("ns-tiny/round-0/v1/leaderboard.json")
        let document = try LeaderboardDocument.decode(from: Data(contentsOf: url))
        let task = try #require(document.tasks.first { $0.taskId == "navier-stokes-tiny" })
        #expect(Set(task.entries.map(\.method)) == ["spectral-8", "spectral-16", "spectral-32", "persistence"])
        for entry in task.entries {
            #expect(entry.status == .complete, "\(entry.method): \(entry.failureReason ?? "")")
            #expect(entry.failureRate == 0)
            #expect(entry.caseCount == 4)
        }
        // Each finer rung is more accurate (by a wide margin), and every rung beats persistence.
        let vrmse = Dictionary(uniqueKeysWithValues: task.entries.map { ($0.method, $0.metrics["vrmse"]?.mean ?? .nan) })
        #expect(vrmse["spectral-32"]! < 0.1 * vrmse["spectral-16"]!, "\(vrmse)")
        #expect(vrmse["spectral-16"]! < 0.5 * vrmse["spectral-8"]!, "\(vrmse)")
        #expect(vrmse["spectral-8"]! < vrmse["persistence"]!, "\(vrmse)")
    }
}
