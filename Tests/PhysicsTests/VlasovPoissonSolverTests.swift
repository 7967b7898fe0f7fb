import Foundation
@testable import Physics
import Testing

/// Vlasov–Poisson reference solver: linear theory (Landau damping, two-stream growth),
/// conservation, measured temporal order, determinism.
@Suite struct VlasovPoissonSolverTests {
    /// f₀ = (1 + α cos(kx + φ)) g(v) on the solver's grid, g a unit Maxwellian or two beams at ±u.
    static func initial(_ solver: VlasovPoissonSolver, alpha: Double, mode: Int = 1, beam: Double? = nil) -> [Double] {
        let k = 2 * Double.pi * Double(mode) / solver.length
        let norm = 1 / (2 * Double.pi).squareRoot()
        let g = solver.vGrid.map { v -> Double in
            guard let u = beam else { return norm * exp(-v * v / 2) }
            return 0.5 * norm * (exp(-(v - u) * (v - u) / 2) + exp(-(v + u) * (v + u) / 2))
        }
        return solver.xGrid.flatMap { x in g.map { (1 + alpha * cos(k * x)) * $0 } }
    }

    /// ‖E(t_n)‖₂ at t_n = n·h, n = 0 … steps.
    static func fieldHistory(_ solver: VlasovPoissonSolver, initial: [Double], steps: Int) -> [Double] {
        solver.load(initial)
        var history = [solver.fieldNorm()]
        for _ in 0..<steps {
            solver.step()
            history.append(solver.fieldNorm())
        }
        return history
    }

    /// Local maxima of log y (vertex of the parabola through each peak and its neighbours),
    /// as (t, log y), for t ≥ `after`.
    static func peaks(_ y: [Double], step h: Double, after: Double) -> [(t: Double, logValue: Double)] {
        let l = y.map { log($0) }
        var out: [(Double, Double)] = []
        for n in 1..<(l.count - 1) where l[n] > l[n - 1] && l[n] >= l[n + 1] && Double(n) * h >= after {
            let (a, b, c) = (l[n - 1], l[n], l[n + 1])
            let denom = a - 2 * b + c
            let offset = denom == 0 ? 0 : 0.5 * (a - c) / denom
            out.append(((Double(n) + offset) * h, b - 0.25 * (a - c) * offset))
        }
        return out
    }

    /// Least-squares slope of logValue against t.
    static func slope(_ points: [(t: Double, logValue: Double)]) -> Double {
        let n = Double(points.count)
        let (mt, ml) = (points.reduce(0) { $0 + $1.t } / n, points.reduce(0) { $0 + $1.logValue } / n)
        let stt = points.reduce(0) { $0 + ($1.t - mt) * ($1.t - mt) }
        let stl = points.reduce(0) { $0 + ($1.t - mt) * ($1.logValue - ml) }
        return stl / stt
    }

    /// Linear Landau damping, α = 0.01, k = 0.5 (L = 4π), v_max = 8, 32 × 128, h = 0.1, t ≤ 40
    /// (well before the recurrence time 2π/(kΔv) ≈ 100). The peaks of log‖E‖₂ after the
    /// initial transient (t ≥ 3) lie on a line of slope γ and are spaced by π/ω. Theory
    /// (least-damped root): γ = −0.1533, ω = 1.4156. Measured when written: γ ≈ −0.15354 (+0.2%),
    /// ω ≈ 1.4136 (−0.14%), 16 peaks. Tolerance: 2% on γ and 0.5% on ω. In this resolved linear
    /// run ∫f² drifts by less than 1e-6 (relative; measured 8.5e-9) and the total energy by less
    /// than 1e-5 (measured 3.8e-7).
    @Test func linearLandauDampingMatchesTheory() {
        let solver = VlasovPoissonSolver(xPoints: 32, vPoints: 128, length: 4 * Double.pi, velocityMax: 8, timeStep: 0.1)
        let initial = Self.initial(solver, alpha: 0.01)
        solver.load(initial)
        let (l2, energy) = (solver.l2NormSquared(), solver.totalEnergy())
        let history = Self.fieldHistory(solver, initial: initial, steps: 400)
        let drift = (l2: abs(solver.l2NormSquared() / l2 - 1), energy: abs(solver.totalEnergy() / energy - 1))
        print("Landau drift \(drift)")
        #expect(drift.l2 < 1e-6 && drift.energy < 1e-5, "\(drift)")
        let maxima = Self.peaks(history, step: 0.1, after: 3)
        let gamma = Self.slope(maxima)
        let omega = Double.pi * Double(maxima.count - 1) / (maxima.last!.t - maxima.first!.t)
        let theory = VlasovLinearTheory.landauHalfWavenumber
        print("Landau: gamma \(gamma), omega \(omega), peaks \(maxima.count)")
        #expect(maxima.count >= 10)
        #expect(abs(gamma - theory.dampingRate) < 0.02 * abs(theory.dampingRate), "γ = \(gamma)")
        #expect(abs(omega - theory.frequency) < 0.005 * theory.frequency, "ω = \(omega)")
    }

