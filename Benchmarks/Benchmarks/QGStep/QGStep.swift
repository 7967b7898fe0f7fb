import Benchmark
import Foundation
import Physics
import SolverFixtures

/// One ETDRK4 step of the two-layer QG solver in pyqg's eddy configuration (L = 1000 km,
/// h = 7200 s, the task's reference step) at 256² (the task's truth) and 64² (pyqg's default
/// grid and the methods' grid), on one FFTW thread, against the FFTs that step performs: per
/// tendency evaluation 8 c2r (each preceded by writing its input spectrum, since the c2r destroys
/// it; here a copy) and 2 r2c, four evaluations per step. The state: `SolverFixtures.quasiGeostrophic`.
/// At 256² also on two threads. Compare with pyqg-jax: Benchmarks/python/qg_vs_pyqgjax.py.
let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        timeUnits: .microseconds,
        warmupIterations: 5,
        maxDuration: .seconds(5),
        maxIterations: 2_000
    )

    for n in [64, 256] {
        for threads in n == 256 ? [1, 2] : [1] {
            let model = SolverFixtures.quasiGeostrophic(points: n, threads: threads)
            Benchmark("QuasiGeostrophicSolver.step \(n)² threads=\(threads)", configuration: configuration) { benchmark in
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations { model.step() }
                benchmark.stopMeasurement()
                blackHole(model.time)
            }
        }

        Benchmark("FFTs of one QG step (32 c2r + 8 r2c) \(n)² threads=1", configuration: configuration) { benchmark in
            // Four evaluations of two layers: 8 × (4 c2r + 1 r2c).
            let transforms = TransformWorkload(points: n)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { transforms.run(evaluations: 8, inverses: 4) }
            benchmark.stopMeasurement()
            blackHole(transforms.checksum)
        }
    }
}
