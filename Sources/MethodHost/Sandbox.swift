import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a plugin process was isolated.
public enum IsolationMode: String, Codable, Hashable, Sendable {
    /// bubblewrap: own namespaces (mount, PID, network, IPC, UTS, user), an empty root with only
    /// the profile's binds, no network.
    case bubblewrap
    /// No namespaces: the plugin sees the host's filesystem and network. Limits and the uid drop
    /// still apply. Such runs are never published to an official leaderboard.
    case unsandboxed
}

/// What a run records about its isolation: enough to reproduce it and to judge it.
public struct SandboxRecord: Codable, Hashable, Sendable {
    public var mode: IsolationMode
    public var profile: SandboxProfile
    public var limits: ResourceLimits
    public var enforcement: LimitEnforcement
    /// The host uid the plugin's processes run as (65534 when the harness is root).
    public var hostUID: UInt32
    /// Whether the plugin dies with the harness (pdeathsig / bwrap --die-with-parent).
    public var diesWithHarness: Bool
    /// The full command line the harness executed, wrappers included.
    public var commandLine: [String]

    /// Only sandboxed runs may appear on an official leaderboard.
    public var isPublishable: Bool { mode == .bubblewrap }
}

/// Launches plugin processes isolated and limited.
///
/// The launch is a chain of small, audited tools that each exec the next, so the plugin's pid is
/// the harness's direct child and nothing stays behind:
///
///     /bin/sh -c 'echo $$ > <cgroup>/cgroup.procs …; exec "$@"'   join the run's cgroups (root)
///     prlimit --core=0 --fsize=… --cpu=… [--data --nproc] --       rlimits, inherited by all
///     setpriv --reuid=65534 --regid=65534 --clear-groups --pdeathsig KILL --
///     bwrap --unshare-all --die-with-parent --new-session … --      namespaces, binds
///     <command>
///
/// Dropping to uid 65534 *before* bubblewrap matters on this kind of machine (root in a container
/// where unprivileged user namespaces work): bwrap started by root would map the sandbox user to
/// host root, for which `RLIMIT_NPROC` does not apply and which owns the organiser's files. As
/// 65534 it makes an unprivileged user namespace, and every host path it binds must be readable
/// by 65534 (scratch directories: see `prepareScratchDirectory`).
public enum Sandbox {
    /// Where the tools live; looked up once in the usual system directories.
    static let bubblewrapPath = locate("bwrap")
    static let setprivPath = locate("setpriv")
    static let prlimitPath = locate("prlimit")

