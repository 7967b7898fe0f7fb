import Foundation
import Physics
import Testing

@Suite struct BurgersSolverTests {
    /// ETDRK4 against the exact Cole–Hopf solution at N = 256 (spatially exact to rounding),
    /// t = 1, h = 0.1, 0.05, 0.025, 0.0125: max errors ≈ 1.9e-8 … 4.8e-12 when written
    /// (ratios ≈ 15.5–15.9). The least-squares order must lie in 3.6 … 4.4.
    @Test func temporalOrderIsFour() {
        let exact = Fixtures.coleHopf
        let n = 256
        let initial = exact.velocity(points: n, time: 0)
        let reference = exact.velocity(points: n, time: 1)
        var study = ConvergenceStudy()
        for h in [0.1, 0.05, 0.025, 0.0125] {
            let solver = BurgersSolver(points: n, length: exact.length, viscosity: exact.viscosity, timeStep: h)
            let u = solver.integrate(initial: initial, outputTimes: [1])[0]
            study.add(stepSize: h, error: Fixtures.maxDifference(u, reference))
        }
        #expect(study.observedOrder > 3.6 && study.observedOrder < 4.4, "observed order \(study.observedOrder)")
        #expect(study.pairwiseOrders.allSatisfy { $0 > 3.6 && $0 < 4.4 }, "pairwise \(study.pairwiseOrders)")
    }

    /// N = 128, h = 1e-3, outputs at t = 0.25 and 0.5: max error vs Cole–Hopf below 1e-12
    /// (measured ≈ 2e-15, i.e. rounding; the 2/3 cut at |m| ≤ 42 leaves modes of size ~1e-20).
    @Test func matchesColeHopfExactSolution() {
        let exact = Fixtures.coleHopf
        let n = 128
        let solver = BurgersSolver(points: n, length: exact.length, viscosity: exact.viscosity, timeStep: 1e-3)
        let out = solver.integrate(initial: exact.velocity(points: n, time: 0), outputTimes: [0.25, 0.5])
        #expect(out.count == 2)
        for (u, t) in zip(out, [0.25, 0.5]) {
            let error = Fixtures.maxDifference(u, exact.velocity(points: n, time: t))
            #expect(error < 1e-12, "t = \(t): max error \(error)")
        }
        #expect(solver.time == 0.5)
    }

    /// Spatial convergence: at a step small enough to be negligible, the error falls
    /// spectrally with N (measured ≈ 6.6e-11 at N = 64 and ≈ 2e-15 at N = 128).
    @Test func spatialErrorIsSpectral() {
        let exact = Fixtures.coleHopf
        func error(_ n: Int) -> Double {
            let solver = BurgersSolver(points: n, length: exact.length, viscosity: exact.viscosity, timeStep: 0.005)
            let u = solver.integrate(initial: exact.velocity(points: n, time: 0), outputTimes: [1])[0]
            return Fixtures.maxDifference(u, exact.velocity(points: n, time: 1))
        }
        let coarse = error(32), fine = error(64)
        #expect(fine < 1e-9 && coarse > 100 * fine, "N=32: \(coarse), N=64: \(fine)")
    }

    @Test func selfConvergenceOrderIsFour() {
        let exact = Fixtures.coleHopf
        let solver = BurgersSolver(points: 128, length: exact.length, viscosity: exact.viscosity, timeStep: 0.05)
        let p = solver.selfConvergenceOrder(initial: exact.velocity(points: 128, time: 0), time: 1)
        #expect(p > 3.6 && p < 4.4, "self-convergence order \(p)")
    }

    /// Same input, two solvers, two runs each: bit-identical output (FFTW_ESTIMATE plans,
    /// fixed operation order).
    @Test func runsAreBitIdentical() {
        let exact = Fixtures.coleHopf
        let initial = exact.velocity(points: 256, time: 0)
        func run(_ solver: BurgersSolver) -> [[Double]] {
            solver.integrate(initial: initial, outputTimes: [0.1, 0.3, 0.7])
        }
        let first = BurgersSolver(points: 256, length: exact.length, viscosity: exact.viscosity, timeStep: 0.01)
        let second = BurgersSolver(points: 256, length: exact.length, viscosity: exact.viscosity, timeStep: 0.01)
        let a = run(first), b = run(second), c = run(first)
        #expect(a == b)
        #expect(a == c)
    }

    /// `step()` and `integrate` agree when the output time is a multiple of the step, and
    /// output times are hit exactly with shortened sub-steps otherwise.
    @Test func stepAndIntegrateAgree() {
        let exact = Fixtures.coleHopf
        let n = 64
        let initial = exact.velocity(points: n, time: 0)
        let solver = BurgersSolver(points: n, length: exact.length, viscosity: exact.viscosity, timeStep: 0.01)
        solver.load(initial)
        for _ in 0..<10 { solver.step() }
        var stepped = [Double](repeating: 0, count: n)
        solver.state(into: &stepped)
        let integrated = solver.integrate(initial: initial, outputTimes: [0.1])[0]
        #expect(Fixtures.maxDifference(stepped, integrated) < 1e-14)
        #expect(solver.subSteps(for: 0.5) == 50)
        #expect(solver.subSteps(for: 0.015) == 2)
        #expect(solver.subSteps(for: 0) == 0)
    }

    @Test func inviscidLimitConservesMean() {
        // Mean of u is invariant (conservation form); with ν = 0 and a smooth IC before the
        // shock time t* = 1/max(-u0') = 2, the solution stays smooth.
        let n = 128
        let x = (0..<n).map { 2 * Double.pi * Double($0) / Double(n) }
        let initial = x.map { 0.3 + 0.5 * sin($0) }
        let solver = BurgersSolver(points: n, length: 2 * Double.pi, viscosity: 0, timeStep: 0.01)
        let u = solver.integrate(initial: initial, outputTimes: [1])[0]
        let mean = u.reduce(0, +) / Double(n)
        #expect(abs(mean - 0.3) < 1e-14)
    }
}
