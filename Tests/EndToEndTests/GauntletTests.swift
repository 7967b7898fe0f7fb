import Foundation
import HoldoutTestSupport
import Publishing
import Testing

/// The adversarial gauntlet (docs/security.md): every hostile behaviour of
/// `Plugins/gauntlet/hostile` runs beside honest methods in one `holdout run`, through the real
/// binary and sandbox, on a task with tight budgets (`Tasks/pde/burgers-gauntlet.yaml`).
@Suite struct GauntletTests {
    let repository = RepositoryPaths.fixtureRepository.path
    static let honest = ["persistence", "spectral-16", "spectral-32"]

    func run(workspace: URL, output: URL, only: [String]? = nil) throws -> HoldoutBinary.Result {
        try HoldoutBinary.run(["run", "--repository", repository, "--challenge", "Tasks/challenges/gauntlet.yaml",
                               "--workspace", workspace.path, "--output", output.path]
                              + (only.map { ["--only", $0.joined(separator: ",")] } ?? []))
    }

    func task(_ output: URL) throws -> LeaderboardTask {
        let url = output.appendingPathComponent("gauntlet/round-0/v1/leaderboard.json")
        let document = try LeaderboardDocument.decode(from: Data(contentsOf: url))
        return try #require(document.tasks.first { $0.taskId == "burgers-gauntlet" })
    }

    /// What each hostile entry's failure reason must say: the limit or check that stopped it.
    static let expectedReasons: [(String, [String])] = [
        ("escape", ["plugin-error", "escape attempt found nothing outside the sandbox"]),
        ("snoop", ["plugin-error", "found no other submission's code, model or predictions"]),
        ("network", ["plugin-error", "every connection failed (interfaces ['lo'])", "1.1.1.1:53 Network is unreachable",
                     "; DNS ", "unix '/run/docker.sock' No such file or directory"]),
        ("hang", ["timed-out", "time limit exceeded: no answer within 3 s"]),
        ("fork-bomb", ["process-limit", "process limit of 32 reached"]),
        ("memory-hog", ["memory-exceeded", "memory limit of 256 MiB exceeded: the kernel killed the plugin"]),
        ("fill-scratch", ["disk-limit", "scratch disk limit of 8 MiB exceeded", "No space left on device"]),
        ("flood-artifacts", ["disk-limit", "artifact quota exceeded: training stored more than 16 MiB in /artifacts"]),
        ("huge-frame", ["protocol-violation", "payload of 9437184 bytes exceeds the limit of 6400"]),
        ("crash-mid-frame", ["crashed", "closed its pipe"]),
        ("lying-header", ["protocol-violation", "payload of 1099511627776 bytes exceeds the limit"]),
        ("garbage-stdout", ["protocol-violation", "header length"]),
        ("wrong-shape", ["invalid-output", "has shape [3, 1, 3, 16, 1]; expected [3, 1, 3, 32, 1]"]),
        ("wrong-dtype", ["invalid-output", "has dtype 'i64'; expected f64 or f32"]),
        ("nan-output", ["invalid-output", "non-finite"]),
        // Every edit is refused or ignored, and the plugin is still killed at the task's 3 s.
        ("edit-limits", ["timed-out", "time limit exceeded: no answer within 3 s",
                         "limit edits: manifest refused; public-data refused; cgroup refused; rlimit refused; signal-parent ignored; signal-init ignored"]),
        ("missing-manifest", ["could not load the plugin", "plugin.yaml"]),
    ]

    /// Gives a workspace the round secret of the gauntlet's round 0 (the harness would draw one).
    func plant(_ secret: Data, in workspace: URL) throws {
        try RoundSecretFixture.plant(secret, challenge: "gauntlet", in: workspace)
    }