    static func locate(_ tool: String) -> String? {
        for directory in ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"] {
            let path = "\(directory)/\(tool)"
            if access(path, X_OK) == 0 { return path }
        }
        return nil
    }

    /// Whether this bubblewrap can size a tmpfs (`--size`, bubblewrap 0.8; refused by a setuid
    /// bubblewrap). Without it the private directories are still RAM-backed and bounded by the
    /// memory limit, not by the disk limit.
    static let tmpfsSizeIsSupported: Bool = {
        var info = stat()
        guard let bubblewrapPath, stat(bubblewrapPath, &info) == 0, info.st_mode & S_ISUID == 0,
              let help = try? ChildProcess(executable: bubblewrapPath, arguments: ["--help"]) else { return false }
        let text = String(decoding: (try? help.readToEnd(deadline: .now + .seconds(10))) ?? [], as: UTF8.self)
        help.wait(deadline: .now + .seconds(10))
        return text.contains("--size")
    }()

    /// Whether bubblewrap is installed and can create its namespaces here (tried once, with a
    /// real sandbox that runs `true`, as the same user plugins will run as).
    public static func isAvailable() -> Bool { availability }

    private static let availability: Bool = {
        guard bubblewrapPath != nil else { return false }
        let profile = SandboxProfile.minimal()
        // Twice, with a generous deadline: on a loaded machine a first sandbox can take seconds,
        // and silently falling back to unsandboxed runs would change every run's identity.
        for _ in 0..<2 {
            guard let process = try? launch(["/usr/bin/true"], profile: profile, limits: .unlimited, mode: .bubblewrap) else {
                continue
            }
            if process.wait(deadline: .now + .seconds(60)).status.isSuccess { return true }
        }
        return false
    }()

    /// Makes a scratch directory writable by the sandbox user (when the harness is root).
    public static func prepareScratchDirectory(_ path: String, uid: UInt32 = 65534, gid: UInt32 = 65534) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        if geteuid() == 0, chown(path, uid, gid) != 0 {
            throw ChildProcessError.io(operation: "chown \(path)", errno: errno)
        }
    }

    /// Starts `command` (absolute executable path first, or a name found on the profile's PATH)
    /// in the sandbox described by `profile`, under `limits`.
    ///
    /// `mode` nil means bubblewrap when available, unsandboxed otherwise. In the unsandboxed mode
    /// the command sees host paths: use binds whose source and destination agree.
    public static func launch(
        _ command: [String], profile: SandboxProfile, limits: ResourceLimits, mode: IsolationMode? = nil
    ) throws -> ChildProcess {
        precondition(!command.isEmpty, "a command needs an executable")
        let mode = mode ?? (isAvailable() ? .bubblewrap : .unsandboxed)
        var enforcement = LimitEnforcement()
        var chain: [String] = []

        let wantsCgroup = limits.memoryBytes != nil || limits.maxProcesses != nil || limits.cpuSeconds != nil
        let cgroup = wantsCgroup ? CgroupLimiter(limits: limits) : nil
        if let cgroup {
            chain += ["/bin/sh", "-c", cgroup.enterScript, "holdout-enter-cgroup"]
        }

        let memoryByCgroup = cgroup?.enforcesMemory ?? false
        let processesByCgroup = cgroup?.enforcesProcesses ?? false
        if let prlimitPath {
            chain.append(prlimitPath)
            chain += limits.prlimitOptions(memoryByCgroup: memoryByCgroup, processesByCgroup: processesByCgroup)
            chain.append("--")
        }
        let rlimit: LimitEnforcement.Mechanism = prlimitPath == nil ? .unenforced : .rlimit
        if limits.memoryBytes != nil { enforcement.memory = memoryByCgroup ? .cgroupV1 : rlimit }
        if limits.maxProcesses != nil { enforcement.processes = processesByCgroup ? .cgroupV1 : rlimit }
        if limits.maxFileSizeBytes != nil { enforcement.fileSize = rlimit }
        if limits.addressSpaceBytes != nil { enforcement.addressSpace = rlimit }
        if limits.cpuSeconds != nil {
            enforcement.cpu = [rlimit] + (cgroup?.directories[.cpuacct] != nil ? [.cgroupV1] : [])
        }
        if limits.wallSeconds != nil { enforcement.wall = .harnessDeadline }

        let isRoot = geteuid() == 0
        var hostUID = UInt32(geteuid())
        var diesWithHarness = false
        if let setprivPath {
            chain.append(setprivPath)
            if isRoot {
                chain += ["--reuid=\(profile.uid)", "--regid=\(profile.gid)", "--clear-groups"]
                hostUID = profile.uid
            }
            chain += ["--pdeathsig", "KILL", "--"]
            diesWithHarness = true
        } else if isRoot {
            throw ChildProcessError.spawnFailed(executable: "setpriv (needed to drop root)", errno: ENOENT)
        }

        var environment = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]
        var workingDirectory: String? = nil
        switch mode {
        case .bubblewrap:
            guard let bubblewrapPath else {
                throw ChildProcessError.spawnFailed(executable: "bwrap", errno: ENOENT)
            }
            chain.append(bubblewrapPath)
            chain += profile.bubblewrapArguments()
            chain.append("--")
            diesWithHarness = true
        case .unsandboxed:
            environment = profile.environment
            workingDirectory = profile.hostPath(for: profile.workingDirectory)
        }
        chain += command

        let record = SandboxRecord(
            mode: mode, profile: profile, limits: limits, enforcement: enforcement,
            hostUID: hostUID, diesWithHarness: diesWithHarness, commandLine: chain)
        return try ChildProcess(
            executable: chain[0], arguments: Array(chain.dropFirst()), environment: environment,
            workingDirectory: workingDirectory, cgroup: cgroup,
            wallSeconds: limits.wallSeconds, cpuSeconds: limits.cpuSeconds, directoryQuota: limits.directoryQuota,
            record: record)
    }
}
