import Benchmark
import FourierTransforms
import Foundation
import Physics
import SolverFixtures

/// Ten fused Strang steps of the Vlasov–Poisson solver at the task's reference resolution
/// (N_x × N_v = 128 × 256) against exactly the FFTs those steps perform: 11 x-passes (one
/// batched r2c + one batched c2r of length 128, 256 columns, stride 256; plus the length-128
/// c2r that turns Ê into E) and 10 v-passes (batched r2c + c2r of length 256, 128 rows).
/// The ratio of the two medians is the solver's overhead over its FFTs (target ≤ 1.5×). Both
/// run on one and on two threads (the solver's `threads:`; the FFT-only loop splits its batches
/// in the same two halves, run by a `WorkerTeam` as in the solver).
///
/// Allocations are counted by separate benchmarks with `mallocCountTotal` as their only metric
/// (must be 0): `cpuTotal` reads /proc between the harness's two malloc snapshots, which alone
/// counts ~16 mallocs per sample (see the control benchmark in `NS2DStep`).
let benchmarks: @Sendable () -> Void = {
    let (nx, nv) = SolverFixtures.vlasovPoints
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .throughput],
        timeUnits: .microseconds,
        warmupIterations: 5,
        scalingFactor: .one,
        maxDuration: .seconds(5),
        maxIterations: 1_000
    )
    let allocations = Benchmark.Configuration(
        metrics: [.mallocCountTotal], warmupIterations: 5, scalingFactor: .one, maxDuration: .seconds(2), maxIterations: 50
    )
    for threads in [1, 2] {
        let solver = SolverFixtures.vlasov(threads: threads)
        for (label, config) in [("", configuration), (" (allocations)", allocations)] {
            Benchmark("VlasovPoissonSolver 10 steps 128x256 threads=\(threads)\(label)", configuration: config) { benchmark in
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    solver.advance(steps: 10, step: 0.05)
                }
                benchmark.stopMeasurement()
                blackHole(solver.time)
            }
        }

        Benchmark("FFTs of 10 steps (11 x-passes + 10 v-passes) 128x256 threads=\(threads)",
                  configuration: configuration) { benchmark in
            let f = FFTWMemory.allocateDoubles(nx * nv)
            let xSpectrum = FFTWMemory.allocateDoubles(2 * (nx / 2 + 1) * nv)
            let vSpectrum = FFTWMemory.allocateDoubles(2 * nx * (nv / 2 + 1))
            let fieldSpectrum = FFTWMemory.allocateDoubles(nx + 2)
            let field = FFTWMemory.allocateDoubles(nx)
            defer { for p in [f, xSpectrum, vSpectrum, fieldSpectrum, field] { FFTWMemory.deallocate(p) } }
            // The batches split into the same blocks of whole lines as the solver's.
            let (columnBlocks, rowBlocks) = (LineBlocks(lines: nv, blocks: threads), LineBlocks(lines: nx, blocks: threads))
            let vModes = nv / 2 + 1
            let team = WorkerTeam(threads: threads)
            let xFFTs = columnBlocks.ranges.map { j in
                StridedRealFFT(count: nx, howMany: j.count, real: f + j.lowerBound, realStride: nv, realDistance: 1,
                               spectrum: xSpectrum + 2 * j.lowerBound, spectrumStride: nv, spectrumDistance: 1)
            }
            let vFFTs = rowBlocks.ranges.map { i in
                StridedRealFFT(count: nv, howMany: i.count, real: f + i.lowerBound * nv, realStride: 1, realDistance: nv,
                               spectrum: vSpectrum + 2 * i.lowerBound * vModes, spectrumStride: 1, spectrumDistance: vModes)
            }
            let fieldFFT = RealFFT(count: nx)
            let start = SolverFixtures.vlasovInitial()
            for n in 0..<(nx * nv) { f[n] = start[n] }
            // Bodies made once, as in the solver (a closure literal per call would allocate).
            let xForward: (Int) -> Void = { xFFTs[$0].forward() }
            let xInverse: (Int) -> Void = { xFFTs[$0].inverse() }
            let vRoundTrip: (Int) -> Void = { b in
                vFFTs[b].forward()
                vFFTs[b].inverse()
            }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                // Unnormalised round trips grow the data; overflow to inf/NaN costs nothing extra
                // on x86-64 SSE/AVX (only subnormals are slow, and the values only grow).
                for pass in 0..<11 {
                    team.run(columnBlocks.count, xForward)
                    team.run(columnBlocks.count, xInverse)
                    fieldFFT.inverse(fieldSpectrum, into: field)
                    if pass < 10 {
                        team.run(rowBlocks.count, vRoundTrip)
                    }
                }
            }
            benchmark.stopMeasurement()
            blackHole(f[0])
        }
    }
}
