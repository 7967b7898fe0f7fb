import Foundation
import HoldoutCore

/// Where a harness keeps its files. Nothing under `state` is ever mounted into a sandbox.
///
///     <root>/holdout.sqlite        runs, per-case results, predictions, findings
///     <root>/data/<task>/…         public splits (HDF5, The Well's layout), regenerated on demand
///     <root>/artifacts/<run>/      trained models (writable in training, read-only in prediction)
///     <root>/scratch/<run>/        scratch of unsandboxed processes, emptied for each (a sandboxed
///                                  process gets a private tmpfs instead)
///     <root>/plugins/<hash>/       content-addressed copies of the plugins that ran
///     <root>/bin/<hash>/holdout    the binary that serves built-ins, staged the same way
///     <root>/state/                organiser state (mode 0700; secrets and hidden cases 0600)
///
/// Plugins run as an unprivileged user, which must be able to reach what is bound into its
/// sandbox. When the workspace lies below a directory that user cannot enter (a clone under
/// /root, say), the sandbox-visible parts (data, artifacts, scratch, plugins, bin) move to
/// `/var/tmp/holdout-exposed-<hash of the workspace path>/`; the database and the organiser's
/// state always stay in the workspace.
public struct Workspace: Sendable {
    public let root: URL
    /// Where the sandbox-visible directories live: `root`, or a reachable stand-in for it.
    public let exposed: URL

    public init(root: URL) throws {
        self.root = root.standardizedFileURL
        exposed = Workspace.isReachableByOthers(self.root) ? self.root
            : URL(fileURLWithPath: "/var/tmp/holdout-exposed-\(SHA256Digest.hex(of: Array(self.root.path.utf8)).prefix(16))")
        let manager = FileManager.default
        for directory in [self.root, exposed, data, artifactsRoot, scratchRoot, plugins, binaries] {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            // Sandboxed plugins run as an unprivileged user and must traverse to their binds.
            try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        }
        try manager.createDirectory(at: state, withIntermediateDirectories: true)
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: state.path)
    }

    public var database: URL { root.appendingPathComponent("holdout.sqlite") }
    public var data: URL { exposed.appendingPathComponent("data") }
    public var artifactsRoot: URL { exposed.appendingPathComponent("artifacts") }
    public var scratchRoot: URL { exposed.appendingPathComponent("scratch") }
    public var plugins: URL { exposed.appendingPathComponent("plugins") }
    public var binaries: URL { exposed.appendingPathComponent("bin") }
    public var state: URL { root.appendingPathComponent("state") }

    public func dataDirectory(task: String) -> URL { data.appendingPathComponent(task) }
    public func artifacts(run: String) -> URL { artifactsRoot.appendingPathComponent(run) }
    public func scratch(run: String) -> URL { scratchRoot.appendingPathComponent(run) }
    public func roundState(challenge: String, round: Int) -> URL {
        state.appendingPathComponent(challenge).appendingPathComponent("round-\(round)")
    }

    /// Whether every ancestor of `url` lets others through (o+x), so uid 65534 can reach it.
    static func isReachableByOthers(_ url: URL) -> Bool {
        var path = url.deletingLastPathComponent()
        while true {
            var info = stat()
            if stat(path.path, &info) == 0, info.st_mode & 0o001 == 0 { return false }
            if path.path == "/" { return true }
            path.deleteLastPathComponent()
        }
    }

    /// Copies a plugin directory to `plugins/<hash>/` (once) and returns the copy: the run
    /// uses an immutable snapshot of exactly the content it hashed (`PluginFiles`).
    public func stagePlugin(_ directory: URL, hash: String) throws -> URL {
        try stage(at: plugins.appendingPathComponent(hash)) { staging in
            try PluginFiles.copy(PluginFiles.entries(of: directory), to: staging)
        }
    }

    /// Copies the `holdout` binary to `bin/<hash>/holdout` (once) and returns the copy.
    public func stageExecutable(_ executable: URL) throws -> URL {
        let hash = String(try SHA256Digest.hex(ofFile: executable).prefix(16))
        let directory = try stage(at: binaries.appendingPathComponent(hash)) { staging in
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: executable, to: staging.appendingPathComponent("holdout"))
        }
        return directory.appendingPathComponent("holdout")
    }

    private func stage(at target: URL, _ fill: (URL) throws -> Void) throws -> URL {
        let manager = FileManager.default
        if manager.fileExists(atPath: target.path) { return target }
        let staging = target.deletingLastPathComponent().appendingPathComponent(".staging-\(UUID().uuidString)")
        try fill(staging)
        try makeReadableByOthers(staging)
        if rename(staging.path, target.path) != 0 { try? manager.removeItem(at: staging) }
        return target
    }

    private func makeReadableByOthers(_ url: URL) throws {
        let manager = FileManager.default
        var paths = [url.path]
        if let enumerator = manager.enumerator(atPath: url.path) {
            for case let relative as String in enumerator { paths.append(url.appendingPathComponent(relative).path) }
        }
        for path in paths {
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFLNK else { continue }
            let executable = info.st_mode & S_IFMT == S_IFDIR || info.st_mode & 0o100 != 0
            chmod(path, executable ? 0o755 : 0o644)
        }
    }
}
