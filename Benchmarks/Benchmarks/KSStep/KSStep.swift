import Benchmark
import FourierTransforms
import Foundation
import Physics

/// One ETDRK4 step of the Kuramoto–Sivashinsky solver (L = 64, ν = 1, h = 0.05; the sizes of
/// Benchmarks/python/ks_exponax.py: N = 128 and 256) against the FFTs that step performs (four
/// c2r inverse + four r2c forward transforms of length N through the same `RealFFT` pointer API).
/// The ratio of the medians is the solver's overhead over its FFTs (target ≤ 1.5×);
/// `mallocCountTotal` must be 0 for the step.
let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(5),
        maxIterations: 1_000
    )
    func initial(_ n: Int) -> [Double] {
        (0..<n).map { j in
            let k = 2 * Double.pi * Double(j) / Double(n)
            return cos(k) * (1 + sin(k)) + 0.3 * cos(3 * k + 0.4)
        }
    }

    for points in [128, 256] {
        Benchmark("KuramotoSivashinskySolver.step N=\(points)", configuration: configuration) { benchmark in
            let solver = KuramotoSivashinskySolver(points: points, length: 64, viscosity: 1, timeStep: 0.05)
            solver.load(initial(points))
            // Onto the attractor first, so the step sees typical data.
            for _ in 0..<2000 { solver.step() }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                solver.step()
            }
            benchmark.stopMeasurement()
            blackHole(solver.time)
        }

        Benchmark("FFTs of one KS step (4 c2r + 4 r2c) N=\(points)", configuration: configuration) { benchmark in
            let fft = RealFFT(count: points)
            let spectrum = FFTWMemory.allocateDoubles(points + 2)
            let product = FFTWMemory.allocateDoubles(points + 2)
            let signal = FFTWMemory.allocateDoubles(points)
            defer {
                FFTWMemory.deallocate(spectrum)
                FFTWMemory.deallocate(product)
                FFTWMemory.deallocate(signal)
            }
            let u = initial(points)
            for j in 0..<points { signal[j] = u[j] }
            fft.forward(signal, into: spectrum)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                for _ in 0..<4 {
                    fft.inverse(spectrum, into: signal)
                    fft.forward(signal, into: product)
                }
            }
            benchmark.stopMeasurement()
            blackHole(product[0])
        }
    }
}
