import Foundation

/// Where a harness keeps its files. Nothing under `state` is ever mounted into a sandbox.
///
///     <root>/holdout.sqlite        runs, per-case results, predictions, findings
///     <root>/data/<task>/…         public splits (HDF5, The Well's layout), regenerated on demand
///     <root>/artifacts/<run>/      trained models (writable in training, read-only in prediction)
///     <root>/scratch/<run>/        private scratch, emptied for each plugin process
///     <root>/state/                organiser state (mode 0700; secrets and hidden cases 0600)
public struct Workspace: Sendable {
    public let root: URL

    public init(root: URL) throws {
        self.root = root.standardizedFileURL
        let manager = FileManager.default
        for directory in [self.root, data, artifactsRoot, scratchRoot] {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            // Sandboxed plugins run as an unprivileged user and must traverse to their binds.
            try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        }
        try manager.createDirectory(at: state, withIntermediateDirectories: true)
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: state.path)
    }

    public var database: URL { root.appendingPathComponent("holdout.sqlite") }
    public var data: URL { root.appendingPathComponent("data") }
    public var artifactsRoot: URL { root.appendingPathComponent("artifacts") }
    public var scratchRoot: URL { root.appendingPathComponent("scratch") }
    public var state: URL { root.appendingPathComponent("state") }

    public func dataDirectory(task: String) -> URL { data.appendingPathComponent(task) }
    public func artifacts(run: String) -> URL { artifactsRoot.appendingPathComponent(run) }
    public func scratch(run: String) -> URL { scratchRoot.appendingPathComponent(run) }
    public func roundState(challenge: String, round: Int) -> URL {
        state.appendingPathComponent(challenge).appendingPathComponent("round-\(round)")
    }
}
