import CFFTW
import Foundation

/// Serialises every call into FFTW's planner.
///
/// FFTW's plan creation and destruction (`fftw_plan_*`, `fftw_destroy_plan`) share global
/// state (wisdom, the planner's tables) and are **not** thread-safe; executing an existing
/// plan (`fftw_execute_*`) is. Every type in this module therefore creates and destroys its
/// plans inside ``FFTWPlanner/withLock(_:)`` and executes them without a lock.
///
/// Plans are always made with `FFTW_ESTIMATE`: with `FFTW_MEASURE` (or `PATIENT`) the planner
/// times candidate algorithms and keeps the fastest, which can differ from run to run on a
/// busy machine. Different algorithms round differently, so measured plans would break the
/// bit-for-bit reproducibility that Holdout's data commitments rely on (same seed, same
/// machine, same bytes). `FFTW_ESTIMATE` chooses by a fixed heuristic: same sizes, same plan.
public enum FFTWPlanner {
    private static let lock = NSLock()

    /// `FFTW_ESTIMATE` from `fftw3.h` (`1U << 6`).
    public static let estimate: UInt32 = 1 << 6
    /// `FFTW_PRESERVE_INPUT` from `fftw3.h` (`1U << 4`).
    public static let preserveInput: UInt32 = 1 << 4

    /// Runs `body` while holding the process-wide FFTW planner lock.
    public static func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
