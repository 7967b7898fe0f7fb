import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A child process the harness talks to over pipes, with deadlines, and measures from outside.
///
/// The child runs in a process group of its own, so `terminate()` kills it and everything it
/// started (SIGKILL to the group, and to every task of its cgroup when it has one). Its stdin and
/// stdout are non-blocking pipes driven by `poll()` against a deadline; a deadline that passes
/// kills the child (deadlines are budgets, not hints). Its stderr is drained by a thread into a
/// bounded ring buffer. Pipes are enlarged to 1 MiB (`F_SETPIPE_SZ`), which moves large arrays at
/// close to memory bandwidth with few context switches.
///
/// I/O methods must not be called concurrently with each other; `terminate()` and `wait()` may be
/// called from any thread. Dropping the last reference kills and reaps the child, so neither a
/// zombie nor a cgroup outlives its owner.
public final class ChildProcess: Sendable {
    /// The pid of the direct child (the wrapper chain, then bwrap, in sandboxed runs).
    public let pid: pid_t
    /// When the harness started the child (monotonic clock).
    public let spawnInstant: ContinuousClock.Instant
    /// The wall budget's end: every operation's deadline is clamped to it.
    public let budgetDeadline: ContinuousClock.Instant?
    /// CPU budget of the whole tree, checked against the cgroup's account during I/O.
    public let cpuBudgetSeconds: Double?
    /// A directory whose size and entry count are checked during I/O.
    public let directoryQuota: DirectoryQuota?
    /// How the process was isolated and limited (nil for a plain spawn).
    public let record: SandboxRecord?
    /// Capacity of the stderr tail.
    public let standardErrorCapacity: Int

    let cgroup: CgroupLimiter?
    let standardError: StandardErrorCollector
    let stdoutFD: Int32

    struct State {
        var stdinFD: Int32
        var exited: (status: Int32, usage: rusage)?
        var killedBy: TerminationCause?
        var outcome: ProcessOutcome?
        var lastCPUCheck: ContinuousClock.Instant?
        var nextQuotaCheck: ContinuousClock.Instant?
    }
    let state: Mutex<State>

    /// Starts `executable` (an absolute path) with exactly `environment`; nothing of the
    /// harness's own environment is inherited.
    public init(
        executable: String, arguments: [String], environment: [String: String] = [:],
        workingDirectory: String? = nil, cgroup: CgroupLimiter? = nil,
        wallSeconds: Double? = nil, cpuSeconds: Double? = nil, directoryQuota: DirectoryQuota? = nil,
        record: SandboxRecord? = nil,
        standardErrorCapacity: Int = 64 * 1024
    ) throws(ChildProcessError) {
        Self.ignoreSIGPIPE
        let stdinPipe = try Self.makePipe()
        let stdoutPipe = try Self.makePipe()
        let stderrPipe = try Self.makePipe()
        let start = ContinuousClock.now
        let spawned = Self.posixSpawn(
            executable: executable, arguments: arguments,
            environment: environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" },
            workingDirectory: workingDirectory,
            stdin: stdinPipe.read, stdout: stdoutPipe.write, stderr: stderrPipe.write)
        // The child holds its own copies now; ours would keep the pipes open forever.
        close(stdinPipe.read)
        close(stdoutPipe.write)
        close(stderrPipe.write)
        switch spawned {
        case .failure(let error):
            close(stdinPipe.write)
            close(stdoutPipe.read)
            close(stderrPipe.read)
            throw error
        case .success(let pid):
            self.pid = pid
        }
        for fd in [stdinPipe.write, stdoutPipe.read, stderrPipe.read] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        for fd in [stdinPipe.write, stdoutPipe.read] {
            _ = fcntl(fd, 1031 /* F_SETPIPE_SZ */, Int32(1 << 20))
        }
        spawnInstant = start
        budgetDeadline = wallSeconds.map { start + .nanoseconds(Int64($0 * 1e9)) }
        cpuBudgetSeconds = cpuSeconds
        self.directoryQuota = directoryQuota
        self.cgroup = cgroup
        self.record = record
        self.standardErrorCapacity = standardErrorCapacity
        stdoutFD = stdoutPipe.read
        standardError = StandardErrorCollector(fd: stderrPipe.read, capacity: standardErrorCapacity)
        state = Mutex(State(stdinFD: stdinPipe.write))
    }

    deinit {
        _ = terminate()
        close(stdoutFD)
    }

