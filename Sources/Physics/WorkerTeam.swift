import Dispatch
import Foundation

/// The calling thread plus `threads − 1` persistent helper threads that run the blocks of a
/// split (``LineBlocks``) together: block 0 on the caller, block b on helper b.
///
/// Why not `DispatchQueue.concurrentPerform`: it allocates on every call (about five mallocs,
/// measured in the `VlasovStep` benchmark), and a solver step makes several such calls. A team
/// is made once in a solver's `init`; after that, ``run(_:_:)`` only stores the body and posts
/// and waits on semaphores, so a step allocates nothing — provided the body is a closure made
/// once and kept (a closure literal that captures anything is allocated anew at every call that
/// escapes it, and so is any non-escaping closure passed through `withoutActuallyEscaping`:
/// one malloc per call, measured). Helpers sleep on their semaphore between calls and exit
/// when the team is released.
///
/// Not for concurrent use: one ``run(_:_:)`` at a time (a solver owns its team).
public final class WorkerTeam: @unchecked Sendable {
    /// Threads that run blocks, the caller included.
    public let threads: Int
    private let shared: Shared

    /// What the helpers read: the body of the current call and the go/done signals.
    private final class Shared: @unchecked Sendable {
        /// Set before the helpers are woken, cleared after they have all finished; the
        /// semaphores order these accesses.
        var body: ((Int) -> Void)?
        var stopping = false
        let start: [DispatchSemaphore]
        let done = DispatchSemaphore(value: 0)
        init(helpers: Int) { start = (0..<helpers).map { _ in DispatchSemaphore(value: 0) } }
    }

    /// Starts `threads − 1` helper threads (none for `threads` = 1).
    public init(threads: Int) {
        precondition(threads >= 1, "a worker team needs at least one thread")
        self.threads = threads
        shared = Shared(helpers: threads - 1)
        for helper in 0..<(threads - 1) {
            let shared = self.shared
            let thread = Thread {
                while true {
                    shared.start[helper].wait()
                    if shared.stopping { return }
                    shared.body!(helper + 1)
                    shared.done.signal()
                }
            }
            thread.name = "WorkerTeam helper \(helper + 1)"
            thread.start()
        }
    }

    deinit {
        shared.stopping = true
        for s in shared.start { s.signal() }
    }

    /// Runs `body(b)` for b in 0..<blocks (`blocks` ≤ ``threads``), block 0 on the calling
    /// thread, and returns when all are done. `body` must only write memory of its own block;
    /// for an allocation-free call, pass a stored closure (see above), not a literal.
    public func run(_ blocks: Int, _ body: @escaping (Int) -> Void) {
        precondition(blocks >= 1 && blocks <= threads, "\(blocks) blocks for a team of \(threads) threads")
        if blocks == 1 {
            body(0)
            return
        }
        shared.body = body
        for helper in 0..<(blocks - 1) { shared.start[helper].signal() }
        body(0)
        for _ in 0..<(blocks - 1) { shared.done.wait() }
        shared.body = nil
    }
}
