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
        // A fixed secret, so the comparisons below do not depend on a random draw of cases.
        try RoundSecretFixture.plant(challenge: "lorenz96-tiny", in: workspace)
        let result = try HoldoutBinary.run(["run", "--repository", repository, "--challenge", "Tasks/challenges/lorenz96-tiny.yaml",
                                            "--workspace", workspace.path, "--output", output.path])
        #expect(result.status == 0, "\(result.output)")
        let url = output.appendingPathComponent("lorenz96-tiny/round-0/v1/leaderboard.json")
        let document = try LeaderboardDocument.decode(from: Data(contentsOf: url))

        // Two tracks: deterministic methods (one member) ranked by rmse with the spectral ratio
        // beside it; every method in the ensemble table, ranked by fair CRPS.
        let one = try #require(document.tasks.first { $0.taskId == "lorenz96-tiny" })
        #expect(one.track == "deterministic" && one.headlineMetric == "rmse")
        #expect(Set(one.entries.map(\.method)) == ["persistence", "rk4-dt0.05", "rk4-dt0.01", "damped-persistence"])
        let ensemble = try #require(document.tasks.first { $0.taskId == "lorenz96-tiny/ensemble" })
        #expect(ensemble.track == "ensemble" && ensemble.headlineMetric == "crps")
        #expect(Set(ensemble.entries.map(\.method)) == Set(one.entries.map(\.method)).union(["climatology-ensemble", "ens-rk4-dt0.01"]))
        for entry in one.entries + ensemble.entries {
            #expect(entry.status == .complete, "\(entry.method): \(entry.failureReason ?? "")")
            #expect(entry.caseCount == 6)
            #expect(entry.members == (["climatology-ensemble", "ens-rk4-dt0.01"].contains(entry.method) ? 8 : 1))
            #expect(entry.spectralRatio?["high"] != nil && entry.leadCurves?["crps"]?.count == 4)
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
        // The perturbed-analysis ensemble beats the same model's single forecast under fair CRPS
        // (≈ 0.56σ against the MAE ≈ 0.80σ of one draw) and a climatological ensemble by far.
        let crps = Dictionary(uniqueKeysWithValues: ensemble.entries.map { ($0.method, $0.metrics["crps"]?.mean ?? .nan) })
        #expect(crps["ens-rk4-dt0.01"]! < crps["rk4-dt0.01"]!, "\(crps)")
        #expect(crps["ens-rk4-dt0.01"]! < 0.1 * crps["climatology-ensemble"]!, "\(crps)")
        let histogram = try #require(ensemble.entries.first { $0.method == "ens-rk4-dt0.01" }?.rankHistogram)
        #expect(histogram.count == 9 && abs(histogram.reduce(0, +) - 1) < 1e-12)
        let spreadSkill = try #require(ensemble.entries.first { $0.method == "ens-rk4-dt0.01" }?.metrics["spread-skill"]?.mean)
        #expect(spreadSkill > 0.5 && spreadSkill < 2, "spread-skill \(spreadSkill)")
        #expect(ensemble.leadUnit == "Lyapunov times" && ensemble.leadTimes?.last == 0.2 * 1.2)
        // The published pages show both tables, the lead-time plots and the spectra.
        let page = try String(contentsOf: output.appendingPathComponent("lorenz96-tiny/round-0/v1/index.html"), encoding: .utf8)
        #expect(page.contains("lorenz96-tiny/ensemble") && page.contains("class=\"lead-time\"") && page.contains("class=\"spectra\""))
        let readme = try String(contentsOf: output.appendingPathComponent("lorenz96-tiny/round-0/v1/README.md"), encoding: .utf8)
        #expect(readme.contains("## lorenz96-tiny/ensemble") && readme.contains("Ensemble track") && readme.contains("Spectral ratio"))

        let two = try #require(document.tasks.first { $0.taskId == "lorenz96-two-scale-tiny" })
        #expect(Set(two.entries.map(\.method)) == ["persistence", "two-scale-dt0.01"])
        for entry in two.entries {
            #expect(entry.status == .complete, "\(entry.method): \(entry.failureReason ?? "")")
            #expect(entry.caseCount == 4)
        }
    }
}
