import Foundation
import HoldoutTestSupport
import Publishing
import Testing

/// A plugin's declared requirements, installed by the harness into an environment of their own
/// (pip in a sandbox with network, mounted read-only at /env), through the real binary.
///
/// These tests reach PyPI (as CI does); each uses a fresh environment cache, so the install
/// itself is exercised every time.
@Suite(.serialized) struct PluginEnvironmentTests {
    /// A throw-away repository: the tiny Burgers task, a challenge with persistence and one
    /// plugin whose plugin.yaml declares `requirements`.
    struct Scratch {
        let root = RepositoryPaths.temporaryDirectory("e2e-requirements")
        var repository: URL { root.appendingPathComponent("repository") }
        var workspace: URL { root.appendingPathComponent("workspace") }
        var output: URL { root.appendingPathComponent("output") }
        var environments: URL { root.appendingPathComponent("environments") }

        init(requirements: [String], pluginPy: String) throws {
            let manager = FileManager.default
            let tasks = repository.appendingPathComponent("Tasks")
            try manager.createDirectory(at: tasks.appendingPathComponent("pde"), withIntermediateDirectories: true)
            try manager.createDirectory(at: tasks.appendingPathComponent("challenges"), withIntermediateDirectories: true)
            try manager.copyItem(at: RepositoryPaths.fixtureRepository.appendingPathComponent("Tasks/pde/burgers-tiny.yaml"),
                                 to: tasks.appendingPathComponent("pde/burgers-tiny.yaml"))
            try Data("""
                id: requirements
                title: A plugin with requirements (tests only)
                round: 0
                tasks:
                  - spec: pde/burgers-tiny.yaml
                methods:
                  - {name: persistence, builtin: persistence}
                  - {name: with-requirements, plugin: plugin}

                """.utf8).write(to: tasks.appendingPathComponent("challenges/requirements.yaml"))
            let plugin = repository.appendingPathComponent("plugin")
            try manager.createDirectory(at: plugin, withIntermediateDirectories: true)
            // The shared SDK, linked as the example plugins link it (staging copies it in).
            try manager.createSymbolicLink(at: plugin.appendingPathComponent("holdout_sdk"),
                                           withDestinationURL: RepositoryPaths.root.appendingPathComponent("Plugins/python/holdout_sdk"))
            try Data(pluginPy.utf8).write(to: plugin.appendingPathComponent("plugin.py"))
            let list = requirements.map { "  - \($0)" }.joined(separator: "\n")
            try Data("name: with-requirements\ncommand: [python3, plugin.py]\nrequirements:\n\(list)\n".utf8)
                .write(to: plugin.appendingPathComponent("plugin.yaml"))
        }

        func run(_ extra: [String] = []) throws -> HoldoutBinary.Result {
            try HoldoutBinary.run(["run", "--repository", repository.path, "--challenge", "Tasks/challenges/requirements.yaml",
                                   "--workspace", workspace.path, "--output", output.path] + extra,
                                  environment: ["HOLDOUT_ENVIRONMENTS": environments.path])
        }

