import Benchmark
import Foundation
import Physics

/// One classical RK4 step of Lorenz-96, K = 40, F = 8, h = 0.01 (the comparison is the numpy
/// implementation in Benchmarks/python/l96_step.py, same K, F, h and starting state), and one
/// step of the two-scale system K = 8, J = 32, F = 20, h = 1, b = c = 10, dt = 0.001.
/// `mallocCountTotal` must be 0 for both.
let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(5),
        maxIterations: 1_000
    )

    Benchmark("Lorenz96.step K=40", configuration: configuration) { benchmark in
        let model = Lorenz96(sites: 40, forcing: 8, timeStep: 0.01)
        model.load((0..<40).map { 8 + 0.5 * sin(Double($0)) })
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            model.step()
        }
        benchmark.stopMeasurement()
        blackHole(model.time)
    }

    Benchmark("Lorenz96TwoScale.step K=8 J=32", configuration: configuration) { benchmark in
        let model = Lorenz96TwoScale(slowCount: 8, fastPerSlow: 32, forcing: 20, coupling: 1, amplitudeRatio: 10,
                                     timeScaleRatio: 10, timeStep: 0.001)
        let slow = (0..<8).map { 5 + 3 * sin(Double($0)) }
        model.load(slow: slow, fast: (0..<256).map { 0.1 * sin(2.4 * Double($0)) })
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            model.step()
        }
        benchmark.stopMeasurement()
        blackHole(model.time)
    }
}
