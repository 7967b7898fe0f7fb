import Datasets
import Foundation
import HoldoutCore
import MethodHost
import Store

/// `holdout plugin check`: runs one plugin on one task through the real sandbox and protocol
/// path, without a challenge, a round or a board, and reports everything wrong with it.
///
/// It trains and predicts with the harness's own code (`MethodLauncher`, `MethodEvaluation`,
/// `PluginSession`), so a plugin that passes here fails on the board only for reasons that
/// depend on the hidden data or the machine. On top of what an evaluation records it checks
/// what a participant wants to know before submitting: that a training plugin leaves an
/// artifact, that the same batch gives the same answer in two fresh processes (within the
/// manifest's `determinism_tolerance`), that a case predicted alone matches its batched
/// prediction, and how much of each budget the plugin used.
public struct PluginConformance {
    public let pluginDirectory: URL
    /// The task, already cut down (see `ConformanceTask.shrink`).
    public let spec: TaskSpec
    /// How the report names the task ("built in" or the spec's path).
    public let taskLabel: String
    /// The challenge-entry options the plugin receives in `task` (e.g. `behaviour: 4`).
    public let options: [String: Double]
    /// A scratch workspace for the check's data, artifacts and store (the caller removes it).
    public let workspaceRoot: URL
    public let holdoutExecutable: URL
    public let isolation: IsolationMode

    public init(pluginDirectory: URL, spec: TaskSpec, taskLabel: String, options: [String: Double], workspaceRoot: URL,
                holdoutExecutable: URL, isolation: IsolationMode) {
        self.pluginDirectory = pluginDirectory.standardizedFileURL.resolvingSymlinksInPath()
        self.spec = spec
        self.taskLabel = taskLabel
        self.options = options
        self.workspaceRoot = workspaceRoot
        self.holdoutExecutable = holdoutExecutable
        self.isolation = isolation
    }

    /// Runs every check it can; a failure in one step ends the steps that depend on it.
    public func run() throws -> ConformanceReport {
        var report = ConformanceReport(plugin: pluginDirectory.path, task: taskLabel)

        // Manifest: parsed exactly as the harness parses it, errors as file:line:col.
        let manifest: PluginManifest
        do { manifest = try PluginManifest.load(directory: pluginDirectory) } catch {
            report.add(.problem, "manifest", "\(error)")
            return report
        }
        report.plugin = "\(pluginDirectory.path) (\(manifest.name) \(manifest.version), \(manifest.language), \(manifest.track.rawValue) track)"
        report.add(.ok, "manifest", "plugin.yaml is valid; command: \(manifest.command.joined(separator: " "))")
        checkManifestDetails(manifest, into: &report)
        guard checkCommand(manifest, into: &report) else { return report }
        if isolation == .unsandboxed {
            report.add(.warning, "sandbox", "bubblewrap is not usable on this machine: the plugin ran WITHOUT the sandbox, so files outside /plugin, /data, /artifacts and /scratch were reachable and this check cannot show that the plugin works inside it")
        }

        // The task: public splits on disk, hidden cases from a fresh secret, a throw-away store.
        let workspace = try Workspace(root: workspaceRoot)
        let state = workspace.roundState(challenge: "plugin-check", round: 0)
        let data = try TaskData.prepare(spec: spec, workspace: workspace, secret: try RoundSecret.loadOrCreate(in: state),
                                        roundLabel: "check", hiddenDirectory: state.appendingPathComponent("hidden"),
                                        progress: ProgressReporter())  // data generation of a real task takes a while: show it on a terminal
        let store = try ResultStore(path: workspace.database.path)
        let reference = MethodReference(name: manifest.name, source: .plugin(pluginDirectory.path), options: options)
        // Checking a plugin is an explicit request to run it: its requirements are installed.
        let launcher: MethodLauncher
        do {
            launcher = try MethodLauncher(reference: reference, repository: pluginDirectory, holdoutExecutable: holdoutExecutable,
                                          isLadder: false, workspace: workspace, environments: .install)
        } catch let failure as PluginEnvironment.Failure {
            report.add(.problem, "requirements", failure.description)
            return report
        }
        if let environment = launcher.environment {
            report.add(.ok, "requirements", "\(manifest.requirements.count) requirement(s) installed in \(environment.directory.path), mounted at \(PluginEnvironment.mountPoint)")
        }
        let evaluation = MethodEvaluation(data: data, launcher: launcher, store: store, workspace: workspace,
                                          challenge: "plugin-check", round: 0, isolation: isolation,
                                          progress: ProgressReporter(enabled: false))
        let artifacts = workspace.artifacts(run: evaluation.runID)
        let scratch = workspace.scratch(run: evaluation.runID)
        for directory in [artifacts, scratch] { try Sandbox.prepareScratchDirectory(directory.path) }

        guard train(evaluation, artifacts: artifacts, scratch: scratch, into: &report) else { return report }
        guard let batches = predict(evaluation, artifacts: artifacts, scratch: scratch, into: &report) else { return report }
        checkRepeatability(evaluation, batches: batches, tolerance: manifest.determinismTolerance, artifacts: artifacts,
                           scratch: scratch, into: &report)
        return report
    }

