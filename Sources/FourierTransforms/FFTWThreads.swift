import CFFTW

/// One-time set-up of FFTW's threads library (`libfftw3_threads`, linked through the `CFFTW`
/// module map).
///
/// `fftw_init_threads` must run once before any plan is made with more than one thread; it is
/// called here under the planner lock, at most once per process. Threaded plans are then made
/// by setting `fftw_plan_with_nthreads(n)` around the planner call and resetting it to 1 (see
/// ``RealFFT2D/init(n0:n1:threads:)``), so serial plans made elsewhere stay serial. With
/// `FFTW_ESTIMATE` the threaded plan, like the serial one, is a fixed function of the sizes and
/// the thread count, so results are reproducible run to run; they may differ from the serial
/// plan's in the last bits (different loop splitting), which `NavierStokes2DTests` bounds.
public enum FFTWThreads {
    nonisolated(unsafe) private static var initialized = false

    /// Initialises FFTW's threads support (idempotent, thread-safe).
    public static func initialize() {
        FFTWPlanner.withLock {
            if !initialized {
                precondition(fftw_init_threads() != 0, "fftw_init_threads failed")
                initialized = true
            }
        }
    }
}
