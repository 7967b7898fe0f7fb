/// The budgets a plugin process runs under.
///
/// Memory and process counts are enforced by the kernel through cgroup v1 controllers where the
/// machine lets us create cgroups (then they hold for the plugin's whole process tree, whatever
/// uid the processes run as), otherwise through rlimits: `RLIMIT_DATA` bounds each process's
/// heap (not the total), `RLIMIT_NPROC` counts every process of the sandbox uid on the machine
/// (so concurrent runs share it). An address-space limit (`RLIMIT_AS`) is never set unless asked
/// for: JIT runtimes (XLA, the JVM, Julia) reserve far more address space than they touch and
/// fail under it.
///
/// CPU time has two guards: `RLIMIT_CPU` per process as a backstop (SIGXCPU at the soft limit,
/// SIGKILL one second later) and the harness's own check of the cgroup's accumulated CPU time,
/// which also catches a plugin that spreads work over many processes. Wall time is the harness's
/// deadline alone; nothing the plugin does can extend it.
public struct ResourceLimits: Codable, Hashable, Sendable {
    /// Memory charged to the whole process tree (cgroup), or heap per process (`RLIMIT_DATA`).
    public var memoryBytes: UInt64?
    /// Number of processes (and threads: both are tasks for the pids controller and NPROC).
    public var maxProcesses: Int?
    /// Largest file a process may write (`RLIMIT_FSIZE`), against filling the disk.
    public var maxFileSizeBytes: UInt64?
    /// CPU seconds (user + system) of the plugin's processes.
    public var cpuSeconds: Double?
    /// Wall-clock seconds from spawn, measured by the harness.
    public var wallSeconds: Double?
    /// Address-space limit (`RLIMIT_AS`); only when explicitly requested, see the type's notes.
    public var addressSpaceBytes: UInt64?
    /// A host directory the tree may write whose total size and entry count the harness bounds
    /// (a training process's /artifacts; see ``DirectoryQuota``).
    public var directoryQuota: DirectoryQuota?

    public init(
        memoryBytes: UInt64? = nil, maxProcesses: Int? = nil, maxFileSizeBytes: UInt64? = nil,
        cpuSeconds: Double? = nil, wallSeconds: Double? = nil, addressSpaceBytes: UInt64? = nil,
        directoryQuota: DirectoryQuota? = nil
    ) {
        self.memoryBytes = memoryBytes
        self.maxProcesses = maxProcesses
        self.maxFileSizeBytes = maxFileSizeBytes
        self.cpuSeconds = cpuSeconds
        self.wallSeconds = wallSeconds
        self.addressSpaceBytes = addressSpaceBytes
        self.directoryQuota = directoryQuota
    }

    /// No limits at all (trusted tools only).
    public static let unlimited = ResourceLimits()
}

/// Which kernel mechanism enforced each limit of a run; recorded with the run.
public struct LimitEnforcement: Codable, Hashable, Sendable {
    public enum Mechanism: String, Codable, Hashable, Sendable {
        /// A cgroup v1 controller (`memory.limit_in_bytes`, `pids.max`, `cpuacct.usage`).
        case cgroupV1
        /// A per-process rlimit set through `prlimit` before exec.
        case rlimit
        /// The harness's own clock.
        case harnessDeadline
        /// Not requested.
        case none
        /// Requested, but the machine offered no way to enforce it.
        case unenforced
    }

    public var memory: Mechanism
    public var processes: Mechanism
    public var fileSize: Mechanism
    /// CPU time may have several guards (rlimit backstop and the cgroup check).
    public var cpu: [Mechanism]
    public var wall: Mechanism
    public var addressSpace: Mechanism

    public init(
        memory: Mechanism = .none, processes: Mechanism = .none, fileSize: Mechanism = .none,
        cpu: [Mechanism] = [], wall: Mechanism = .none, addressSpace: Mechanism = .none
    ) {
        self.memory = memory
        self.processes = processes
        self.fileSize = fileSize
        self.cpu = cpu
        self.wall = wall
        self.addressSpace = addressSpace
    }
}

extension ResourceLimits {
    /// `prlimit` options for the rlimits that apply. Limits a cgroup already enforces are not
    /// duplicated as (weaker, per-process) rlimits. Core dumps are always off: a plugin's core
    /// would land in its scratch and could fill the disk.
    func prlimitOptions(memoryByCgroup: Bool, processesByCgroup: Bool) -> [String] {
        var options = ["--core=0"]
        if let bytes = maxFileSizeBytes { options.append("--fsize=\(bytes)") }
        if let seconds = cpuSeconds {
            let soft = max(1, Int(seconds.rounded(.up)))
            options.append("--cpu=\(soft):\(soft + 1)")
        }
        if let bytes = memoryBytes, !memoryByCgroup { options.append("--data=\(bytes)") }
        if let count = maxProcesses, !processesByCgroup { options.append("--nproc=\(count)") }
        if let bytes = addressSpaceBytes { options.append("--as=\(bytes)") }
        return options
    }
}
