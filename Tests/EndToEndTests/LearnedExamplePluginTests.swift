import Foundation
import HoldoutTestSupport
import Publishing
import Testing

/// The learned example plugins (Plugins/examples: edmd-koopman, fno-pdequinox and its open-track
/// variant, pinn-jax) on a tiny Burgers task, through the real binary and sandbox.
@Suite(.serialized) struct LearnedExamplePluginTests {
    let repository = RepositoryPaths.fixtureRepository.path

    /// Whether the JAX plugins' environment is installed (`.ci/run` installs it with
    /// `holdout plugin install`); asked of the real binary, which knows where environments live.
    static let jaxEnvironmentInstalled: Bool = {
        let plugin = RepositoryPaths.root.appendingPathComponent("Plugins/examples/fno-pdequinox").path
        return (try? HoldoutBinary.run(["plugin", "install", "--check", plugin]))?.status == 0
    }()

    func run(only: String? = nil) throws -> (HoldoutBinary.Result, LeaderboardTask?) {
        let workspace = RepositoryPaths.temporaryDirectory("e2e-learned-workspace")
        let output = RepositoryPaths.temporaryDirectory("e2e-learned-output")
        defer { try? FileManager.default.removeItem(at: workspace); try? FileManager.default.removeItem(at: output) }
        let result = try HoldoutBinary.run(["run", "--repository", repository, "--challenge", "Tasks/challenges/ml-tiny.yaml",
                                            "--workspace", workspace.path, "--output", output.path] + (only.map { ["--only", $0] } ?? []))
        let url = output.appendingPathComponent("ml-tiny/round-0/v1/leaderboard.json")
        let task = (try? LeaderboardDocument.decode(from: Data(contentsOf: url)))?.tasks.first
        return (result, task)
    }

    func headline(_ task: LeaderboardTask, _ method: String) -> Double {
        task.entries.first { $0.method == method }?.metrics[task.headlineMetric]?.mean ?? .nan
    }

    /// numpy only: runs everywhere.
    @Test func edmdKoopmanTrainsAndBeatsPersistence() throws {
        let (result, board) = try run(only: "persistence,edmd-koopman")
        #expect(result.status == 0, "\(result.output)")
        let task = try #require(board)
        let edmd = try #require(task.entries.first { $0.method == "edmd-koopman" })
        #expect(edmd.status == .complete, "\(edmd.failureReason ?? "")")
        #expect(edmd.track == .budgeted && edmd.cost.trainWallSeconds != nil)
        #expect(headline(task, "edmd-koopman") < headline(task, "persistence"))
    }

    // Skipped unless the JAX environment is installed: `holdout plugin install Plugins/examples/fno-pdequinox`
    // (about 650 MB from PyPI; CI does it). The PINN solves every case, so the task has five.
    @Test(.enabled(if: jaxEnvironmentInstalled, "JAX environment not installed: run `holdout plugin install Plugins/examples/fno-pdequinox`"))
    func fnoBothTracksAndPINNRunInTheSandbox() throws {
        let (result, board) = try run()
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.standardOutput.contains("not run"), "\(result.output)")
        let task = try #require(board)
        for method in ["fno-pdequinox", "fno-pdequinox-open", "pinn-jax"] {
            let entry = try #require(task.entries.first { $0.method == method }, "\(method) missing")
            #expect(entry.status == .complete, "\(method): \(entry.failureReason ?? "")")
            #expect(entry.sandboxed)
            #expect(headline(task, method).isFinite)
        }
        // The board labels the training policy: the FNO appears in both tracks.
        #expect(task.entries.first { $0.method == "fno-pdequinox" }?.track == .budgeted)
        #expect(task.entries.first { $0.method == "fno-pdequinox-open" }?.track == .open)
        #expect(task.entries.first { $0.method == "fno-pdequinox" }?.cost.trainWallSeconds != nil)
        #expect(task.entries.first { $0.method == "fno-pdequinox-open" }?.cost.trainWallSeconds == nil)
        // Solving the PDE from the initial condition beats doing nothing.
        #expect(headline(task, "pinn-jax") < headline(task, "persistence"))
        #expect(headline(task, "fno-pdequinox-open") < headline(task, "persistence"))
    }
}