    /// Nonlinear Landau damping (α = 0.5, k = 0.5), 32 × 128, v_max = 8, h = 0.1 to t = 20
    /// (filaments reach the grid scale). Worst relative drift over the run:
    /// - mass: round-off, < 1e-12 (measured 8e-15);
    /// - ∫f²: never increases, and falls by < 1% (measured 0.50%; 0.38% at h = 0.05) — the only
    ///   loss is the Nyquist modes the scheme drops each pass, i.e. filamentation at the grid scale;
    /// - total energy: < 2e-3 (measured 8.7e-4), the O(h²) splitting error: halving h cuts it by
    ///   3…5 (measured 4.0).
    @Test func massAndL2ConservedToRoundOffAndEnergyToSplittingError() {
        func run(_ h: Double) -> (mass: Double, l2: Double, energy: Double) {
            let solver = VlasovPoissonSolver(xPoints: 32, vPoints: 128, length: 4 * Double.pi, velocityMax: 8, timeStep: h)
            solver.load(Self.initial(solver, alpha: 0.5))
            let (m0, l0, e0) = (solver.mass(), solver.l2NormSquared(), solver.totalEnergy())
            var worst = (0.0, 0.0, 0.0)
            var previousL2 = l0
            for _ in 0..<Int((20 / h).rounded()) {
                solver.step()
                let l2 = solver.l2NormSquared()
                #expect(l2 <= previousL2 * (1 + 1e-14))
                previousL2 = l2
                worst.0 = max(worst.0, abs(solver.mass() / m0 - 1))
                worst.1 = max(worst.1, abs(l2 / l0 - 1))
                worst.2 = max(worst.2, abs(solver.totalEnergy() / e0 - 1))
            }
            return worst
        }
        let coarse = run(0.1)
        let fine = run(0.05)
        print("conservation h=0.1: \(coarse); h=0.05: \(fine)")
        #expect(coarse.mass < 1e-12 && fine.mass < 1e-12)
        #expect(coarse.l2 < 1e-2)
        #expect(coarse.energy < 2e-3)
        let ratio = coarse.energy / fine.energy
        #expect(ratio > 3 && ratio < 5, "energy drift ratio \(ratio)")
    }

    /// Temporal order on nonlinear Landau damping (α = 0.5), 64 × 128, to t = 4, against a run
    /// with h = 0.0125: errors at h = 0.4 … 0.05 must give a least-squares order in 1.8 … 2.2
    /// (Strang); measured 2.03 (pairwise 2.01, 2.02, 2.07). The Richardson self-convergence
    /// estimate agrees (measured 2.00). On a grid too coarse for the filaments (32 × 64) the
    /// Nyquist modes dropped each pass add an error per step and the order degrades (1.9 → 1.2).
    @Test func temporalOrderIsTwo() {
        let make = { (h: Double) in VlasovPoissonSolver(xPoints: 64, vPoints: 128, length: 4 * Double.pi, velocityMax: 8, timeStep: h) }
        let initial = Self.initial(make(1), alpha: 0.5)
        let reference = make(0.0125).integrate(initial: initial, outputTimes: [4])[0]
        var study = ConvergenceStudy()
        for h in [0.4, 0.2, 0.1, 0.05] {
            let f = make(h).integrate(initial: initial, outputTimes: [4])[0]
            study.add(stepSize: h, error: zip(f, reference).reduce(0.0) { max($0, abs($1.0 - $1.1)) })
        }
        let selfOrder = make(0.2).selfConvergenceOrder(initial: initial, time: 4)
        print("order \(study.observedOrder) pairwise \(study.pairwiseOrders) self \(selfOrder)")
        #expect(study.observedOrder > 1.8 && study.observedOrder < 2.2, "\(study.pairwiseOrders)")
        #expect(selfOrder > 1.8 && selfOrder < 2.2, "self-convergence \(selfOrder)")
    }