    private static let ignoreSIGPIPE: Void = {
        // Writing to a plugin that has died must be an EPIPE error, not the harness's death.
        signal(SIGPIPE, SIG_IGN)
    }()

    private static func makePipe() throws(ChildProcessError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        if let pipe2 = GNUExtensions.pipe2 {
            guard pipe2(&fds, O_CLOEXEC) == 0 else { throw .io(operation: "pipe2", errno: errno) }
        } else {
            // Every spawn closes descriptors above 2 in the child, so the window between pipe()
            // and FD_CLOEXEC only matters to spawns made by other libraries.
            guard pipe(&fds) == 0 else { throw .io(operation: "pipe", errno: errno) }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
        return (fds[0], fds[1])
    }

    // MARK: Ending

    /// Kills the whole process group (and cgroup), reaps the child and returns its outcome.
    /// Idempotent: after the child has been reaped it returns the recorded outcome.
    @discardableResult
    public func terminate() -> ProcessOutcome {
        kill(cause: .requested)
        return wait()
    }

    /// Waits for the child to exit and returns its outcome. When `deadline` (or the wall
    /// budget) passes first, the child is killed and the outcome says so.
    @discardableResult
    public func wait(deadline: ContinuousClock.Instant? = nil) -> ProcessOutcome {
        if let outcome = state.withLock({ $0.outcome }) { return outcome }
        let end = effectiveDeadline(deadline)
        var pause: UInt32 = 500
        while !pollExit() {
            if let end, ContinuousClock.now >= end { kill(cause: .deadline) }
            _ = quotaViolation(now: .now)  // a tree that ignores `bye` keeps writing while it is waited for
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
        return finishOutcome()
    }

    /// Sends SIGKILL to the group and the cgroup, remembering the first cause. The child stays
    /// a zombie until reaped, so its pid (the group id) cannot be reused in between.
    func kill(cause: TerminationCause) {
        let alreadyReaped = state.withLock { state in
            if state.exited == nil, state.killedBy == nil { state.killedBy = cause }
            return state.outcome != nil
        }
        if alreadyReaped { return }
        Glibc.kill(-pid, SIGKILL)
        Glibc.kill(pid, SIGKILL)
        cgroup?.killAll()
    }

    /// Reaps the child if it has exited (without blocking); true once it has.
    func pollExit() -> Bool {
        state.withLock { state in
            if state.exited != nil { return true }
            var status: Int32 = 0
            var usage = rusage()
            let result = wait4(pid, &status, WNOHANG, &usage)
            if result == pid {
                state.exited = (status, usage)
                return true
            }
            // ECHILD means someone else reaped it: treat as exited with an unknown status.
            if result < 0 && errno == ECHILD {
                state.exited = (0x7f, rusage())
                return true
            }
            return false
        }
    }

    private func finishOutcome() -> ProcessOutcome {
        let wall = (ContinuousClock.now - spawnInstant).seconds
        // Descendants outside bwrap's PID namespace (unsandboxed runs) stay in our group unless
        // they left it; the group id stays reserved while any of them lives.
        Glibc.kill(-pid, SIGKILL)
        cgroup?.killAll()
        standardError.finish(grace: .milliseconds(500))
        return state.withLock { state in
            if let outcome = state.outcome { return outcome }
            let (status, usage) = state.exited!
            let times = ProcessTimes(
                userSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6,
                systemSeconds: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6,
                cgroupCPUSeconds: cgroup?.cpuSeconds(),
                maxResidentBytes: UInt64(max(0, usage.ru_maxrss)) * 1024,
                peakCgroupMemoryBytes: cgroup?.peakMemoryBytes(),
                wallSeconds: wall)
            let outcome = ProcessOutcome(
                status: ExitStatus(waitStatus: status), times: times, killedBy: state.killedBy,
                memoryCapHit: (cgroup?.oomKillCount() ?? 0) > 0,
                processCapHit: (cgroup?.processCapHitCount() ?? 0) > 0,
                standardErrorBytes: standardError.totalBytes)
            state.outcome = outcome
            if state.stdinFD >= 0 {
                close(state.stdinFD)
                state.stdinFD = -1
            }
            cgroup?.remove()
            return outcome
        }
    }

    /// The earlier of `deadline` and the wall budget.
    func effectiveDeadline(_ deadline: ContinuousClock.Instant?) -> ContinuousClock.Instant? {
        switch (deadline, budgetDeadline) {
        case let (a?, b?): min(a, b)
        case let (a?, nil): a
        case let (nil, b?): b
        case (nil, nil): nil
        }
    }
}
