import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The one thread that calls posix_spawn.
///
/// Why: the parent-death signal (`PR_SET_PDEATHSIG`, used by `setpriv --pdeathsig` and
/// `bwrap --die-with-parent`) fires when the *thread* that created the child exits, not the
/// process. Swift concurrency and Dispatch retire idle worker threads, which would kill healthy
/// plugins at random. Spawning from a thread that lives as long as the process avoids that.
final class SpawnThread: Sendable {
    static let shared = SpawnThread()

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let available = DispatchSemaphore(value: 0)

    private init() {
        Thread.detachNewThread { [self] in
            while true {
                available.wait()
                let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                job?()
            }
        }
    }

    /// Runs `body` on the spawn thread and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let result = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        jobs.withLock {
            $0.append {
                let value = body()
                result.withLock { $0 = value }
                done.signal()
            }
        }
        available.signal()
        done.wait()
        return result.withLock { $0! }
    }
}

extension ChildProcess {
    /// posix_spawn in a new process group, with the given descriptors as 0, 1, 2, every other
    /// descriptor closed, default signal dispositions and an empty signal mask (the harness
    /// ignores SIGPIPE; a child must not inherit that). Returns the pid or an errno.
    static func posixSpawn(
        executable: String, arguments: [String], environment: [String],
        workingDirectory: String?, stdin: Int32, stdout: Int32, stderr: Int32
    ) -> Result<pid_t, ChildProcessError> {
        SpawnThread.shared.run {
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
            posix_spawn_file_actions_init(&actions)
            posix_spawnattr_init(&attributes)
            defer {
                posix_spawn_file_actions_destroy(&actions)
                posix_spawnattr_destroy(&attributes)
            }
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
            posix_spawn_file_actions_adddup2(&actions, stdout, 1)
            posix_spawn_file_actions_adddup2(&actions, stderr, 2)
            if let closeFrom = GNUExtensions.closeFrom {
                _ = closeFrom(&actions, 3)
            } else {
                for fd in GNUExtensions.openDescriptors() where fd > 2 {
                    posix_spawn_file_actions_addclose(&actions, fd)
                }
            }
            if let workingDirectory {
                guard let changeDirectory = GNUExtensions.changeDirectory else {
                    return .failure(.spawnFailed(executable: executable, errno: ENOSYS))
                }
                _ = changeDirectory(&actions, workingDirectory)
            }
            var defaults = sigset_t()
            sigfillset(&defaults)
            sigdelset(&defaults, SIGKILL)
            sigdelset(&defaults, SIGSTOP)
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            var mask = sigset_t()
            sigemptyset(&mask)
            posix_spawnattr_setsigmask(&attributes, &mask)
            posix_spawnattr_setpgroup(&attributes, 0)
            let flags = Int32(POSIX_SPAWN_SETPGROUP) | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)
            posix_spawnattr_setflags(&attributes, Int16(flags))

            let argv = ([executable] + arguments).map { strdup($0) } + [nil]
            let envp = environment.map { strdup($0) } + [nil]
            defer {
                argv.forEach { free($0) }
                envp.forEach { free($0) }
            }
            var pid: pid_t = 0
            let code = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            return code == 0 ? .success(pid) : .failure(.spawnFailed(executable: executable, errno: code))
        }
    }
}

/// glibc extensions that the Glibc module does not import (declared under `_GNU_SOURCE`),
/// looked up at run time.
enum GNUExtensions {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34).
    static let closeFrom: CloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29).
    static let changeDirectory: ChangeDirectory? = symbol("posix_spawn_file_actions_addchdir_np")
    static let pipe2: Pipe2? = symbol("pipe2")

    private static func symbol<T>(_ name: String) -> T? {
        guard let address = dlsym(nil, name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }

    /// The descriptors open in this process (fallback when closefrom is missing).
    static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }
}
