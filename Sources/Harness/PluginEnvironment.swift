import Foundation
import HoldoutCore
import MethodHost
#if canImport(Glibc)
import Glibc
#endif

/// A Python virtual environment holding a plugin's declared `requirements`, built by the
/// harness in a sandbox of its own and mounted read-only at `/env` when the plugin runs.
///
/// Environments are keyed by SHA-256 of (the sandbox's Python version, the machine, the
/// requirement strings), so plugins with the same requirements share one, and a second run
/// reuses it. They live in a machine-wide cache (`HOLDOUT_ENVIRONMENTS`, default
/// `/var/tmp/holdout-environments`) rather than in a workspace: a JAX environment is 650 MB,
/// and test, check and challenge workspaces come and go; the content key makes sharing safe.
///
/// Installation (`install`) runs `python3 -m venv /env` and `pip install` inside bubblewrap as
/// the sandbox user, with the network shared (pip must reach the package index) but with
/// nothing of the organiser's bound: not the workspace, not the hidden data, not the
/// repository, not even the plugin's code — only a file with the requirement strings. It writes
/// only the environment's staging directory, which is renamed into place once pip succeeded,
/// so a half-built environment is never used.
public struct PluginEnvironment: Sendable {
    /// Where the environment appears inside the plugin's sandbox (and where it was built, so
    /// the scripts' `#!` lines are valid there).
    public static let mountPoint = "/env"

    public let requirements: [String]
    public let pythonVersion: String
    /// Hex SHA-256 of what the environment is built from; its directory name.
    public let key: String
    /// The host directory of the finished environment.
    public let directory: URL

    public enum Failure: Error, CustomStringConvertible, Sendable {
        /// Not installed, and the caller asked not to install.
        case missing(installCommand: String)
        /// pip (or venv) failed: the reason ends with pip's last lines.
        case installFailed(String)

        public var description: String {
            switch self {
            case let .missing(command): "not run: missing dependency — install with: \(command)"
            case let .installFailed(reason): "installing the plugin's requirements failed: \(reason)"
            }
        }
    }

    /// What to do when a plugin's environment is not built yet.
    public enum Policy: Sendable {
        /// Build it (downloads from the package index).
        case install
        /// Report it as missing (`Failure.missing`), with the command that installs it.
        case requireInstalled
    }

    /// The machine-wide cache of environments.
    public static var cacheRoot: URL {
        if let path = ProcessInfo.processInfo.environment["HOLDOUT_ENVIRONMENTS"], !path.isEmpty {
            return URL(fileURLWithPath: path).standardizedFileURL
        }
        return URL(fileURLWithPath: "/var/tmp/holdout-environments")
    }