    // MARK: - Manifest

    /// What the board shows about a submission: missing pieces are warnings, not failures.
    private func checkManifestDetails(_ manifest: PluginManifest, into report: inout ConformanceReport) {
        var missing: [String] = []
        if manifest.description.isEmpty { missing.append("description") }
        if manifest.authors.isEmpty { missing.append("authors") }
        if manifest.license == "unspecified" { missing.append("license") }
        if manifest.version == "0.0.0" { missing.append("version") }
        if !missing.isEmpty {
            report.add(.warning, "manifest", "plugin.yaml has no \(missing.joined(separator: ", ")): the board shows them beside your entry")
        }
        if manifest.track == .open && (manifest.trainingHardware.isEmpty || manifest.trainingHours == 0) {
            report.add(.warning, "manifest", "open-track methods declare training_hardware and training_hours")
        }
    }

    /// The command must exist where the sandbox looks for it: in the plugin directory (a path
    /// with a slash) or on the sandbox's PATH (/usr/local/bin:/usr/bin:/bin, from the host's /usr).
    private func checkCommand(_ manifest: PluginManifest, into report: inout ConformanceReport) -> Bool {
        let program = manifest.command[0]
        let manager = FileManager.default
        if program.contains("/") {
            let path = program.hasPrefix("/") ? program : pluginDirectory.appendingPathComponent(program).path
            let inside = program.hasPrefix("/plugin/")
                ? pluginDirectory.appendingPathComponent(String(program.dropFirst("/plugin/".count))).path : path
            if !manager.isExecutableFile(atPath: inside) {
                report.add(.problem, "command", "'\(program)' is not an executable file in the plugin directory (build it first? see the plugin's README)")
                return false
            }
        } else if !["/usr/local/bin", "/usr/bin", "/bin"].contains(where: { manager.isExecutableFile(atPath: "\($0)/\(program)") }) {
            report.add(.problem, "command", "'\(program)' is not on the sandbox's PATH (/usr/local/bin:/usr/bin:/bin); only /usr of the host is visible inside the sandbox")
            return false
        }
        if let script = manifest.command.dropFirst().first(where: { $0.hasSuffix(".py") }),
           !manager.fileExists(atPath: pluginDirectory.appendingPathComponent(script).path) {
            report.add(.problem, "command", "'\(script)' does not exist in the plugin directory")
            return false
        }
        return true
    }

    // MARK: - Training

