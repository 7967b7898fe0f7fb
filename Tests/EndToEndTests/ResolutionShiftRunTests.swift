import Foundation
import HoldoutTestSupport
import Publishing
import Store
import Testing

/// The real `holdout` binary on a task with a resolution-shift split (64 points; training 32):
/// methods are asked for the finer grid, scored on it, and the board labels the table.
@Suite struct ResolutionShiftRunTests {
    @Test func methodsAreScoredOnTheFinerGridAndTheBoardLabelsTheSplit() throws {
        let workspace = RepositoryPaths.temporaryDirectory("e2e-shift")
        let output = RepositoryPaths.temporaryDirectory("e2e-shift-output")
        defer { try? FileManager.default.removeItem(at: workspace); try? FileManager.default.removeItem(at: output) }
        // A fixed secret, so the comparisons below do not depend on a random draw of cases.
        try RoundSecretFixture.plant(challenge: "shift-tiny", in: workspace)
        let result = try HoldoutBinary.run(["run", "--repository", RepositoryPaths.fixtureRepository.path,
                                            "--challenge", "Tasks/challenges/shift-tiny.yaml",
                                            "--workspace", workspace.path, "--output", output.path])
        #expect(result.status == 0, "\(result.output)")

        let version = output.appendingPathComponent("shift-tiny/round-0/v1")
        let document = try LeaderboardDocument.decode(from: Data(contentsOf: version.appendingPathComponent("leaderboard.json")))
        let labels = Dictionary(uniqueKeysWithValues: document.tasks.map { ($0.taskId, $0.labels ?? []) })
        #expect(labels == ["burgers-shift-tiny": [], "burgers-shift-tiny/test-ood": ["out of distribution"],
                           "burgers-shift-tiny/test-fine": ["resolution shift: 64 grid (trained on 32)"]])
        let readme = try String(contentsOf: version.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("## burgers-shift-tiny/test-fine (v1.0.0)\n\nSplit: **resolution shift: 64 grid (trained on 32)**."))
        #expect(readme.contains("Split: **out of distribution**."))

        let fine = try #require(document.tasks.first { $0.taskId == "burgers-shift-tiny/test-fine" })
        for entry in fine.entries {
            #expect(entry.status == .complete, "\(entry.method): \(entry.failureReason ?? "")")
            #expect(entry.caseCount == 4)
        }
        // Every prediction of the fine split was asked for, returned and stored on the 64-point grid.
        let store = try ResultStore(path: workspace.appendingPathComponent("holdout.sqlite").path)
        for run in try store.runs(challenge: "shift-tiny", round: 0) {
            let results = try store.caseResults(runID: run.id)
            let shapes = Set(results.filter { $0.split == "test-fine" }.map { $0.predictionShape ?? "none" })
            #expect(shapes == ["1,3,64,1"], "\(run.methodName): \(shapes)")
            #expect(Set(results.filter { $0.split == "test" }.map { $0.predictionShape ?? "none" }) == ["1,3,32,1"])
        }
        func vrmse(_ table: String) -> [String: Double] {
            let task = document.tasks.first { $0.taskId == table }
            return Dictionary(uniqueKeysWithValues: (task?.entries ?? []).map { ($0.method, $0.metrics["vrmse"]?.mean ?? .nan) })
        }
        let onFine = vrmse("burgers-shift-tiny/test-fine")
        // numpy-spectral solves on the grid it is given, so it resolves what the 32-point rung cannot.
        #expect(onFine["numpy-spectral"]! < onFine["spectral-32"]!, "\(onFine)")
        #expect(onFine["spectral-32"]! < onFine["persistence"]!, "\(onFine)")
        // fourier-linear (trained on 32 points) answers on 64 too; how is checked in BuiltinResolutionShiftTests.
        #expect(onFine["fourier-linear"]!.isFinite, "\(onFine)")

        // `holdout score` on the revealed test-fine file scores on its grid like the board: persistence agrees.
        let state = workspace.appendingPathComponent("state/shift-tiny/round-0/hidden")
        let hidden = try #require(FileManager.default.enumerator(atPath: state.path)?.compactMap { $0 as? String }
            .first { $0.hasSuffix("/test-fine-4.h5") })
        let targets = state.appendingPathComponent(hidden)
        let predictions = workspace.appendingPathComponent("persistence-fine.h5")
        try SystemPython.run(SystemPython.persistenceForecast, [targets.path, predictions.path])
        let scored = try HoldoutBinary.run(["score", "--repository", RepositoryPaths.fixtureRepository.path, "--task", "burgers-shift-tiny",
                                            "--json", "--predictions", predictions.path, "--targets", targets.path])
        #expect(scored.status == 0, "\(scored.output)")
        let summaries = try JSONSerialization.jsonObject(with: Data(scored.standardOutput.utf8)) as? [[String: Any]] ?? []
        let local = try #require(summaries.first { $0["metric"] as? String == "vrmse" }?["mean"] as? Double)
        #expect(abs(local - onFine["persistence"]!) < 1e-12, "holdout score \(local) vs board \(onFine["persistence"]!)")
    }
}