    @Test func everyHostilePluginFailsWithItsReasonWhileHonestMethodsScoreAsAlone() async throws {
        let workspace = RepositoryPaths.temporaryDirectory("e2e-gauntlet")
        let output = RepositoryPaths.temporaryDirectory("e2e-gauntlet-output")
        let alone = RepositoryPaths.temporaryDirectory("e2e-gauntlet-alone")
        let aloneOutput = RepositoryPaths.temporaryDirectory("e2e-gauntlet-alone-output")
        defer { for url in [workspace, output, alone, aloneOutput] { try? FileManager.default.removeItem(at: url) } }

        // The same round secret (so the same hidden cases) for the gauntlet and for the honest
        // methods alone, which run at the same time in a workspace of their own.
        let secret = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
        try plant(secret, in: workspace)
        try plant(secret, in: alone)
        let honestAlone = Task.detached { [self] in try run(workspace: alone, output: aloneOutput, only: Self.honest) }
        let result = try run(workspace: workspace, output: output)
        #expect(result.status == 0, "\(result.output)")
        let task = try task(output)
        func entry(_ name: String) -> LeaderboardEntry? { task.entries.first { $0.method == name } }

        for (name, fragments) in Self.expectedReasons {
            guard let hostile = entry(name) else {
                Issue.record("\(name) is not on the board")
                continue
            }
            #expect(hostile.status == .failed, "\(name) status \(hostile.status)")
            #expect(hostile.failureRate == 1, "\(name) failure rate \(hostile.failureRate)")
            let reason = hostile.failureReason ?? ""
            for fragment in fragments { #expect(reason.contains(fragment), "\(name): '\(reason)' lacks '\(fragment)'") }
            for escaped in ["ESCAPED", "SNOOPED", "NETWORK REACHED", "DONE"] { #expect(!reason.contains(escaped), "\(name): \(reason)") }
            // Failures are scored with the failure substitute, never dropped: vrmse ≥ 1 by construction.
            if name != "missing-manifest" { #expect((hostile.metrics["vrmse"]?.mean ?? 0) >= 1 - 1e-6, "\(name)") }
        }

        // A spinner is stopped by the CPU budget (1.5 CPU s for its process) when the machine grants
        // it the CPU, by the 3 s deadline when the machine is too busy to: either is a time limit.
        let spinner = try #require(entry("spin-cpu")?.failureReason)
        #expect(spinner.hasPrefix("cpu-budget-exceeded: used more CPU time than its budget")
                || spinner.hasPrefix("timed-out: time limit exceeded: no answer within 3 s"), "\(spinner)")

        // The artifact flood was killed and what it wrote removed from the host's disk.
        let flooded = FileManager.default.enumerator(atPath: workspace.path)?.compactMap { $0 as? String }
            .filter { ($0 as NSString).lastPathComponent.hasPrefix("flood-") } ?? []
        #expect(flooded.isEmpty, "\(flooded.count) flood files left, e.g. \(flooded.prefix(3))")

        // Non-determinism is a finding on a completed, scored run, not a failure.
        let noisy = try #require(entry("nondeterministic"))
        #expect(noisy.status == .complete && noisy.failureRate == 0, "\(noisy.status) \(noisy.failureReason ?? "")")
        #expect(noisy.findings.contains { $0.check == "determinism" && $0.severity == .critical
            && $0.message.contains("predicted alone in two fresh processes gives different predictions") }, "\(noisy.findings)")
        #expect(noisy.findings.contains { $0.check == "context-invariance" && $0.severity == .warning
            && $0.message.contains("cannot be judged") }, "\(noisy.findings)")

        // The honest methods, evaluated with the same round secret but without any hostile
        // neighbour, get exactly the same scores: the gauntlet disturbed nothing.
        let honestRun = try await honestAlone.value
        #expect(honestRun.status == 0, "\(honestRun.output)")
        let reference = try self.task(aloneOutput)
        for name in Self.honest {
            let beside = try #require(entry(name), "\(name) is missing from the gauntlet board")
            let solo = try #require(reference.entries.first { $0.method == name }, "\(name) is missing from the honest board")
            #expect(beside.status == .complete && beside.failureRate == 0, "\(name): \(beside.failureReason ?? "")")
            #expect(beside.caseCount == solo.caseCount && beside.caseCount == 6)
            for metric in ["vrmse", "rmse", "correlation"] {
                let a = try #require(beside.metrics[metric]?.mean), b = try #require(solo.metrics[metric]?.mean)
                #expect(a == b, "\(name) \(metric): \(a) beside the gauntlet, \(b) alone")
            }
        }
    }
}
