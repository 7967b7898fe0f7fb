import Foundation
import HoldoutCore
import MethodHost
import BuiltinMethods

/// Resolves a `MethodReference` to what runs: the command, its manifest facts, a content hash,
/// and the sandbox it runs in. Built-ins run as `holdout method serve NAME` through exactly the
/// same sandbox and protocol as external plugins.
public struct MethodLauncher: Sendable {
    public let reference: MethodReference
    public let kind: String
    public let version: String
    public let track: String
    public let language: String
    /// SHA-256 over the plugin directory's files, or of the built-in's name and harness version.
    public let contentHash: String
    public let determinismTolerance: Double
    /// Data files the manifest declares as extra training data (searched for hidden cases).
    public let declaredTrainingData: [URL]
    let command: [String]
    /// Host directory with the plugin's code (external plugins), mounted read-only at /plugin.
    let pluginDirectory: URL?
    /// Host directory of the `holdout` binary (built-ins), mounted read-only at the same path.
    let executableDirectory: URL?
    /// The plugin's installed requirements (a Python venv), mounted read-only at /env.
    public let environment: PluginEnvironment?

    public static let harnessVersion = "0.1.0"

    /// - Parameters:
    ///   - repository: where relative plugin paths are resolved.
    ///   - holdoutExecutable: the binary that serves built-ins (staged in the workspace).
    ///   - isLadder: whether the reference is a rung of the task's ladder.
    ///   - workspace: where plugin directories are staged as content-addressed copies.
    ///   - environments: whether a plugin's missing environment is installed or reported
    ///     (`PluginEnvironment.Failure`).
    public init(reference: MethodReference, repository: URL, holdoutExecutable: URL, isLadder: Bool,
                workspace: Workspace, environments: PluginEnvironment.Policy = .requireInstalled,
                progress: ProgressReporter = ProgressReporter()) throws {
        self.reference = reference
        switch reference.source {
        case let .builtin(name):
            guard BuiltinRegistry.names.contains(name) else {
                throw HarnessError("unknown built-in method '\(name)'; known: \(BuiltinRegistry.names.joined(separator: ", "))")
            }
            kind = isLadder ? "ladder" : "baseline"
            version = Self.harnessVersion
            track = "baseline"
            language = "swift"
            contentHash = SHA256Digest.hex(of: Array("builtin:\(name):\(Self.harnessVersion)".utf8))
            determinismTolerance = 0
            let executable = holdoutExecutable.resolvingSymlinksInPath()
            command = [executable.path, "method", "serve", name]
            pluginDirectory = nil
            executableDirectory = executable.deletingLastPathComponent()
            declaredTrainingData = []
            environment = nil
        case let .plugin(path):
            let directory = (path.hasPrefix("/") ? URL(fileURLWithPath: path) : repository.appendingPathComponent(path))
                .resolvingSymlinksInPath()
            let manifest = try PluginManifest.load(directory: directory)
            kind = isLadder ? "ladder" : path.contains("/examples/") ? "example" : "submission"
            version = manifest.version
            track = manifest.track.rawValue
            language = manifest.language
            contentHash = try Self.hashDirectory(directory)
            determinismTolerance = manifest.determinismTolerance
            command = manifest.command
            let staged = try workspace.stagePlugin(directory, hash: contentHash)
            pluginDirectory = staged
            executableDirectory = nil
            declaredTrainingData = DeclaredDataCheck.files(declared: manifest.trainingData, in: staged)
            environment = PluginEnvironment(requirements: manifest.requirements)
            try environment?.prepare(policy: environments, pluginPath: path, progress: progress)
        }
    }

    /// The sandbox for one process of this method.
    ///
    /// Inside: the minimal system, the plugin at /plugin (working directory) or the holdout
    /// binary at its own path, the task's public data read-only at /data, the artifact directory
    /// at /artifacts (writable only while training) and a private scratch at /scratch: a tmpfs
    /// of `diskBytes` (like /tmp), so filling it ends in ENOSPC, never in a full host disk.
    /// Nothing else of the host: not the workspace, not the organiser's state, not other runs.
    /// Without the sandbox the scratch is the host directory `scratch`.
    func profile(publicData: URL, artifacts: URL, scratch: URL, training: Bool, diskBytes: UInt64,
                 sandboxed: Bool = true) -> SandboxProfile {
        let mounts = Mounts(publicData: publicData, artifacts: artifacts, scratch: scratch, plugin: pluginDirectory, sandboxed: sandboxed)
        var readOnly = [SandboxProfile.Bind(publicData.path, at: mounts.data)]
        var writable = sandboxed ? [] : [SandboxProfile.Bind(scratch.path, at: mounts.scratch)]
        if training {
            writable.append(SandboxProfile.Bind(artifacts.path, at: mounts.artifacts))
        } else {
            readOnly.append(SandboxProfile.Bind(artifacts.path, at: mounts.artifacts))
        }
        if let pluginDirectory, let plugin = mounts.plugin {
            readOnly.append(SandboxProfile.Bind(pluginDirectory.path, at: plugin))
        }
        var variables = ["HOME": mounts.scratch, "TMPDIR": mounts.scratch, "OMP_NUM_THREADS": "1"]
        if let environment {
            let env = environmentPath(sandboxed: sandboxed)
            readOnly.append(SandboxProfile.Bind(environment.directory.path, at: env))
            variables["VIRTUAL_ENV"] = env
            variables["PATH"] = "\(env)/bin:" + SandboxProfile.defaultEnvironment["PATH"]!
        }
        var profile = SandboxProfile.minimal(readOnly: readOnly, writable: writable, environment: variables,
                                             workingDirectory: mounts.plugin ?? mounts.scratch)
        if sandboxed {
            profile.privateDirectories = [mounts.scratch]
            profile.privateDirectoryBytes = diskBytes
        }
        if let executableDirectory {
            profile = profile.bindingLoadedLibraries(and: [executableDirectory.path])
        }
        return profile
    }

