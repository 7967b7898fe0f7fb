import Foundation
import FourierTransforms
import Physics
import Testing

/// Grids and initial conditions for the Navier–Stokes tests (2π box, x slow).
private enum NS {
    static let length = 2 * Double.pi

    /// f sampled at (x_i, y_j) = (2πi/n, 2πj/n), flattened i·n + j.
    static func field(_ n: Int, _ f: (Double, Double) -> Double) -> [Double] {
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n { out[i * n + j] = f(length * Double(i) / Double(n), length * Double(j) / Double(n)) }
        }
        return out
    }

    /// A smooth, fully nonlinear vorticity (several interacting modes, max|ω| ≈ 2, max|u| ≈ 1).
    static func smooth(_ n: Int) -> [Double] {
        field(n) { x, y in
            cos(x + 0.4) * sin(2 * y) + 0.8 * sin(2 * x - y + 1.0) + 0.6 * cos(3 * y - 0.2) + 0.5 * sin(x + 3 * y)
        }
    }

    /// An analytic vorticity with all wavenumbers present (coefficients ~ Bessel functions of
    /// order |k|, decaying faster than exponentially).
    static func analytic(_ n: Int) -> [Double] {
        field(n) { x, y in exp(cos(x)) * sin(y + 0.3) + 0.5 * exp(sin(x + y)) }
    }

    static func solver(_ n: Int, viscosity: Double, drag: Double = 0, forcing: Double = 0, mode: Int = 4,
                       timeStep: Double, threads: Int = 1) -> NavierStokes2DSolver {
        NavierStokes2DSolver(points: (n, n), lengths: (length, length), viscosity: viscosity, drag: drag,
                             forcingAmplitude: forcing, forcingMode: mode, timeStep: timeStep, threads: threads)
    }

    static func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
    }
}

@Suite struct NavierStokes2DSolverTests {
    /// Any vorticity on one shell |κ|² = K is an exact steady Euler flow (u·∇ω = J(ψ, Kψ) = 0), so
    /// with viscosity and drag it decays as exp(−(νK + α)t) exactly; Taylor–Green
    /// ω = 2k cos(kx) cos(ky) is the case K = 2k². Here three modes on the shell K = 25
    /// ((3, 4), (0, 5), (4, −3)) whose pairwise advection terms are individually non-zero and
    /// cancel only in the sum, plus Taylor–Green with k = 2. N = 32, ν = 0.03, α = 0.1, h = 0.05,
    /// t = 1: max error ≤ 1e-12 (rounding) for both.
    @Test func singleShellFlowsDecayExactly() {
        let (nu, alpha, t) = (0.03, 0.1, 1.0)
        let shell: (Double, Double) -> Double = { x, y in
            cos(3 * x + 4 * y) + 0.7 * sin(5 * y + 0.4) + 0.9 * cos(4 * x - 3 * y + 1.1)
        }
        let taylorGreen: (Double, Double) -> Double = { x, y in 4 * cos(2 * x) * cos(2 * y) }
        for (f, k2) in [(shell, 25.0), (taylorGreen, 8.0)] {
            let solver = NS.solver(32, viscosity: nu, drag: alpha, timeStep: 0.05)
            let omega = solver.integrate(initial: NS.field(32, f), outputTimes: [t])[0]
            let decay = exp(-(nu * k2 + alpha) * t)
            let exact = NS.field(32) { x, y in decay * f(x, y) }
            let error = NS.maxDifference(omega, exact)
            #expect(error < 1e-12, "K = \(k2): max error \(error)")
        }
    }

    /// Kolmogorov flow: ω = C(t) cos(κ_f y) makes the advection vanish, and with the curl of the
    /// forcing, F = −Aκ_f cos(κ_f y), the amplitude obeys C' = −(νκ_f² + α)C − Aκ_f, so
    /// C(t) = C* + (C₀ − C*) e^{−(νκ_f² + α)t} with the laminar state C* = −Aκ_f/(νκ_f² + α).
    /// The forcing is constant, which ETDRK4 integrates exactly: error ≤ 1e-11 at h = 0.1 after
    /// t = 2 from C₀ = 0, and the laminar state is a fixed point. Also checks the energy
    /// injection ⟨u·f⟩ = A²/(2(νκ_f² + α)) at the laminar state.
    @Test func kolmogorovFlowApproachesLaminarState() {
        let (nu, alpha, amplitude, mode) = (0.05, 0.1, 1.0, 4)
        let kf = Double(mode)
        let rate = nu * kf * kf + alpha
        let laminar = -amplitude * kf / rate
        let solver = NS.solver(32, viscosity: nu, drag: alpha, forcing: amplitude, mode: mode, timeStep: 0.1)
        let zero = [Double](repeating: 0, count: 32 * 32)
        let omega = solver.integrate(initial: zero, outputTimes: [2])[0]
        let c = laminar * (1 - exp(-rate * 2))
        let error = NS.maxDifference(omega, NS.field(32) { _, y in c * cos(kf * y) })
        #expect(error < 1e-11 * abs(laminar), "max error \(error)")

        let steady = NS.field(32) { _, y in laminar * cos(kf * y) }
        let held = solver.integrate(initial: steady, outputTimes: [5])[0]
        #expect(NS.maxDifference(held, steady) < 1e-11 * abs(laminar))
        let injection = amplitude * amplitude / (2 * rate)
        #expect(abs(solver.energyInjection - injection) < 1e-12 * injection)
        // At the fixed point the balance dE/dt = ⟨u·f⟩ − 2νZ − 2αE is zero.
        let balance = solver.energyInjection - 2 * nu * solver.enstrophy - 2 * alpha * solver.energy
        #expect(abs(balance) < 1e-12 * injection, "balance \(balance)")
    }

