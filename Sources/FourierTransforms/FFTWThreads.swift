import CFFTW
import Foundation

/// One-time set-up of FFTW's threads library (`libfftw3_threads`, linked through the `CFFTW`
/// module map), with FFTW's parallel loops run by a ``WorkerTeam``.
///
/// `fftw_init_threads` must run once before any plan is made with more than one thread; it is
/// called here under the planner lock, at most once per process. Threaded plans are then made
/// by setting `fftw_plan_with_nthreads(n)` around the planner call and resetting it to 1 (see
/// ``RealFFT2D/init(n0:n1:threads:)``), so serial plans made elsewhere stay serial. With
/// `FFTW_ESTIMATE` the threaded plan, like the serial one, is a fixed function of the sizes and
/// the thread count, so results are reproducible run to run; they may differ from the serial
/// plan's in the last bits (different loop splitting), which `NavierStokes2DTests` bounds.
///
/// Why our own team (`fftw_threads_set_callback`, FFTW ≥ 3.3.9): FFTW's pool puts its workers
/// to sleep on a semaphore after every parallel loop, and a 256² transform is two loops of
/// ~70 µs; on this VM the wake-ups ate the gain (two threads measured *slower* than one). The
/// team spins briefly between loops. FFTW splits each loop into jobs itself; the team only
/// runs them, so the arithmetic (and the result) is the same as with FFTW's own pool. One loop
/// runs on the team at a time; a loop that finds it busy (another solver's transform on another
/// thread) runs its jobs on the calling thread instead — same result, no waiting, no deadlock.
public enum FFTWThreads {
    nonisolated(unsafe) private static var initialized = false
    /// Threads of the shared team: FFTW loops never have more jobs than their plan's threads.
    public static let teamThreads = max(2, ProcessInfo.processInfo.activeProcessorCount)

    /// Initialises FFTW's threads support (idempotent, thread-safe).
    public static func initialize() {
        FFTWPlanner.withLock {
            if !initialized {
                precondition(fftw_init_threads() != 0, "fftw_init_threads failed")
                fftw_threads_set_callback(parallelLoop, Unmanaged.passRetained(ParallelLoop.shared).toOpaque())
                initialized = true
            }
        }
    }
}

/// FFTW's `parallel_loop` callback: runs `njobs` jobs `work(jobdata + j·elsize)`.
private let parallelLoop: @convention(c) (
    (@convention(c) (UnsafeMutablePointer<CChar>?) -> UnsafeMutableRawPointer?)?,
    UnsafeMutablePointer<CChar>?, Int, Int32, UnsafeMutableRawPointer?
) -> Void = { work, jobdata, elsize, njobs, data in
    let loop = Unmanaged<ParallelLoop>.fromOpaque(data!).takeUnretainedValue()
    loop.run(work: work!, jobdata: jobdata!, elsize: elsize, jobs: Int(njobs))
}

/// The team behind ``FFTWThreads`` and the loop it is running. The body handed to the team is
/// made once and reads the loop from stored properties, so a loop allocates nothing.
private final class ParallelLoop: @unchecked Sendable {
    static let shared = ParallelLoop()
    typealias Work = @convention(c) (UnsafeMutablePointer<CChar>?) -> UnsafeMutableRawPointer?
    let team = WorkerTeam(threads: FFTWThreads.teamThreads)
    let busy = NSLock()
    var work: Work?
    var jobdata: UnsafeMutablePointer<CChar>?
    var elsize = 0
    var jobs = 0
    private var body: ((Int) -> Void)!

    init() {
        body = { [unowned self] b in
            // Team member b runs jobs b, b + T, b + 2T, … (FFTW asks for at most T).
            var j = b
            while j < jobs {
                _ = work!(jobdata! + j * elsize)
                j += team.threads
            }
        }
    }

    func run(work: Work, jobdata: UnsafeMutablePointer<CChar>, elsize: Int, jobs: Int) {
        guard jobs > 1, busy.try() else {
            for j in 0..<jobs { _ = work(jobdata + j * elsize) }
            return
        }
        defer { busy.unlock() }
        (self.work, self.jobdata, self.elsize, self.jobs) = (work, jobdata, elsize, jobs)
        team.run(min(jobs, team.threads), body)
    }
}