    /// Starts one process of this method under `budget`, with a scratch directory emptied first:
    /// nothing a previous process (training, an earlier batch) left there can reach this one.
    func launch(publicData: URL, artifacts: URL, scratch: URL, training: Bool, budget: TaskSpec.Budget,
                wallSeconds: Double, mode: IsolationMode) throws(PluginFailure) -> (ChildProcess, SandboxProfile) {
        do {
            try? FileManager.default.removeItem(at: scratch)
            try Sandbox.prepareScratchDirectory(scratch.path)
        } catch {
            throw PluginFailure(kind: .startFailed, message: "cannot prepare the scratch directory \(scratch.path): \(error)")
        }
        let profile = profile(publicData: publicData, artifacts: artifacts, scratch: scratch, training: training,
                              diskBytes: UInt64(budget.diskMB) << 20, sandboxed: mode == .bubblewrap)
        let limits = ResourceLimits(
            memoryBytes: UInt64(budget.memoryMB) << 20, maxProcesses: budget.processes,
            maxFileSizeBytes: UInt64(budget.diskMB) << 20, cpuSeconds: budget.cpuSeconds * max(1, wallSeconds / budget.wallSeconds),
            wallSeconds: wallSeconds, directoryQuota: training ? Self.artifactQuota(artifacts, budget: budget) : nil)
        do {
            return (try Sandbox.launch(resolvedCommand(sandboxed: mode == .bubblewrap), profile: profile, limits: limits, mode: mode), profile)
        } catch {
            throw PluginFailure(kind: .startFailed, message: "could not start \(command.joined(separator: " ")): \(error)")
        }
    }

    /// The bound on what training may store in /artifacts, a host directory (not a sized tmpfs,
    /// since the model must outlive the sandbox): `disk_mb` in all and
    /// ``DirectoryQuota/defaultMaximumEntries`` files (`RLIMIT_FSIZE` bounds each file).
    static func artifactQuota(_ artifacts: URL, budget: TaskSpec.Budget) -> DirectoryQuota {
        DirectoryQuota(path: artifacts.path, maximumBytes: UInt64(budget.diskMB) << 20)
    }

    /// Where the environment is seen: /env in the sandbox, its host path unsandboxed.
    func environmentPath(sandboxed: Bool) -> String {
        sandboxed ? PluginEnvironment.mountPoint : environment?.directory.path ?? PluginEnvironment.mountPoint
    }

    /// The manifest's command with its program taken from the plugin's environment when the
    /// environment has it (`python3` → `/env/bin/python3`), so the plugin runs on the Python
    /// that sees its requirements, with or without the sandbox.
    func resolvedCommand(sandboxed: Bool) -> [String] {
        guard let environment, let program = command.first, !program.contains("/"),
              FileManager.default.fileExists(atPath: environment.directory.appendingPathComponent("bin/\(program)").path) else {
            return command
        }
        return ["\(environmentPath(sandboxed: sandboxed))/bin/\(program)"] + command.dropFirst()
    }

    /// SHA-256 over (relative path, SHA-256 of content) of every file, sorted by path; links
    /// count by their target (`PluginFiles`: a link to the SDK counts as the SDK's files).
    public static func hashDirectory(_ directory: URL) throws -> String {
        var entries: [String] = []
        for entry in try PluginFiles.entries(of: directory) {
            switch entry {
            case let .file(relative, source): entries.append("\(relative) \(try SHA256Digest.hex(ofFile: source))")
            case let .link(relative, target): entries.append("\(relative) -> \(target)")
            }
        }
        return SHA256Digest.hex(of: Array(entries.sorted().joined(separator: "\n").utf8))
    }
}

/// Where a process sees its directories: fixed paths inside the sandbox (/data, /artifacts,
/// /scratch, /plugin), or the host paths themselves when it runs unsandboxed.
struct Mounts {
    let data: String
    let artifacts: String
    let scratch: String
    let plugin: String?

    init(publicData: URL, artifacts: URL, scratch: URL, plugin: URL?, sandboxed: Bool) {
        data = sandboxed ? "/data" : publicData.path
        self.artifacts = sandboxed ? "/artifacts" : artifacts.path
        self.scratch = sandboxed ? "/scratch" : scratch.path
        self.plugin = plugin.map { sandboxed ? "/plugin" : $0.path }
    }
}