    /// Temporal order against a fine-step solution (h = 1/1024) of a nonlinear forced flow
    /// (N = 32, ν = 0.01, α = 0.1, A = 1, n_f = 2; spatial error identical in all runs).
    /// h = 0.1, 0.05, 0.025, 0.0125 give max errors 1.4e-5, 8.1e-7, 5.2e-8, 3.3e-9 when written
    /// (ratios 17.1, 15.5, 15.9); the fitted order must be in 3.6 … 4.4.
    @Test func temporalOrderIsFour() {
        let initial = NS.smooth(32)
        func run(_ h: Double) -> [Double] {
            NS.solver(32, viscosity: 0.01, drag: 0.1, forcing: 1, mode: 2, timeStep: h)
                .integrate(initial: initial, outputTimes: [1])[0]
        }
        let reference = run(1.0 / 1024)
        var study = ConvergenceStudy()
        for h in [0.1, 0.05, 0.025, 0.0125] { study.add(stepSize: h, error: NS.maxDifference(run(h), reference)) }
        #expect(study.observedOrder > 3.6 && study.observedOrder < 4.4, "order \(study.observedOrder), \(study.samples)")
        #expect(study.pairwiseOrders.allSatisfy { $0 > 3.5 && $0 < 4.5 }, "pairwise \(study.pairwiseOrders)")
    }

    @Test func selfConvergenceOrderIsFour() {
        let solver = NS.solver(32, viscosity: 0.01, drag: 0.1, forcing: 1, mode: 2, timeStep: 0.1)
        let p = solver.selfConvergenceOrder(initial: NS.smooth(32), time: 1)
        #expect(p > 3.6 && p < 4.4, "self-convergence order \(p)")
    }

    /// Spatial convergence on an analytic initial vorticity (ν = 0.05, t = 0.5, h = 0.01, so the
    /// temporal error is the same ≈ 1e-12 in every run): max errors against N = 96, spectrally
    /// truncated to the coarse grid, measured 2.7e-3, 3.3e-6, 5.3e-9 at N = 16, 32, 48 when
    /// written. The second ratio (625) is as large as the first (800): an algebraic rate p would
    /// give 2^p then 1.5^p (≈ 49 for p = 9.6), so the decay is exponential in N.
    @Test func spatialErrorIsSpectral() {
        func run(_ n: Int) -> [Double] {
            NS.solver(n, viscosity: 0.05, timeStep: 0.01).integrate(initial: NS.analytic(n), outputTimes: [0.5])[0]
        }
        let fine = run(96)
        let errors = [16, 32, 48].map { n in
            NS.maxDifference(run(n), SpectralResampler.resample(fine, shape: (96, 96), to: (n, n)))
        }
        #expect(errors[0] > 300 * errors[1] && errors[1] > 300 * errors[2] && errors[2] < 1e-7, "errors \(errors)")
    }

    /// With ν = α = A = 0 the 2/3-dealiased Galerkin system conserves energy and enstrophy
    /// exactly; the fully discrete drift is ETDRK4's (here RK4's) and falls like h⁴.
    /// N = 32, t = 2: relative drifts (E, Z) 2.0e-11, 1.0e-11 at h = 0.02 and 1.3e-12, 9.0e-13 at
    /// h = 0.01 when written (ratios 15.5 and 11.6).
    @Test func inviscidFlowConservesEnergyAndEnstrophy() {
        func drifts(_ h: Double) -> (Double, Double) {
            let solver = NS.solver(32, viscosity: 0, timeStep: h)
            solver.load(NS.smooth(32))
            let (e0, z0) = (solver.energy, solver.enstrophy)
            for _ in 0..<Int((2 / h).rounded()) { solver.step() }
            return (abs(solver.energy - e0) / e0, abs(solver.enstrophy - z0) / z0)
        }
        let coarse = drifts(0.02), fine = drifts(0.01)
        #expect(coarse.0 < 1e-9 && coarse.1 < 1e-9, "h = 0.02: drifts \(coarse)")
        #expect(fine.0 < coarse.0 / 8 && fine.1 < coarse.1 / 8, "h = 0.01: drifts \(fine) vs \(coarse)")
    }

