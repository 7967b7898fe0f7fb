import Benchmark
import FourierTransforms
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
            let fft = RealFFT2D(n0: n, n1: n)
            let doubles = 2 * fft.spectrumCount
            let spectrum = FFTWMemory.allocateDoubles(doubles)
            let input = FFTWMemory.allocateDoubles(doubles)
            let product = FFTWMemory.allocateDoubles(doubles)
            let signal = FFTWMemory.allocateDoubles(n * n)
            defer { for p in [spectrum, input, product, signal] { FFTWMemory.deallocate(p) } }
            for j in 0..<(n * n) { signal[j] = sin(Double(j % 97)) }
            fft.forward(signal, into: spectrum)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                for _ in 0..<8 {
                    for _ in 0..<4 {
                        input.update(from: spectrum, count: doubles)
                        fft.inverseDestroyingInput(input, into: signal)
                    }
                    fft.forward(signal, into: product)
                }
            }
            benchmark.stopMeasurement()
            blackHole(product[0])
        }
    }
}