        func board(version: Int) throws -> LeaderboardTask {
            let url = output.appendingPathComponent("requirements/round-0/v\(version)/leaderboard.json")
            let document = try LeaderboardDocument.decode(from: Data(contentsOf: url))
            return try #require(document.tasks.first)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    /// Persistence through the SDK, but only if `inflection` (not on the host) imports and the
    /// interpreter is the environment's, mounted at /env.
    static let pluginUsingInflection = """
        import sys
        import holdout_sdk
        import inflection

        class UsesInflection(holdout_sdk.Method):
            def predict(self, inputs, parameters):
                if sys.prefix != "/env" or not inflection.__file__.startswith("/env/"):
                    raise RuntimeError("not running in the plugin's environment: %s %s" % (sys.prefix, inflection.__file__))
                if inflection.camelize("holdout_sdk") != "HoldoutSdk":
                    raise RuntimeError("inflection does not work")
                return inputs[:, -1:].repeat(self.task.output_frames, axis=1)

        holdout_sdk.serve(UsesInflection)

        """

    @Test func missingRequirementsAreListedThenInstalledInASandboxAndUsed() throws {
        let scratch = try Scratch(requirements: ["inflection==0.5.1", "numpy==2.4.6", "h5py==3.16.0"],
                                  pluginPy: Self.pluginUsingInflection)
        defer { scratch.remove() }

        // Without --install: the method is not run, and the output says how to install it.
        let listed = try scratch.run()
        #expect(listed.status == 0, "\(listed.output)")
        #expect(listed.standardOutput.contains("with-requirements — not run: missing dependency — install with: holdout plugin install plugin"),
                "\(listed.output)")
        let first = try scratch.board(version: 1).entries.map(\.method)
        #expect(first.contains("persistence") && !first.contains("with-requirements"), "\(first)")

        // With --install: pip builds the environment, the plugin runs on it, inside the sandbox.
        let installed = try scratch.run(["--install"])
        #expect(installed.status == 0, "\(installed.output)")
        let entry = try #require(try scratch.board(version: 2).entries.first { $0.method == "with-requirements" })
        #expect(entry.status == .complete, "\(entry.failureReason ?? "")")
        #expect(entry.sandboxed)
        let environments = try FileManager.default.contentsOfDirectory(atPath: scratch.environments.path).filter { !$0.hasPrefix(".") }
        #expect(environments.count == 1, "\(environments)")
        let record = scratch.environments.appendingPathComponent(environments.first ?? "-").appendingPathComponent("holdout-environment.json")
        let text = (try? String(contentsOf: record, encoding: .utf8)) ?? ""
        #expect(text.contains("inflection==0.5.1") && text.contains("\"built_in_sandbox\" : true"), "\(text)")

        // The environment is reused: `plugin install --check` finds it, nothing is rebuilt.
        let check = try HoldoutBinary.run(["plugin", "install", "--check", scratch.repository.appendingPathComponent("plugin").path],
                                          environment: ["HOLDOUT_ENVIRONMENTS": scratch.environments.path])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.standardOutput.contains("installed at \(scratch.environments.path)"), "\(check.output)")
    }

    @Test func aRequirementPipCannotInstallFailsThatMethodAndTheRunGoesOn() throws {
        let scratch = try Scratch(requirements: ["holdout-no-such-package-exists==0.0.1"], pluginPy: Self.pluginUsingInflection)
        defer { scratch.remove() }
        let result = try scratch.run(["--install"])
        #expect(result.status == 0, "\(result.output)")
        let task = try scratch.board(version: 1)
        #expect(task.entries.first { $0.method == "persistence" }?.status == .complete)
        let failed = try #require(task.entries.first { $0.method == "with-requirements" })
        #expect(failed.status == .failed)
        let reason = failed.failureReason ?? ""
        #expect(reason.contains("installing the plugin's requirements failed: pip exited with"), "\(reason)")
        #expect(reason.contains("holdout-no-such-package-exists"), "pip's last lines should name the requirement: \(reason)")
        // Nothing half-built is left to be mistaken for an environment.
        let left = (try? FileManager.default.contentsOfDirectory(atPath: scratch.environments.path)) ?? []
        #expect(left.isEmpty, "\(left)")
    }

    @Test func unpinnedRequirementsAreRefusedWithTheirPlace() throws {
        let scratch = try Scratch(requirements: ["numpy"], pluginPy: Self.pluginUsingInflection)
        defer { scratch.remove() }
        let result = try HoldoutBinary.run(["plugin", "install", scratch.repository.appendingPathComponent("plugin").path],
                                           environment: ["HOLDOUT_ENVIRONMENTS": scratch.environments.path])
        #expect(result.status == 1)
        #expect(result.standardError.contains("plugin.yaml:4:5: requirement 'numpy' is not pinned to one version"), "\(result.output)")
    }
}
