import Benchmark
import Foundation
import Physics
import SolverFixtures

/// One ETDRK4 step of the 2-D Navier–Stokes solver at 256² in the Kochkov et al. / jax-cfd
/// Kolmogorov setting (2π box, ν = 1e-3, α = 0.1, f = sin(4y), h = 0.0025, the task's reference step) on one and two FFTW
/// threads, against the FFTs that step performs: 16 c2r (each preceded by writing its input
/// spectrum, since the c2r destroys it; here a copy) and 4 r2c transforms of 256².
/// The ratio step / FFTs is the solver's overhead over its transforms (target ≤ 1.5×); the
/// ratio of the threads=1 and threads=2 steps is the two-thread speed-up. The state is a
/// developed turbulent field (spun up from a smooth field for t = 2 before measuring).
///
/// Allocations are counted by separate benchmarks whose only metric is `mallocCountTotal` (must
/// be 0 per step): the harness takes its malloc snapshots *outside* its reads of /proc for
/// `cpuTotal`, and those reads allocate. The control benchmark measures that: an empty sample
/// with `cpuTotal` on. (This, not FFTW, was the "16 mallocs per step" once reported here:
/// FFTW 3.3.10 executes these plans without allocating, on one thread or two.)
let benchmarks: @Sendable () -> Void = {
    let n = 256
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .throughput],
        timeUnits: .microseconds,
        warmupIterations: 5,
        maxDuration: .seconds(5),
        maxIterations: 2_000
    )
    let allocations = Benchmark.Configuration(
        metrics: [.mallocCountTotal], warmupIterations: 5, scalingFactor: .one, maxDuration: .seconds(2), maxIterations: 50
    )

    Benchmark("Control: empty sample with cpuTotal (harness mallocs)",
              configuration: .init(metrics: [.cpuTotal, .mallocCountTotal], scalingFactor: .one, maxIterations: 50)) { benchmark in
        benchmark.startMeasurement()
        benchmark.stopMeasurement()
    }

    for threads in [1, 2] {
        // Spun up once, at registration (the closure below runs once per sample).
        let solver = SolverFixtures.navierStokes(points: n, threads: threads)
        for (label, config) in [("", configuration), (" (allocations)", allocations)] {
            Benchmark("NavierStokes2DSolver.step 256² threads=\(threads)\(label)", configuration: config) { benchmark in
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations { solver.step() }
                benchmark.stopMeasurement()
                blackHole(solver.time)
            }
        }

        Benchmark("FFTs of one step (16 c2r + 4 r2c) 256² threads=\(threads)", configuration: configuration) { benchmark in
            // Four evaluations: 4 × (4 c2r + 1 r2c).
            let transforms = TransformWorkload(points: n, threads: threads)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { transforms.run(evaluations: 4, inverses: 4) }
            benchmark.stopMeasurement()
            blackHole(transforms.checksum)
        }
    }
}
