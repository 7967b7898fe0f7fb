import Dispatch
import Foundation
import Synchronization

/// The calling thread plus `threads − 1` persistent helper threads that run the blocks of a
/// split (``LineBlocks``) together: block 0 on the caller, block b on helper b.
///
/// Why not `DispatchQueue.concurrentPerform`: it allocates on every call (about five mallocs,
/// measured in the `VlasovStep` benchmark), and a solver step makes several such calls. A team
/// is made once in a solver's `init`; after that, ``run(_:_:)`` only stores the body and
/// signals, so a step allocates nothing — provided the body is a closure made once and kept (a
/// closure literal that captures anything is allocated anew at every call that escapes it, and
/// so is a non-escaping closure passed through `withoutActuallyEscaping`: one malloc per call,
/// measured).
///
/// Why spin first: a pass lasts tens of microseconds, about what waking a sleeping thread costs
/// on this VM (a futex wake is an inter-processor interrupt to a halted virtual CPU). Helpers
/// and the caller therefore poll an atomic for up to ``SpinThenSleep/spinNanoseconds`` before
/// they sleep on a semaphore (``SpinThenSleep``), so passes separated by a solver's serial work
/// hand over without a wake-up, and an idle team costs nothing after that. Helpers exit when
/// the team is released.
///
/// Not for concurrent use: one ``run(_:_:)`` at a time (a solver owns its team).
public final class WorkerTeam: @unchecked Sendable {
    /// Threads that run blocks, the caller included.
    public let threads: Int
    private let shared: Shared

    /// What the helpers read. `generation` counts calls (a helper runs when it moves past the
    /// value it last saw); `pending` counts helpers that have not finished the current call.
    private final class Shared: @unchecked Sendable {
        var body: ((Int) -> Void)?
        var blocks = 0
        let generation = Atomic<Int>(0)
        let pending = Atomic<Int>(0)
        let stopping = Atomic<Bool>(false)
        let start: [SpinThenSleep]
        let done = SpinThenSleep()
        init(helpers: Int) { start = (0..<helpers).map { _ in SpinThenSleep() } }
    }

    /// Starts `threads − 1` helper threads (none for `threads` = 1).
    public init(threads: Int) {
        precondition(threads >= 1, "a worker team needs at least one thread")
        self.threads = threads
        shared = Shared(helpers: threads - 1)
        for helper in 0..<(threads - 1) {
            let shared = self.shared
            let thread = Thread {
                var seen = 0
                while true {
                    shared.start[helper].wait { shared.generation.load(ordering: .sequentiallyConsistent) != seen }
                    seen = shared.generation.load(ordering: .sequentiallyConsistent)
                    if shared.stopping.load(ordering: .sequentiallyConsistent) { return }
                    if helper + 1 < shared.blocks { shared.body!(helper + 1) }
                    if shared.pending.subtract(1, ordering: .sequentiallyConsistent).newValue == 0 {
                        shared.done.notify()
                    }
                }
            }
            thread.name = "WorkerTeam helper \(helper + 1)"
            thread.start()
        }
    }

    deinit {
        shared.stopping.store(true, ordering: .sequentiallyConsistent)
        shared.generation.add(1, ordering: .sequentiallyConsistent)
        for s in shared.start { s.notify() }
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
        shared.blocks = blocks
        // Every helper takes part in every call (those without a block only check in), so none
        // can still be reading `body` or `blocks` when the next call writes them.
        shared.pending.store(threads - 1, ordering: .sequentiallyConsistent)
        shared.generation.add(1, ordering: .sequentiallyConsistent)
        for s in shared.start { s.notify() }
        body(0)
        shared.done.wait { shared.pending.load(ordering: .sequentiallyConsistent) == 0 }
        shared.body = nil
    }
}

/// One waiter's side of a hand-over: ``wait(until:)`` polls the condition for a while, then
/// sleeps on a semaphore; ``notify()`` (called after making the condition true) wakes it only if
/// it sleeps. The `sleeping` flag is a Dekker-style handshake: the waiter sets it and re-checks
/// the condition, the notifier sets the condition and clears the flag, so a wake-up is never
/// lost and an unneeded semaphore signal is always consumed.
final class SpinThenSleep: @unchecked Sendable {
    /// The longest poll before sleeping: longer than the serial work between two parallel loops
    /// of a solver step (tens of µs), far shorter than a time slice.
    static let spinNanoseconds: UInt64 = 200_000
    /// The first part of the spin polls without yielding: a partner running on the other core
    /// hands over within it, and yielding there measurably slowed two-thread steps even on an
    /// idle machine (both threads could end up taking turns on one core).
    static let busyNanoseconds: UInt64 = 50_000
    /// The current poll limit, adapted to how hand-overs went (only the waiter touches it): it
    /// halves after every wait that had to sleep anyway and doubles after one that a poll ended.
    /// On a loaded machine, where the partner is often not running, the polls die out and the
    /// team sleeps like an ordinary thread pool instead of burning its share of the cores.
    private var budget = spinNanoseconds
    private let sleeping = Atomic<Bool>(false)
    private let semaphore = DispatchSemaphore(value: 0)

    /// Returns once `ready()` is true. One waiter at a time.
    func wait(until ready: () -> Bool) {
        let start = DispatchTime.now().uptimeNanoseconds
        var polls = 0
        while !ready() {
            polls &+= 1
            // Every 64 polls: past the first `busyNanoseconds`, give the core away if another
            // thread wants it (on a loaded machine that may be the very thread we wait for);
            // stop at the budget.
            if polls & 63 == 0 {
                let elapsed = DispatchTime.now().uptimeNanoseconds &- start
                if elapsed > budget { break }
                if elapsed > Self.busyNanoseconds { sched_yield() }
            }
        }
        if ready() {
            budget = min(Self.spinNanoseconds, max(2 * budget, 1_000))
            return
        }
        budget /= 2
        if ready() { return }
        while true {
            sleeping.store(true, ordering: .sequentiallyConsistent)
            if ready() {
                // If the notifier already took the flag, its signal is coming: consume it.
                if !sleeping.exchange(false, ordering: .sequentiallyConsistent) { semaphore.wait() }
                return
            }
            semaphore.wait()
            if ready() { return }
        }
    }

    /// Wakes the waiter if it sleeps; call after making its condition true.
    func notify() {
        if sleeping.exchange(false, ordering: .sequentiallyConsistent) { semaphore.signal() }
    }
}