    /// Energy and enstrophy budgets of a forced, viscous, damped flow:
    ///     dE/dt = ⟨u·f⟩ − 2νZ − 2αE,   dZ/dt = ⟨ωF⟩ − 2νP − 2αZ,
    /// with dE/dt, dZ/dt from a fourth-order central difference of the solver's own trajectory
    /// (states at t₀ + jδ, j = −2 … 2, δ = 0.01, step 0.0025). Relative residuals ≤ 1e-6.
    @Test func energyAndEnstrophyBudgetsClose() {
        let (nu, alpha, amplitude) = (0.02, 0.05, 0.5)
        let solver = NS.solver(32, viscosity: nu, drag: alpha, forcing: amplitude, mode: 2, timeStep: 0.0025)
        solver.load(NS.smooth(32))
        let delta = 0.01
        for _ in 0..<200 { solver.step() }   // to t₀ − 2δ = 0.5
        var energies: [Double] = [], enstrophies: [Double] = []
        var rates: (Double, Double) = (0, 0)
        for j in 0..<5 {
            if j > 0 { for _ in 0..<4 { solver.step() } }
            energies.append(solver.energy)
            enstrophies.append(solver.enstrophy)
            if j == 2 {
                rates = (solver.energyInjection - 2 * nu * solver.enstrophy - 2 * alpha * solver.energy,
                         solver.enstrophyInjection - 2 * nu * solver.palinstrophy - 2 * alpha * solver.enstrophy)
            }
        }
        func derivative(_ f: [Double]) -> Double { (f[0] - 8 * f[1] + 8 * f[3] - f[4]) / (12 * delta) }
        let (dE, dZ) = (derivative(energies), derivative(enstrophies))
        #expect(abs(dE - rates.0) < 1e-6 * abs(rates.0) + 1e-10, "dE/dt \(dE) vs budget \(rates.0)")
        #expect(abs(dZ - rates.1) < 1e-6 * abs(rates.1) + 1e-10, "dZ/dt \(dZ) vs budget \(rates.1)")
    }

    /// Same input, two solvers, two runs each: bit-identical output.
    @Test func runsAreBitIdentical() {
        let initial = NS.smooth(48)
        func run(_ s: NavierStokes2DSolver) -> [[Double]] { s.integrate(initial: initial, outputTimes: [0.1, 0.25]) }
        let first = NS.solver(48, viscosity: 0.01, drag: 0.1, forcing: 1, timeStep: 0.02)
        let second = NS.solver(48, viscosity: 0.01, drag: 0.1, forcing: 1, timeStep: 0.02)
        let a = run(first), b = run(second), c = run(first)
        #expect(a == b)
        #expect(a == c)
    }

    /// FFTW threads (2) against the serial plan at 64²: equal to round-off (≤ 1e-12 relative
    /// after 20 steps; bit-identical when written), and a threaded run is reproducible bit for bit.
    @Test func threadedRunMatchesSerial() {
        let initial = NS.smooth(64)
        func run(_ threads: Int) -> [Double] {
            NS.solver(64, viscosity: 0.01, drag: 0.1, forcing: 1, timeStep: 0.02, threads: threads)
                .integrate(initial: initial, outputTimes: [0.4])[0]
        }
        let serial = run(1), threaded = run(2)
        let scale = serial.reduce(0) { max($0, abs($1)) }
        #expect(NS.maxDifference(serial, threaded) <= 1e-12 * scale)
        #expect(threaded == run(2))
    }

    /// `step()` and `integrate` agree, and output times are hit exactly.
    @Test func stepAndIntegrateAgree() {
        let initial = NS.smooth(32)
        let solver = NS.solver(32, viscosity: 0.01, forcing: 1, timeStep: 0.01)
        solver.load(initial)
        for _ in 0..<10 { solver.step() }
        let stepped = solver.state()
        let integrated = solver.integrate(initial: initial, outputTimes: [0.1])[0]
        #expect(NS.maxDifference(stepped, integrated) < 1e-13)
        #expect(solver.subSteps(for: 0.25) == 25)
        #expect(solver.subSteps(for: 0.015) == 2)
    }
}
