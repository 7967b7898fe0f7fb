#if canImport(Glibc)
import Glibc
#endif

/// How a process ended.
///
/// Under bubblewrap the harness's child is bwrap, which reports a command killed by signal `n`
/// as exit status `128 + n` (so an OOM kill shows as `.exited(137)`); `ProcessOutcome` says
/// separately whether a cap was hit.
public enum ExitStatus: Codable, Hashable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    init(waitStatus status: Int32) {
        // The WIFEXITED/WTERMSIG macros are not imported into Swift.
        let signal = status & 0x7f
        if signal == 0 {
            self = .exited((status >> 8) & 0xff)
        } else {
            self = .signaled(signal)
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        }
    }

    public var isSuccess: Bool { self == .exited(0) }
}

/// Why the harness killed a process (nil in an outcome when it ended on its own).
public enum TerminationCause: String, Codable, Hashable, Sendable {
    /// A deadline (request deadline or the wall budget) passed.
    case deadline
    /// The process tree used more CPU time than its budget.
    case cpuBudget
    /// The process tree stored more than its ``DirectoryQuota`` allows.
    case directoryQuota
    /// The caller asked for it (`terminate()`), e.g. on a protocol error.
    case requested
}

/// Everything the harness knows about a finished process.
public struct ProcessOutcome: Codable, Hashable, Sendable {
    public var status: ExitStatus
    public var times: ProcessTimes
    /// Set when the harness killed the process.
    public var killedBy: TerminationCause?
    /// The kernel's OOM killer acted because the memory cap was reached (cgroup only).
    public var memoryCapHit: Bool
    /// A fork failed because the process cap was reached (cgroup only).
    public var processCapHit: Bool
    /// Bytes the process wrote to stderr in total (the tail is kept, see `ChildProcess`).
    public var standardErrorBytes: Int

    public init(
        status: ExitStatus, times: ProcessTimes, killedBy: TerminationCause? = nil,
        memoryCapHit: Bool = false, processCapHit: Bool = false, standardErrorBytes: Int = 0
    ) {
        self.status = status
        self.times = times
        self.killedBy = killedBy
        self.memoryCapHit = memoryCapHit
        self.processCapHit = processCapHit
        self.standardErrorBytes = standardErrorBytes
    }
}

/// Errors of talking to a child process; each says what a user needs to know.
public enum ChildProcessError: Error, Hashable, Sendable, CustomStringConvertible {
    /// posix_spawn failed (missing executable, too many processes, …).
    case spawnFailed(executable: String, errno: Int32)
    /// The deadline passed; the process group has been killed.
    case timedOut
    /// The CPU budget ran out; the process group has been killed.
    case cpuBudgetExceeded(seconds: Double)
    /// The directory of its ``DirectoryQuota`` went over its bound (why, in words); the process
    /// group has been killed.
    case directoryQuotaExceeded(String)
    /// The child closed the pipe (exited or closed its end). The exit status, when the process
    /// had already exited by the time the pipe closed.
    case closed(ExitStatus?)
    /// Any other system-call failure.
    case io(operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .spawnFailed(let executable, let code):
            "could not start \(executable): \(String(cString: strerror(code)))"
        case .timedOut:
            "the plugin did not answer before its deadline and was killed"
        case .cpuBudgetExceeded(let seconds):
            "the plugin used more than its CPU budget of \(seconds) s and was killed"
        case .directoryQuotaExceeded(let why):
            "the plugin stored \(why) and was killed"
        case .closed(let status):
            "the plugin closed its pipe" + (status.map { " (\($0))" } ?? "")
        case .io(let operation, let code):
            "\(operation) failed: \(String(cString: strerror(code)))"
        }
    }
}
