import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A per-run cgroup v1 group in the memory, pids and cpuacct hierarchies.
///
/// Why cgroups: they bind a whole process tree regardless of uid, they are counted by the kernel
/// (a plugin cannot under-report), and `cpuacct.usage` includes processes that were killed before
/// anyone reaped them, which `wait4` rusage misses. The child is placed in the group by a tiny
/// shell wrapper (`echo $$ > cgroup.procs; exec …`) that runs before any plugin code, so no
/// allocation or fork escapes the limits.
///
/// The groups live under `<root>/<controller>/holdout/run-<uuid>` and are removed by `remove()`
/// once every task has exited (a cgroup with tasks cannot be removed).
public final class CgroupLimiter: Sendable {
    public enum Controller: String, CaseIterable, Codable, Sendable {
        case memory, pids, cpuacct
    }

    /// The directory of each controller that could be created.
    public let directories: [Controller: String]
    /// Whether the memory limit was written (false when none was asked for or it failed).
    public let enforcesMemory: Bool
    /// Whether the pids limit was written.
    public let enforcesProcesses: Bool

    /// Creates the groups and writes the limits. Returns nil when no controller is writable
    /// (no cgroup v1, read-only mount, or not permitted), so the caller falls back to rlimits.
    public init?(limits: ResourceLimits, root: String = "/sys/fs/cgroup") {
        let name = "run-\(UUID().uuidString.lowercased())"
        var directories: [Controller: String] = [:]
        for controller in Controller.allCases {
            let parent = "\(root)/\(controller.rawValue)/holdout"
            let directory = "\(parent)/\(name)"
            guard access("\(root)/\(controller.rawValue)/cgroup.procs", W_OK) == 0 else { continue }
            if mkdir(parent, 0o755) != 0 && errno != EEXIST { continue }
            if mkdir(directory, 0o755) != 0 { continue }
            directories[controller] = directory
        }
        guard !directories.isEmpty else { return nil }
        var memory = false
        if let bytes = limits.memoryBytes, let directory = directories[.memory] {
            memory = Self.write("\(bytes)", to: "\(directory)/memory.limit_in_bytes")
            // Without this, the group could page out to swap and run on past the cap.
            _ = Self.write("\(bytes)", to: "\(directory)/memory.memsw.limit_in_bytes")
        }
        var processes = false
        if let count = limits.maxProcesses, let directory = directories[.pids] {
            processes = Self.write("\(count)", to: "\(directory)/pids.max")
        }
        self.directories = directories
        self.enforcesMemory = memory
        self.enforcesProcesses = processes
    }

    deinit { remove() }

    /// The `cgroup.procs` files the child writes its pid into before exec.
    var procsFiles: [String] {
        Controller.allCases.compactMap { directories[$0].map { "\($0)/cgroup.procs" } }
    }

    /// Shell script that joins every group, then execs its arguments.
    var enterScript: String {
        procsFiles.map { "echo $$ > '\($0)' || exit 126" }.joined(separator: "; ") + "; exec \"$@\""
    }

    // MARK: Readings

    /// CPU seconds (user + system) of every task that ever ran in the group.
    public func cpuSeconds() -> Double? {
        guard let directory = directories[.cpuacct],
              let text = Self.read("\(directory)/cpuacct.usage"),
              let nanoseconds = UInt64(text) else { return nil }
        return Double(nanoseconds) * 1e-9
    }

    /// Highest memory charge of the group (bytes), page cache included.
    public func peakMemoryBytes() -> UInt64? {
        guard let directory = directories[.memory] else { return nil }
        return Self.read("\(directory)/memory.max_usage_in_bytes").flatMap { UInt64($0) }
    }

    /// How many tasks the kernel's OOM killer killed because the group hit its memory cap.
    public func oomKillCount() -> Int {
        guard let directory = directories[.memory],
              let text = Self.read("\(directory)/memory.oom_control") else { return 0 }
        return Self.field("oom_kill", in: text) ?? 0
    }

    /// How many forks failed because the group hit its process cap.
    public func processCapHitCount() -> Int {
        guard let directory = directories[.pids],
              let text = Self.read("\(directory)/pids.events") else { return 0 }
        return Self.field("max", in: text) ?? 0
    }

    /// The pids of every task currently in the groups.
    public func memberPIDs() -> Set<pid_t> {
        var pids = Set<pid_t>()
        for directory in directories.values {
            for line in (Self.read("\(directory)/cgroup.procs") ?? "").split(separator: "\n") {
                if let pid = pid_t(line) { pids.insert(pid) }
            }
        }
        return pids
    }

    // MARK: Teardown

    /// SIGKILLs every task in the groups (repeatedly, since a task may fork while we read).
    public func killAll() {
        for _ in 0..<8 {
            let pids = memberPIDs()
            if pids.isEmpty { return }
            for pid in pids { kill(pid, SIGKILL) }
            usleep(2_000)
        }
    }

    /// Kills what is left and removes the groups; waits briefly for killed tasks to leave.
    public func remove() {
        for directory in directories.values where access(directory, F_OK) == 0 {
            for attempt in 0..<200 {
                if rmdir(directory) == 0 || errno == ENOENT { break }
                if attempt % 10 == 0 { killAll() }
                usleep(5_000)
            }
        }
    }

    // MARK: Files

    static func write(_ text: String, to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == bytes.count
    }

    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 8192)
        let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard count >= 0 else { return nil }
        return String(decoding: bytes[0..<count], as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The value of a `key value` line in a cgroup statistics file.
    static func field(_ key: String, in text: String) -> Int? {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[0] == key { return Int(parts[1]) }
        }
        return nil
    }
}
