import Foundation
import HoldoutTestSupport
import Publishing
import Testing

/// The real `holdout` binary on the tiny Lorenz-96 fixture challenge (one- and two-scale tasks).
@Suite struct Lorenz96RunTests {
    let repository = RepositoryPaths.fixtureRepository.path

    @Test func lorenz96ChallengeRunsEndToEnd() throws {
        let workspace = RepositoryPaths.temporaryDirectory("e2e-l96")
        let output = RepositoryPaths.temporaryDirectory("e2e-l96-output")
        defer { try? FileManager.default.removeItem(at: workspace); try? FileManager.default.removeItem(at: output) }

        for spec in ["weather/lorenz96-tiny.yaml", "weather/lorenz96-two-scale-tiny.yaml"] {
            let validated = try HoldoutBinary.run(["tasks", "validate", "\(repository)/Tasks/\(spec)"])
            #expect(validated.status == 0, "\(validated.output)")
        }
        let result = try HoldoutBinary.run(["run", "--repository", repository, "--challenge", "Tasks/challenges/lorenz96-tiny.yaml",
                                            "--workspace", workspace.path, "--output", output.path])
        #expect(result.status == 0, "\(result.output)")
        let url = output.appendingPathComponent("lorenz96-tiny/round-0/v1/leaderboard.json")
        let document = try LeaderboardDocument.decode(from: Data(contentsOf: url))

        let one = try #require(document.tasks.first { $0.taskId == "lorenz96-tiny" })
        #expect(Set(one.entries.map(\.method)) == ["persistence", "rk4-dt0.05", "rk4-dt0.01"])
        for entry in one.entries {
            #expect(entry.status == .complete, "\(entry.method): \(entry.failureReason ?? "")")
            #expect(entry.caseCount == 6)
            // Temporal separation is measured on the data and, the hidden states being
            // independent spin-ups, raises no alarm (two findings: segment times and data).
            let separation = entry.findings.filter { $0.check == "temporal-separation" }
            #expect(separation.count == 2, "\(entry.findings)")
            #expect(separation.allSatisfy { $0.severity == .info }, "\(separation)")
            #expect(separation.contains { $0.message.contains("Measured on the data") })
        }
        let rmse = Dictionary(uniqueKeysWithValues: one.entries.map { ($0.method, $0.metrics["rmse"]?.mean ?? .nan) })
        // The model forecast from a 0.01-noise analysis beats persistence by far over 0.2 time units.
        #expect(rmse["rk4-dt0.01"]! < 0.2 * rmse["persistence"]!, "\(rmse)")

        let two = try #require(document.tasks.first { $0.taskId == "lorenz96-two-scale-tiny" })
        #expect(Set(two.entries.map(\.method)) == ["persistence", "two-scale-dt0.01"])
        for entry in two.entries {
            #expect(entry.status == .complete, "\(entry.method): \(entry.failureReason ?? "")")
            #expect(entry.caseCount == 4)
        }
    }
}
