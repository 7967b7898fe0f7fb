import Benchmark
import FourierTransforms
import Foundation
import Physics

/// One ETDRK4 step of the Burgers solver at N = 1024 against the FFTs that step performs
/// (four c2r inverse + four r2c forward transforms of length 1024, each inverse with the same
/// spectrum copy the solver's does). The ratio of the two medians is the solver's overhead over
/// its FFTs (target ≤ 1.5×); `mallocCountTotal` must be 0 for the step.
let benchmarks: @Sendable () -> Void = {
    let points = 1024
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        timeUnits: .microseconds,
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(5),
        maxIterations: 1_000
    )

    Benchmark("BurgersSolver.step N=1024", configuration: configuration) { benchmark in
        let solver = BurgersSolver(points: points, length: 2 * Double.pi, viscosity: 0.05, timeStep: 1e-4)
        solver.load((0..<points).map { 0.3 + sin(2 * Double.pi * Double($0) / Double(points)) })
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            solver.step()
        }
        benchmark.stopMeasurement()
        blackHole(solver.time)
    }

    Benchmark("FFTs of one step (4 c2r + 4 r2c) N=1024", configuration: configuration) { benchmark in
        let fft = RealFFT(count: points)
        let spectrum = FFTWMemory.allocateDoubles(points + 2)
        let product = FFTWMemory.allocateDoubles(points + 2)
        let signal = FFTWMemory.allocateDoubles(points)
        defer {
            FFTWMemory.deallocate(spectrum)
            FFTWMemory.deallocate(product)
            FFTWMemory.deallocate(signal)
        }
        for j in 0..<points { signal[j] = 0.3 + sin(2 * Double.pi * Double(j) / Double(points)) }
        fft.forward(signal, into: spectrum)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            // As in the solver: read a stage spectrum (left intact), write another one.
            for _ in 0..<4 {
                fft.inverse(spectrum, into: signal)
                fft.forward(signal, into: product)
            }
        }
        benchmark.stopMeasurement()
        blackHole(product[0])
    }
}
