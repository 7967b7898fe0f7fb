import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Exactly what a sandboxed plugin can see: the paths bound into an otherwise empty root, its
/// environment, its uid, and that it has no network.
///
/// The sandbox root is a fresh tmpfs; a host path that is not bound here has no name inside, so
/// the organiser's state, the hidden targets and other submissions are unreachable rather than
/// merely forbidden. The profile is recorded with every run; `canonicalJSON()` gives bytes that
/// are stable across runs (sorted keys), so the record can be hashed and compared.
public struct SandboxProfile: Codable, Hashable, Sendable {
    /// A host path made visible at `destination` inside the sandbox.
    public struct Bind: Codable, Hashable, Sendable {
        public var source: String
        public var destination: String
        /// Skip silently when the host path does not exist (system pieces that vary by distro).
        public var optional: Bool

        public init(_ source: String, at destination: String? = nil, optional: Bool = false) {
            self.source = source
            self.destination = destination ?? source
            self.optional = optional
        }
    }

    /// A symbolic link created in the sandbox root (merged-/usr layouts: `/lib -> usr/lib`).
    public struct Symlink: Codable, Hashable, Sendable {
        public var target: String
        public var path: String

        public init(_ path: String, to target: String) {
            self.path = path
            self.target = target
        }
    }

    public var readOnlyBinds: [Bind]
    /// Writable binds: the trained-model directory while training (and the scratch directory
    /// when there is no sandbox), nothing else.
    public var writableBinds: [Bind]
    /// Private directories that exist only in the sandbox, RAM-backed (tmpfs), besides `/tmp`
    /// which always is one: the scratch. Emptied by construction for every process.
    public var privateDirectories: [String]
    /// Size of `/tmp` and of each private directory: a plugin that fills one gets ENOSPC
    /// instead of filling the host's disk. nil leaves tmpfs's default size; the pages are
    /// charged to the plugin's memory cgroup either way.
    public var privateDirectoryBytes: UInt64?
    public var symlinks: [Symlink]
    /// The plugin's whole environment; nothing of the harness's is inherited.
    public var environment: [String: String]
    public var workingDirectory: String
    /// The unprivileged identity the plugin runs as, inside and (when the harness is root) outside.
    public var uid: UInt32
    public var gid: UInt32
    /// Network access; off for every evaluation run.
    public var shareNetwork: Bool
    public var hostname: String

    public init(
        readOnlyBinds: [Bind] = [], writableBinds: [Bind] = [], privateDirectories: [String] = [],
        privateDirectoryBytes: UInt64? = nil, symlinks: [Symlink] = [],
        environment: [String: String] = [:], workingDirectory: String = "/",
        uid: UInt32 = 65534, gid: UInt32 = 65534, shareNetwork: Bool = false, hostname: String = "holdout"
    ) {
        self.readOnlyBinds = readOnlyBinds
        self.writableBinds = writableBinds
        self.privateDirectories = privateDirectories
        self.privateDirectoryBytes = privateDirectoryBytes
        self.symlinks = symlinks
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.uid = uid
        self.gid = gid
        self.shareNetwork = shareNetwork
        self.hostname = hostname
    }

    /// The default environment: a search path, a writable home, a UTF-8 locale.
    public static let defaultEnvironment = [
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": "/tmp",
        "LANG": "C.UTF-8",
        "TMPDIR": "/tmp",
    ]

    /// The smallest system that runs dynamically linked programs and `/usr/bin/python3` with
    /// numpy: `/usr` read-only; `/bin`, `/lib`, `/lib64`, `/sbin` as on the host (links on
    /// merged-/usr systems, binds otherwise); from `/etc` only the dynamic linker's cache and
    /// configuration and `/etc/alternatives` (Debian reaches libblas, used by numpy, through it).
    /// `/etc/passwd` is left out on purpose: it is not needed, and uid 65534 simply has no name.
    public static func minimal(
        readOnly: [Bind] = [], writable: [Bind] = [], environment: [String: String] = [:],
        workingDirectory: String = "/"
    ) -> SandboxProfile {
        var binds = [Bind("/usr")]
        var links: [Symlink] = []
        for top in ["/bin", "/lib", "/lib64", "/sbin", "/lib32", "/libx32"] {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: top) {
                links.append(Symlink(top, to: target))
            } else {
                binds.append(Bind(top, optional: true))
            }
        }
        for piece in ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/localtime"] {
            binds.append(Bind(piece, optional: true))
        }
        return SandboxProfile(
            readOnlyBinds: binds + readOnly, writableBinds: writable, symlinks: links,
            environment: defaultEnvironment.merging(environment) { $1 },
            workingDirectory: workingDirectory)
    }

    /// Sorted-key JSON: identical profiles give identical bytes, so a run can store and hash it.
    public func canonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and booleans cannot fail.
        return try! encoder.encode(self)
    }

    /// bubblewrap arguments (without the executable and the command).
    ///
    /// Order matters: symlinks and the special filesystems first, then binds sorted by
    /// destination, so a parent is mounted before anything bound beneath it (a bind under a
    /// read-only `/usr` would otherwise have no mount point).
    public func bubblewrapArguments() -> [String] {
        var arguments = [
            "--unshare-all", "--die-with-parent", "--new-session",
            "--uid", "\(uid)", "--gid", "\(gid)", "--hostname", hostname,
        ]
        if shareNetwork { arguments.append("--share-net") }
        arguments.append("--clearenv")
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) {
            arguments += ["--setenv", key, value]
        }
        for link in symlinks { arguments += ["--symlink", link.target, link.path] }
        arguments += ["--proc", "/proc", "--dev", "/dev"]
        for directory in ["/tmp"] + privateDirectories {
            if let bytes = privateDirectoryBytes, Sandbox.tmpfsSizeIsSupported { arguments += ["--size", "\(bytes)"] }
            arguments += ["--tmpfs", directory]
        }
        let all = readOnlyBinds.map { ($0, false) } + writableBinds.map { ($0, true) }
        let sorted = all.sorted { lhs, rhs in
            let depth = { (bind: Bind) in bind.destination.split(separator: "/").count }
            return (depth(lhs.0), lhs.0.destination) < (depth(rhs.0), rhs.0.destination)
        }
        for (bind, writable) in sorted {
            let option = writable ? (bind.optional ? "--bind-try" : "--bind") : (bind.optional ? "--ro-bind-try" : "--ro-bind")
            arguments += [option, bind.source, bind.destination]
        }
        arguments += ["--chdir", workingDirectory]
        return arguments
    }

    /// The host path behind a sandbox path, through the binds (for the unsandboxed mode, where
    /// the plugin sees host paths).
    func hostPath(for sandboxPath: String) -> String {
        let binds = (writableBinds + readOnlyBinds).sorted { $0.destination.count > $1.destination.count }
        for bind in binds {
            if sandboxPath == bind.destination { return bind.source }
            let prefix = bind.destination.hasSuffix("/") ? bind.destination : bind.destination + "/"
            if sandboxPath.hasPrefix(prefix) { return bind.source + "/" + sandboxPath.dropFirst(prefix.count) }
        }
        return sandboxPath
    }
}