    private func train(_ evaluation: MethodEvaluation, artifacts: URL, scratch: URL, into report: inout ConformanceReport) -> Bool {
        let budget = spec.budgets.train
        let cost: MethodEvaluation.TrainingCost?
        do {
            cost = try evaluation.train(artifacts: artifacts, scratch: scratch)
        } catch let failure as PluginFailure {
            report.add(.problem, Self.topic(of: failure, default: "training"), "the training process failed: \(Self.explain(failure))")
            return false
        } catch {
            report.add(.problem, "training", "\(error)")
            return false
        }
        guard let cost else {
            report.add(.ok, "handshake", "hello is valid HPP/1; the method does not train (capabilities.trains is false)")
            return true
        }
        report.add(.ok, "handshake", "hello is valid HPP/1" + (cost.startupSeconds.map { String(format: " after %.2f s", $0) } ?? "")
                   + "; the method trains")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: artifacts.path)) ?? []).sorted()
        if files.isEmpty {
            report.add(.problem, "artifacts", "training answered 'trained' but left /artifacts empty: prediction runs in a fresh process and sees only what training wrote there (with the SDK: save(directory))")
        } else {
            report.add(.ok, "artifacts", "training wrote \(files.prefix(5).joined(separator: ", "))\(files.count > 5 ? ", …" : "") to /artifacts")
        }
        report.add(Self.severity(cost.wallSeconds / budget.wallSeconds), "budget",
                   String(format: "training took %.2f s wall of %.0f s, %.2f s CPU of %.0f s, peak memory %@ of %d MiB",
                          cost.wallSeconds, budget.wallSeconds, cost.cpuSeconds, budget.cpuSeconds,
                          Self.mebibytes(cost.peakMemoryBytes), budget.memoryMB)
                   + Self.budgetHint(cost.wallSeconds / budget.wallSeconds))
        return true
    }

    // MARK: - Prediction

    /// Predicts every case batch by batch in one process, as an evaluation does; returns the
    /// batches with their outputs, or nil after a failure (reported).
    private func predict(_ evaluation: MethodEvaluation, artifacts: URL, scratch: URL,
                         into report: inout ConformanceReport) -> [(cases: [GeneratedCase], outputs: Field)]? {
        let budget = spec.budgets.predict
        let batchSize = spec.budgets.batchSize
        // Batches per split, as an evaluation makes them: a batch never mixes grids.
        let bySplit = evaluation.data.scoredSplits.map { evaluation.data.hiddenCases[$0.name] ?? [] }
        let cases = bySplit.flatMap { $0 }
        let batches = bySplit.flatMap { cases in
            stride(from: 0, to: cases.count, by: batchSize).map { Array(cases[$0..<min($0 + batchSize, cases.count)]) }
        }
        var members = spec.observation.members
        var results: [(cases: [GeneratedCase], outputs: Field)] = []
        var slowest = 0.0, mostCPU = 0.0
        var perBatchCPU = false
        var grid: [Int] = []  // of the batch being predicted, to name it if the batch fails
        let session: PluginSession
        do {
            let (process, _) = try evaluation.launcher.launch(
                publicData: evaluation.data.publicDirectory, artifacts: artifacts, scratch: scratch, training: false,
                budget: budget, wallSeconds: budget.wallSeconds * Double(batches.count + 1), mode: isolation)
            session = PluginSession(process: process, maximumPayloadBytes: evaluation.maximumPayloadBytes(batch: batchSize))
        } catch {
            report.add(.problem, "prediction", "the prediction process did not start: \(Self.explain(error))")
            return nil
        }
        do {
            members = evaluation.members(for: try session.handshake(timeout: budget.wallSeconds))
            try session.sendTask(evaluation.taskMessage(mode: .predict, members: members))
            for batch in batches {
                let (inputs, parameters) = evaluation.requestArrays(batch)
                grid = TaskDescription.grid(of: inputs)
                let cpuBefore = session.process.cpuSecondsSoFar
                perBatchCPU = cpuBefore != nil
                let clock = ContinuousClock.now
                let outputs = try session.predict(
                    inputs: inputs, parameters: parameters, members: members,
                    expectedShape: TaskDescription(spec: spec).outputShape(batch: batch.count, members: members,
                                                                           points: TaskDescription.grid(of: inputs)),
                    timeout: budget.wallSeconds)
                slowest = max(slowest, Double((ContinuousClock.now - clock) / .microseconds(1)) / 1e6)
                mostCPU = max(mostCPU, (session.process.cpuSecondsSoFar ?? 0) - (cpuBefore ?? 0))
                results.append((batch, outputs))
            }
        } catch {
            // A method that works on the training grid and fails on a finer one is the usual
            // resolution-shift mistake: say which grid the failing batch was on.
            let training = TaskDescription(spec: spec).points
            let onGrid = grid.isEmpty || grid == training ? "" :
                " (that batch is on the \(grid.map(String.init).joined(separator: "×"))-point resolution-shift grid, "
                + "not the training grid \(training.map(String.init).joined(separator: "×")); predict must answer on the grid of "
                + "its inputs (Method.grid(inputs)), or set training_grid_only = True; see docs/writing-a-plugin.md)"
            report.add(.problem, Self.topic(of: error, default: "prediction"),
                       "prediction failed after \(results.count) of \(batches.count) batch(es)\(onGrid): \(Self.explain(error))")
            return nil
        }
        let startup = session.startupSeconds ?? 0
        let outcome = session.close()
        let shape = TaskDescription(spec: spec).outputShape(batch: batches.first?.count ?? 0, members: members)
        let grids = TaskDescription(spec: spec).grids.map { $0.map(String.init).joined(separator: "×") }
        report.add(.ok, "prediction", "\(batches.count) batch(es), \(cases.count) case(s) answered on the grid(s) \(grids.joined(separator: ", ")); outputs of shape \(shape) (batch, members, output_frames, space…, component) with finite f64/f32 values")
        let peak = outcome.times.peakCgroupMemoryBytes ?? outcome.times.maxResidentBytes
        let memoryShare = Double(peak) / Double(budget.memoryMB << 20)
        // Per-batch CPU needs the cgroup's running account; without it, the process total is all there is.
        let cpu = perBatchCPU ? mostCPU : outcome.times.cpuSeconds
        let share = max(slowest / budget.wallSeconds, memoryShare, cpu / budget.cpuSeconds)
        let cpuText = perBatchCPU ? String(format: "%.3f s CPU (most in one batch)", cpu)
            : String(format: "%.3f s CPU for the whole process", cpu)
        report.add(Self.severity(share), "budget",
                   String(format: "prediction: start-up %.2f s; slowest batch %.3f s wall of %.0f s per batch; %@ of %.0f s per batch; peak memory %@ of %d MiB",
                          startup, slowest, budget.wallSeconds, cpuText, budget.cpuSeconds, Self.mebibytes(peak), budget.memoryMB)
                   + Self.budgetHint(share))
        if outcome.killedBy == .deadline {
            report.add(.warning, "shutdown", "the process did not exit within 3 s of 'bye' and was killed; exit on 'bye' or end of input")
        }
        return results
    }

    /// The same batch in a fresh process (determinism), then one case alone (context invariance).
    private func checkRepeatability(_ evaluation: MethodEvaluation, batches: [(cases: [GeneratedCase], outputs: Field)],
                                    tolerance: Double, artifacts: URL, scratch: URL, into report: inout ConformanceReport) {
        guard let first = batches.first else { return }
        let again: Field
        do {
            again = try evaluation.predictInFreshProcess(first.cases, artifacts: artifacts, scratch: scratch).outputs
        } catch {
            report.add(.problem, "determinism", "predicting the first batch again in a fresh process failed: \(Self.explain(error))")
            return
        }
        let difference = Self.largestDifference(first.outputs.values, again.values)
        if difference > tolerance {
            report.add(.problem, "determinism", String(format: "the same batch predicted in two fresh processes differs by up to %.3g, more than determinism_tolerance %.3g in plugin.yaml: seed every random generator from the case itself (holdout_sdk.case_seed), or declare the tolerance your method needs", difference, tolerance))
            return
        }
        report.add(.ok, "determinism", String(format: "the first batch predicted again in a fresh process differs by %.3g (determinism_tolerance %.3g)", difference, tolerance))

        guard first.cases.count > 1, let item = first.cases.last else { return }
        do {
            let alone = try evaluation.predictInFreshProcess([item], artifacts: artifacts, scratch: scratch).outputs
            let batched = first.outputs.slice(first.cases.count - 1)
            let difference = Self.largestDifference(batched.values, alone.values)
            if difference > tolerance {
                report.add(.problem, "context", String(format: "a case predicted alone differs from its prediction inside a batch by %.3g (tolerance %.3g): each case must be predicted from its own inputs and parameters only, never with statistics of the batch", difference, tolerance))
            } else {
                report.add(.ok, "context", String(format: "a case predicted alone matches its batched prediction (difference %.3g)", difference))
            }
        } catch {
            report.add(.problem, "context", "predicting a single case (batch of 1) failed: \(Self.explain(error))")
        }
    }

    // MARK: - Wording

    static func largestDifference(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count else { return .infinity }
        return zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    static func mebibytes(_ bytes: UInt64) -> String { String(format: "%.0f MiB", Double(bytes) / 1_048_576) }

    static func severity(_ share: Double) -> ConformanceReport.Severity { share > 0.5 ? .warning : .ok }

    static func budgetHint(_ share: Double) -> String {
        share > 0.5 ? String(format: " (%.0f%% of a budget: the evaluation machine may be slower or busier; leave a margin)", share * 100) : ""
    }

    /// A short label for what went wrong, so a reader (and a test) sees the category first.
    static func topic(of error: Error, default phase: String) -> String {
        guard let failure = error as? PluginFailure else { return phase }
        let message = failure.message
        if message.contains("printing to stdout") { return "stdout" }
        switch failure.kind {
        case .invalidOutput:
            if message.contains("shape") { return "shapes" }
            if message.contains("dtype") { return "dtypes" }
            if message.contains("non-finite") { return "values" }
            return "outputs"
        case .pluginError:
            if message.contains("predict returned shape") { return "shapes" }
            if message.contains("non-finite") { return "values" }
            return phase
        case .timedOut, .cpuBudgetExceeded, .memoryExceeded, .processLimit, .diskLimit: return "budget"
        case .protocolViolation:
            return message.contains("'hello'") || message.contains("speaks") ? "handshake" : "protocol"
        case .crashed, .startFailed: return phase
        }
    }

    /// The harness's reason, plus what usually causes it.
    static func explain(_ error: Error) -> String {
        guard let failure = error as? PluginFailure else { return "\(error)" }
        let message = failure.message
        var hint = ""
        if message.contains("printing to stdout") {
            hint = "something wrote to stdout outside the protocol (a print, a progress bar, a library banner): stdout carries HPP/1 frames only; log to stderr (the Python SDK redirects prints and fd 1 for you)"
        } else {
            switch failure.kind {
            case .invalidOutput where message.contains("shape"):
                hint = "outputs must have shape (batch, members, output_frames, space…, component), exactly"
            case .invalidOutput where message.contains("non-finite"):
                hint = "the outputs contain NaN or Inf; every value must be finite"
            case .invalidOutput where message.contains("dtype"):
                hint = "outputs must be f64 or f32"
            case .timedOut:
                hint = "the plugin did not answer within the task's time budget (per request for prediction)"
            case .cpuBudgetExceeded:
                hint = "the process tree used more CPU time than the budget allows"
            case .memoryExceeded:
                hint = "the process tree went over the task's memory budget"
            case .processLimit:
                hint = "the plugin started more processes or threads than the budget allows"
            case .diskLimit:
                hint = "the plugin wrote more to /scratch or /tmp than the task's disk budget (disk_mb) allows"
            case .crashed:
                hint = "the process exited or closed stdout before answering (its stderr tail, if any, is quoted above)"
            case .protocolViolation where message.contains("payload"):
                hint = "a frame's header did not match the bytes that followed"
            default:
                break
            }
        }
        return failure.description + (hint.isEmpty ? "" : ". Likely cause: \(hint)")
    }
}
