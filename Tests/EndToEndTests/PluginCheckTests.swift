import Foundation
import HoldoutTestSupport
import Testing

/// `holdout plugin new` and `holdout plugin check` through the real binary and sandbox: what a
/// participant gets is a plugin that passes, and for a broken one the specific reason.
@Suite struct PluginCheckTests {
    /// Scaffolds a Python plugin in a fresh directory; `pluginPy` replaces the generated plugin.py.
    func scaffold(_ name: String = "my-method", pluginPy: String? = nil) throws -> URL {
        let directory = RepositoryPaths.temporaryDirectory("e2e-plugin").appendingPathComponent(name)
        let created = try HoldoutBinary.run(["plugin", "new", "--language", "python", name, "--output", directory.path])
        #expect(created.status == 0, "\(created.output)")
        if let pluginPy { try Data(pluginPy.utf8).write(to: directory.appendingPathComponent("plugin.py")) }
        return directory
    }

    func check(_ directory: URL, _ extra: [String] = []) throws -> HoldoutBinary.Result {
        try HoldoutBinary.run(["plugin", "check", directory.path] + extra)
    }

    @Test func theScaffoldedPythonPluginPassesEveryCheck() throws {
        let plugin = try scaffold()
        defer { try? FileManager.default.removeItem(at: plugin.deletingLastPathComponent()) }
        for file in ["plugin.yaml", "plugin.py", "README.md", "holdout_sdk/__init__.py", "holdout_sdk/server.py"] {
            #expect(FileManager.default.fileExists(atPath: plugin.appendingPathComponent(file).path), "\(file)")
        }
        let result = try check(plugin)
        #expect(result.status == 0, "\(result.output)")
        for expected in ["ok      manifest: plugin.yaml is valid", "ok      handshake: hello is valid HPP/1",
                         "ok      artifacts: training wrote method.pickle", "ok      prediction: 3 batch(es), 9 case(s) answered on the grid(s) 32, 64",
                         "ok      determinism:", "ok      context:", "training took", "peak memory", "PASSED"] {
            #expect(result.standardOutput.contains(expected), "missing '\(expected)' in:\n\(result.output)")
        }
        #expect(!result.standardOutput.contains("PROBLEM"), "\(result.output)")
    }

    /// The gauntlet's hostile plugin, one behaviour at a time: each is named for what it is.
    @Test(arguments: [
        (1, "PROBLEM prediction:", "crashed"),
        (3, "PROBLEM stdout:", "wrote to stdout outside the protocol"),
        (4, "PROBLEM shapes:", "has shape [3, 1, 3, 16, 1]; expected [3, 1, 3, 32, 1]"),
        (5, "PROBLEM values:", "non-finite"),
        (15, "PROBLEM budget:", "scratch disk limit of 256 MiB exceeded"),
        (16, "PROBLEM protocol:", "exceeds the limit"),
        (17, "PROBLEM dtypes:", "has dtype 'i64'; expected f64 or f32"),
    ])
    func hostileBehavioursFailWithTheirReason(behaviour: Int, topic: String, reason: String) throws {
        let hostile = RepositoryPaths.root.appendingPathComponent("Plugins/gauntlet/hostile")
        let result = try check(hostile, ["--option", "behaviour=\(behaviour)"])
        #expect(result.status == 1, "\(result.output)")
        let line = result.standardOutput.split(separator: "\n").first { $0.hasPrefix(topic) }.map(String.init) ?? ""
        #expect(line.contains(reason), "behaviour \(behaviour): expected '\(topic) … \(reason)' in:\n\(result.output)")
        #expect(result.standardOutput.contains("FAILED"))
    }

    @Test func manifestErrorsPointToTheFileLineAndColumn() throws {
        let plugin = try scaffold()
        defer { try? FileManager.default.removeItem(at: plugin.deletingLastPathComponent()) }
        try Data("name: broken\ncomand: [python3, plugin.py]\n".utf8).write(to: plugin.appendingPathComponent("plugin.yaml"))
        let result = try check(plugin)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("PROBLEM manifest: \(plugin.path)/plugin.yaml:2:1: unknown key 'comand'"),
                "\(result.output)")
    }

    @Test func randomAnswersAreFlaggedAsNonDeterministic() throws {
        let plugin = try scaffold(pluginPy: """
            import numpy as np
            import holdout_sdk

            class Noisy(holdout_sdk.Method):
                def predict(self, inputs, parameters):
                    noise = np.random.default_rng().normal(size=inputs.shape)  # unseeded: differs per process
                    return np.repeat((inputs + noise)[:, -1:], self.task.output_frames, axis=1)

            holdout_sdk.serve(Noisy)
            """)
        defer { try? FileManager.default.removeItem(at: plugin.deletingLastPathComponent()) }
        let result = try check(plugin)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("PROBLEM determinism: the same batch predicted in two fresh processes differs"),
                "\(result.output)")
    }

    @Test func aTrainingPluginThatSavesNothingIsTold() throws {
        let plugin = try scaffold(pluginPy: """
            import holdout_sdk

            class Forgetful(holdout_sdk.Method):
                def train(self, data):
                    self.mean = float(data.targets.mean())
                def save(self, directory):
                    pass  # forgot to write the model
                def load(self, directory):
                    pass
                def predict(self, inputs, parameters):
                    return inputs[:, -1:].repeat(self.task.output_frames, axis=1) * 0 + self.mean

            holdout_sdk.serve(Forgetful)
            """)
        defer { try? FileManager.default.removeItem(at: plugin.deletingLastPathComponent()) }
        let result = try check(plugin)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("PROBLEM training: the training process failed"), "\(result.output)")
        #expect(result.standardOutput.contains("save() wrote nothing to /artifacts"), "\(result.output)")
    }

    @Test func aMethodBoundToTheTrainingGridIsToldWhichGridFailed() throws {
        // Per-mode gains learned on 32 points cannot multiply the 33 modes of a 64-point batch.
        let plugin = try scaffold(pluginPy: """
            import numpy as np
            import holdout_sdk

            class GridBound(holdout_sdk.Method):
                def train(self, data):
                    self.gain = np.ones(data.inputs.shape[2] // 2 + 1)
                def predict(self, inputs, parameters):
                    last = np.fft.rfft(inputs[:, -1, :, 0])
                    out = np.fft.irfft(self.gain * last, n=inputs.shape[2])
                    return np.repeat(out[:, None, :, None], self.task.output_frames, axis=1)

            holdout_sdk.serve(GridBound)
            """)
        defer { try? FileManager.default.removeItem(at: plugin.deletingLastPathComponent()) }
        let result = try check(plugin)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains(
            "prediction failed after 2 of 3 batch(es) (that batch is on the 64-point resolution-shift grid, not the training grid 32;"),
            "\(result.output)")
    }

    @Test func theSwiftScaffoldHasAPackageAndIsCheckedForItsBinary() throws {
        let directory = RepositoryPaths.temporaryDirectory("e2e-plugin-swift").appendingPathComponent("swift-method")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let created = try HoldoutBinary.run(["plugin", "new", "--language", "swift", "swift-method", "--output", directory.path])
        #expect(created.status == 0, "\(created.output)")
        for file in ["plugin.yaml", "Package.swift", "Sources/swift-method/main.swift", "build.sh", "README.md"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path), "\(file)")
        }
        let result = try check(directory)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("PROBLEM command: 'bin/swift-method' is not an executable file"), "\(result.output)")
    }
}