    /// The environment for `requirements` (nil when there are none: the plugin runs on the
    /// sandbox's system Python).
    public init?(requirements: [String], root: URL = PluginEnvironment.cacheRoot) {
        guard !requirements.isEmpty else { return nil }
        self.requirements = requirements
        pythonVersion = Self.systemPythonVersion
        var machine = utsname()
        uname(&machine)
        let architecture = withUnsafeBytes(of: machine.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let identity = (["python \(pythonVersion)", "machine \(architecture)"] + requirements).joined(separator: "\n")
        key = SHA256Digest.hex(of: Array(identity.utf8))
        directory = root.appendingPathComponent(String(key.prefix(32)))
    }

    /// The file whose presence marks a finished environment (written last).
    var marker: URL { directory.appendingPathComponent("holdout-environment.json") }

    public var isInstalled: Bool { FileManager.default.fileExists(atPath: marker.path) }

    /// The command that installs the environment of the plugin at `pluginPath`.
    public static func installCommand(pluginPath: String) -> String { "holdout plugin install \(pluginPath)" }

    /// Makes sure the environment exists: returns at once when it does, installs it under
    /// `.install`, throws `Failure.missing` under `.requireInstalled`.
    public func prepare(policy: Policy, pluginPath: String, isolation: IsolationMode? = nil,
                        progress: ProgressReporter = ProgressReporter()) throws(Failure) {
        if isInstalled { return }
        switch policy {
        case .requireInstalled: throw .missing(installCommand: Self.installCommand(pluginPath: pluginPath))
        case .install: try install(isolation: isolation, progress: progress)
        }
    }

    /// Builds the environment (a no-op when it exists). Returns the seconds it took.
    @discardableResult
    public func install(isolation: IsolationMode? = nil, progress: ProgressReporter = ProgressReporter(),
                        wallSeconds: Double = 1800) throws(Failure) -> Double {
        if isInstalled { return 0 }
        let manager = FileManager.default
        let root = directory.deletingLastPathComponent()
        let staging = root.appendingPathComponent(".staging-\(UUID().uuidString.prefix(12))")
        let scratch = root.appendingPathComponent(".scratch-\(UUID().uuidString.prefix(12))")
        let inputs = root.appendingPathComponent(".inputs-\(UUID().uuidString.prefix(12))")
        defer {
            for url in [staging, scratch, inputs] { try? manager.removeItem(at: url) }
        }
        let mode = isolation ?? (Sandbox.isAvailable() ? .bubblewrap : .unsandboxed)
        let started = ContinuousClock.now
        do {
            try manager.createDirectory(at: root, withIntermediateDirectories: true)
            try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.path)
            try Sandbox.prepareScratchDirectory(staging.path)
            try Sandbox.prepareScratchDirectory(scratch.path)
            try manager.createDirectory(at: inputs, withIntermediateDirectories: true)
            try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: inputs.path)
            try Data((requirements.joined(separator: "\n") + "\n").utf8).write(to: inputs.appendingPathComponent("requirements.txt"))
            try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: inputs.appendingPathComponent("requirements.txt").path)
        } catch {
            throw .installFailed("cannot prepare \(root.path): \(error)")
        }
        progress.note("installing \(requirements.joined(separator: " ")) into \(directory.path) (pip, in a sandbox with network)")

        // Unsandboxed, the environment is built at its host path; the plugin then runs its
        // Python by path, which works for a venv wherever it lies.
        let sandboxed = mode == .bubblewrap
        let env = sandboxed ? Self.mountPoint : staging.path
        let requirementsFile = sandboxed ? "/inputs/requirements.txt" : inputs.appendingPathComponent("requirements.txt").path
        let script = "exec 1>&2; /usr/bin/python3 -m venv \(env) && \(env)/bin/python3 -m pip install --no-cache-dir "
            + "--disable-pip-version-check --no-input --progress-bar off -r \(requirementsFile)"
            + " && \(env)/bin/python3 -m pip freeze --all > \(env)/holdout-freeze.txt"
        let profile = installProfile(staging: staging, scratch: scratch, inputs: inputs, sandboxed: sandboxed)
        let limits = ResourceLimits(memoryBytes: 4 << 30, maxProcesses: 256, maxFileSizeBytes: 4 << 30, wallSeconds: wallSeconds)
        let outcome: ProcessOutcome
        let log: String
        do {
            let process = try Sandbox.launch(["/bin/sh", "-c", script], profile: profile, limits: limits, mode: mode)
            process.closeStandardInput()
            outcome = process.wait()
            log = process.standardErrorText
        } catch {
            throw .installFailed("could not start pip: \(error)")
        }
        guard outcome.status.isSuccess else {
            let tail = log.split(whereSeparator: \.isNewline).suffix(12).joined(separator: "\n")
            let cause = outcome.killedBy.map { " (\($0.rawValue))" } ?? ""
            throw .installFailed("pip exited with \(outcome.status)\(cause); its last lines:\n\(tail)")
        }
        let seconds = Double((ContinuousClock.now - started).components.seconds)
            + Double((ContinuousClock.now - started).components.attoseconds) * 1e-18
        do {
            try finish(staging: staging, seconds: seconds, sandboxed: sandboxed)
        } catch {
            throw .installFailed("cannot move the environment into place: \(error)")
        }
        progress.note(String(format: "installed in %.0f s: %@", seconds, directory.path))
        return seconds
    }

    /// The install sandbox: the system, DNS and TLS configuration, the environment's staging
    /// directory (writable, at /env), a scratch for pip's temporary files, the requirements.
    func installProfile(staging: URL, scratch: URL, inputs: URL, sandboxed: Bool) -> SandboxProfile {
        let network = ["/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/ssl", "/etc/ca-certificates",
                       "/etc/pip.conf", "/etc/gai.conf"]
        let envPath = sandboxed ? Self.mountPoint : staging.path
        let scratchPath = sandboxed ? "/scratch" : scratch.path
        var environment = ["HOME": scratchPath, "TMPDIR": scratchPath, "PIP_NO_CACHE_DIR": "1"]
        // The organiser's way to the index (proxy, mirror, certificate bundle) is passed on.
        for (name, value) in ProcessInfo.processInfo.environment
        where ["PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_CERT", "PIP_DEFAULT_TIMEOUT", "PIP_TRUSTED_HOST",
               "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"].contains(name) {
            environment[name] = value
        }
        var profile = SandboxProfile.minimal(
            readOnly: network.map { SandboxProfile.Bind($0, optional: true) }
                + [SandboxProfile.Bind(inputs.path, at: sandboxed ? "/inputs" : inputs.path)],
            writable: [SandboxProfile.Bind(staging.path, at: envPath), SandboxProfile.Bind(scratch.path, at: scratchPath)],
            environment: environment, workingDirectory: scratchPath)
        profile.shareNetwork = true
        return profile
    }

    /// Records what was installed, makes the environment read-only for the sandbox user (it
    /// was built as that user) and renames it into place.
    private func finish(staging: URL, seconds: Double, sandboxed: Bool) throws {
        let freeze = (try? String(contentsOf: staging.appendingPathComponent("holdout-freeze.txt"), encoding: .utf8)) ?? ""
        let record: [String: Any] = [
            "requirements": requirements, "python": pythonVersion, "key": key,
            "installed": freeze.split(whereSeparator: \.isNewline).map(String.init),
            "install_seconds": (seconds * 10).rounded() / 10, "built_in_sandbox": sandboxed,
        ]
        let json = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys, .prettyPrinted])
        try json.write(to: staging.appendingPathComponent("holdout-environment.json"))
        try lockDown(staging)
        if rename(staging.path, directory.path) != 0 {
            // Another harness finished the same environment first: use theirs.
            guard isInstalled else { throw HarnessError("rename to \(directory.path): errno \(errno)") }
        }
    }

    /// Gives every file to the harness's own user and removes write permission for others, so
    /// a plugin that runs unsandboxed (as the sandbox user) cannot alter a shared environment.
    private func lockDown(_ url: URL) throws {
        let uid = geteuid(), gid = getegid()
        var paths = [url.path]
        if let enumerator = FileManager.default.enumerator(atPath: url.path) {
            for case let relative as String in enumerator { paths.append(url.appendingPathComponent(relative).path) }
        }
        for path in paths {
            _ = lchown(path, uid, gid)
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFLNK else { continue }
            chmod(path, info.st_mode & 0o7755 | 0o444 | (info.st_mode & 0o100 != 0 || info.st_mode & S_IFMT == S_IFDIR ? 0o111 : 0))
        }
    }

    /// `Python 3.11.2` of the interpreter every sandbox has (`/usr/bin/python3`).
    static let systemPythonVersion: String = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "unavailable" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }()
}
