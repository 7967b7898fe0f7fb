import Foundation
import HoldoutTestSupport
import Publishing
import Testing

/// The real `holdout` binary on the tiny fixture challenges, through the real sandbox.
@Suite struct RunCommandTests {
    let repository = RepositoryPaths.fixtureRepository.path

    func run(_ challenge: String, workspace: URL, output: URL) throws -> HoldoutBinary.Result {
        try HoldoutBinary.run(["run", "--repository", repository, "--challenge", "Tasks/challenges/\(challenge).yaml",
                               "--workspace", workspace.path, "--output", output.path])
    }

    func board(_ output: URL, challenge: String, version: Int = 1) throws -> LeaderboardDocument {
        let url = output.appendingPathComponent("\(challenge)/round-0/v\(version)/leaderboard.json")
        return try LeaderboardDocument.decode(from: Data(contentsOf: url))
    }

    @Test func tinyChallengeRunsEndToEndAndPublishesAVerifiableVersion() throws {
        let workspace = RepositoryPaths.temporaryDirectory("e2e-workspace")
        let output = RepositoryPaths.temporaryDirectory("e2e-output")
        defer { try? FileManager.default.removeItem(at: workspace); try? FileManager.default.removeItem(at: output) }

        let first = try run("tiny", workspace: workspace, output: output)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.standardOutput.contains("Published leaderboard version v1"))
        let document = try board(output, challenge: "tiny")
        let task = try #require(document.tasks.first { $0.taskId == "burgers-tiny" })
        let methods = Set(task.entries.map(\.method))
        #expect(methods == ["spectral-16", "spectral-32", "persistence", "fourier-linear", "numpy-spectral"])
        for entry in task.entries {
            #expect(entry.status == .complete, "\(entry.method): \(entry.failureReason ?? "")")
            #expect(entry.sandboxed, "\(entry.method) ran unsandboxed")
            #expect(entry.failureRate == 0)
            #expect(entry.caseCount == 6)
        }
        // The finer rung is more accurate than the coarser one and than persistence: the ladder is real.
        let vrmse = Dictionary(uniqueKeysWithValues: task.entries.map { ($0.method, $0.metrics["vrmse"]?.mean ?? .nan) })
        #expect(vrmse["spectral-32"]! < vrmse["spectral-16"]!)
        #expect(vrmse["spectral-16"]! < vrmse["persistence"]!)
        // numpy-spectral integrates the same equation at the same resolution: it lands on the ladder.
        #expect(abs(vrmse["numpy-spectral"]! - vrmse["spectral-32"]!) < 0.1 * vrmse["spectral-32"]!)
        #expect(task.entries.first { $0.method == "fourier-linear" }?.cost.trainWallSeconds != nil)

        let version = output.appendingPathComponent("tiny/round-0/v1")
        let verified = try HoldoutBinary.run(["leaderboard", "verify", version.path])
        #expect(verified.status == 0, "\(verified.output)")
        for file in ["leaderboard.json", "README.md", "index.html", "manifest.json", "cases.csv"] {
            #expect(FileManager.default.fileExists(atPath: version.appendingPathComponent(file).path), "\(file) missing")
        }
        let csv = try String(contentsOf: version.appendingPathComponent("cases.csv"), encoding: .utf8)
        #expect(csv.split(whereSeparator: \.isNewline).count == 1 + 5 * 6)

        // Nothing changed: publishing again is a no-op.
        let again = try run("tiny", workspace: workspace, output: output)
        #expect(again.status == 0)
        #expect(again.standardOutput.contains("Leaderboard unchanged; latest version v1"),
                "\(again.standardOutput.split(separator: "\n").suffix(3)) \((try? String(contentsOf: output.appendingPathComponent("tiny/round-0/v2/CHANGELOG.md"), encoding: .utf8)) ?? "")")

        // Any edit of a published file is detected.
        let readme = version.appendingPathComponent("README.md")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: readme.path)
        try (String(contentsOf: readme, encoding: .utf8) + "\nedited").write(to: readme, atomically: true, encoding: .utf8)
        let tampered = try HoldoutBinary.run(["leaderboard", "verify", version.path])
        #expect(tampered.status != 0)
        #expect(tampered.output.contains("README.md"))
    }

    @Test func brokenSpecsAreReportedWithFileLineAndColumn() throws {
        let directory = RepositoryPaths.temporaryDirectory("e2e-spec")
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = directory.appendingPathComponent("bad.yaml")
        let text = try String(contentsOf: RepositoryPaths.burgersSpec, encoding: .utf8)
            .replacingOccurrences(of: "  interval: 0.1", with: "  intervall: 0.1")
        try text.write(to: spec, atomically: true, encoding: .utf8)
        let result = try HoldoutBinary.run(["tasks", "validate", spec.path])
        #expect(result.status != 0)
        #expect(result.output.contains("\(spec.path):"))
        #expect(result.output.contains("unknown key 'intervall' in 'observation'"))
        #expect(result.output.contains("did you mean 'interval'"))
    }

    @Test func validateChecksTheShippedSpecsAndSolverConvergence() throws {
        // Every shipped spec and challenge; the official 256² QG task is parsed but not probed
        // (its probe alone takes minutes in a debug build); its 64² version, the same equation
        // and parameters, is probed.
        let result = try HoldoutBinary.run(["tasks", "validate", "--skip-convergence", "Tasks/weather/qg-two-layer.yaml"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("Tasks/pde/burgers-1d.yaml: ok (reference solver self-convergence order"))
        #expect(result.output.contains("Tasks/challenges/starter.yaml: ok"))
        #expect(result.output.contains("Tasks/weather/qg-two-layer.yaml: ok (parsed; self-convergence not probed"))
        #expect(result.output.contains("Tasks/weather/qg-two-layer-small.yaml: ok (reference solver self-convergence order"))
    }
}

extension RunCommandTests {
    @Test func unsandboxedRunsWorkButAreFlagged() throws {
        let workspace = RepositoryPaths.temporaryDirectory("e2e-unsandboxed")
        let output = RepositoryPaths.temporaryDirectory("e2e-unsandboxed-output")
        defer { try? FileManager.default.removeItem(at: workspace); try? FileManager.default.removeItem(at: output) }
        let result = try HoldoutBinary.run(["run", "--repository", repository, "--challenge", "Tasks/challenges/tiny.yaml",
                                            "--workspace", workspace.path, "--output", output.path, "--unsandboxed"])
        #expect(result.status == 0, "\(result.output)")
        let task = try #require(try board(output, challenge: "tiny").tasks.first)
        for entry in task.entries {
            #expect(entry.status == .complete, "\(entry.method): \(entry.failureReason ?? "")")
            #expect(!entry.sandboxed)
            #expect(entry.findings.contains { $0.check == "sandbox-audit" && $0.severity == .critical })
        }
    }
}
