import ArgumentParser
import Foundation
import Harness
import HoldoutCore
import MethodHost

/// `holdout plugin check DIR`: the conformance check a participant runs before submitting.
struct PluginCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run a plugin on a tiny task through the real sandbox and protocol, and report everything wrong with it.",
        discussion: """
        Checks the manifest (errors as file:line:col), the handshake, training and its artifact, the shape, \
        dtype and finiteness of every prediction, stdout pollution, determinism (the same batch in two fresh \
        processes, against determinism_tolerance), that a case alone gives the same answer as in a batch, and \
        the wall, CPU and memory used against the task's budgets. Exits with status 1 when anything is wrong.
        """)

    @Argument(help: "The plugin directory (with plugin.yaml).")
    var directory: String

    @Option(help: "A task id or spec path to check against (default: a built-in 32-point Burgers task that takes seconds).")
    var task: String?

    @Option(name: .customLong("option"), help: "An option passed to the plugin in 'task', as name=number (repeatable).")
    var options: [String] = []

    @Option(help: "The repository, for --task ids.")
    var repository: String = FileManager.default.currentDirectoryPath

    @Flag(help: "Keep the check's temporary workspace (data, artifacts) and print its path.")
    var keepWorkspace = false

    func run() throws {
        var parsed: [String: Double] = [:]
        for option in options {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Double(parts[1]) else {
                throw fail("--option expects name=number; found '\(option)'")
            }
            parsed[parts[0]] = value
        }
        let spec: TaskSpec
        let label: String
        do {
            if let task {
                let url = try TasksCommand.resolve(task, in: URL(fileURLWithPath: repository))
                spec = ConformanceTask.shrink(try TaskSpec.load(from: url))
                label = "\(spec.id) \(spec.version) (\(url.path)), hidden cases cut to \(spec.splits.filter { $0.visibility == .hidden }.map(\.cases).reduce(0, +))"
            } else {
                spec = try ConformanceTask.spec()
                label = "\(spec.id) \(spec.version) (built in: 32-point Burgers, 8 training cases, 6 test cases in batches of 3, 3 cases on a finer 64-point grid)"
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail("\(error)")
        }
        let pluginURL = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/"))
        guard FileManager.default.fileExists(atPath: pluginURL.path) else { throw fail("no directory \(pluginURL.path)") }
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("holdout-check-\(UUID().uuidString.prefix(8))")
        defer {
            if keepWorkspace { print("workspace kept: \(workspace.path)") } else { try? FileManager.default.removeItem(at: workspace) }
        }
        let isolation: IsolationMode = Sandbox.isAvailable() ? .bubblewrap : .unsandboxed
        let check = PluginConformance(pluginDirectory: pluginURL.standardizedFileURL, spec: spec, taskLabel: label, options: parsed,
                                      workspaceRoot: workspace, holdoutExecutable: currentExecutable, isolation: isolation)
        let report = try check.run()
        print(report.render())
        if !report.passed { throw ExitCode(1) }
    }
}