    /// Two-stream instability: beams at ±u = ±2.4, k = 0.2 (L = 10π), α = 1e-6 (linear until
    /// t ≈ 50), 32 × 128, v_max = 10, h = 0.1. Past the transient of the damped modes, log‖E‖₂
    /// grows linearly; its least-squares slope over t ∈ [15, 30] must match the growth rate from
    /// the kinetic dispersion relation
    /// (``VlasovLinearTheory/twoStreamGrowthRate(wavenumber:beamVelocity:quadratureStep:)``,
    /// 0.22584) within 3%. Measured 0.2300 (+1.9%; the slope still beats slowly with the
    /// damped modes).
    @Test func twoStreamGrowthRateMatchesTheory() throws {
        let (k, u) = (0.2, 2.4)
        let theory = try #require(VlasovLinearTheory.twoStreamGrowthRate(wavenumber: k, beamVelocity: u))
        let solver = VlasovPoissonSolver(xPoints: 32, vPoints: 128, length: 2 * Double.pi / k, velocityMax: 10, timeStep: 0.1)
        let history = Self.fieldHistory(solver, initial: Self.initial(solver, alpha: 1e-6, beam: u), steps: 300)
        let window = (150...300).map { (t: Double($0) * 0.1, logValue: log(history[$0])) }
        let measured = Self.slope(window)
        print("two-stream: theory \(theory) measured \(measured) final \(history.last!)")
        #expect(abs(measured - theory) < 0.03 * theory)
    }

    /// Same input twice, and the same input after another run: bit-identical states.
    @Test func deterministic() {
        let a = VlasovPoissonSolver(xPoints: 16, vPoints: 32, length: 4 * Double.pi, velocityMax: 6, timeStep: 0.1)
        let b = VlasovPoissonSolver(xPoints: 16, vPoints: 32, length: 4 * Double.pi, velocityMax: 6, timeStep: 0.1)
        let initial = Self.initial(a, alpha: 0.3)
        let first = a.integrate(initial: initial, outputTimes: [0.5, 1.3])
        _ = b.integrate(initial: Self.initial(b, alpha: 0.1), outputTimes: [2])
        let second = b.integrate(initial: initial, outputTimes: [0.5, 1.3])
        #expect(first == second)
        #expect(a.time == 1.3)
    }

    /// Two and three threads against one: bit-identical states at 64 × 128 (every line and every
    /// x-mode goes through the same arithmetic whichever block holds it; the blocks' own FFTW
    /// plans apply the same codelets per line as the whole-array plan).
    @Test func threadedRunIsBitIdenticalToSerial() {
        func solver(_ threads: Int) -> VlasovPoissonSolver {
            VlasovPoissonSolver(xPoints: 64, vPoints: 128, length: 4 * Double.pi, velocityMax: 8, timeStep: 0.1,
                                threads: threads)
        }
        let serial = solver(1)
        let initial = Self.initial(serial, alpha: 0.3)
        let expected = serial.integrate(initial: initial, outputTimes: [0.5, 1.3])
        for threads in [2, 3] {
            let threaded = solver(threads)
            // The work really is split (x-FFT columns, v-rows, x-modes).
            #expect(threaded.columnBlocks.count == threads)
            #expect(threaded.rowBlocks.count == threads)
            #expect(threaded.modeBlocks.count == threads)
            #expect(threaded.integrate(initial: initial, outputTimes: [0.5, 1.3]) == expected)
        }
    }
}
