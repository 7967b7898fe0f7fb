import Foundation
import Physics
import Testing

/// Grids, fields and the exact linear theory for the two-layer QG tests.
private enum QG {
    /// [x, y, layer] samples of (f₁, f₂) at (x_i, y_j) = (iL/n, jL/n).
    static func field(_ n: Int, length: Double, _ f: (Double, Double) -> (Double, Double)) -> [Double] {
        var out = [Double](repeating: 0, count: 2 * n * n)
        for i in 0..<n {
            for j in 0..<n {
                let (a, b) = f(length * Double(i) / Double(n), length * Double(j) / Double(n))
                out[2 * (i * n + j)] = a
                out[2 * (i * n + j) + 1] = b
            }
        }
        return out
    }

    /// Complex numbers as (re, im) pairs, enough for a 2×2 eigenproblem.
    typealias C = (re: Double, im: Double)
    static func mul(_ a: C, _ b: C) -> C { (a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re) }
    static func add(_ a: C, _ b: C) -> C { (a.re + b.re, a.im + b.im) }
    static func sub(_ a: C, _ b: C) -> C { (a.re - b.re, a.im - b.im) }
    static func sqrt(_ a: C) -> C {
        let r = (a.re * a.re + a.im * a.im).squareRoot()
        let re = ((r + a.re) / 2).squareRoot()
        let im = ((r - a.re) / 2).squareRoot()
        return (re, a.im < 0 ? -im : im)
    }
    static func exp(_ a: C) -> C { (Foundation.exp(a.re) * cos(a.im), Foundation.exp(a.re) * sin(a.im)) }

    /// The growing normal mode of wave vector (k, l) of the linearised two-layer equations,
    /// derived from the PDE (not from the solver): with q̂ = M ψ̂,
    /// M = [[−(K² + F₁), F₁], [F₂, −(K² + F₂)]], the Fourier amplitudes obey dq̂/dt = B q̂,
    ///
    ///     B = −ik (diag(U₁, U₂) + diag(Q_{y,1}, Q_{y,2}) M⁻¹) + diag(0, r_ek K²) M⁻¹,
    ///
    /// whose eigenvalues λ = tr/2 ± √(tr²/4 − det) are the two-layer dispersion relation
    /// (Phillips 1954 with β and bottom drag). Returns the eigenvalue with the larger real part
    /// and its eigenvector (B₁₂, λ − B₁₁).
    static func normalMode(_ p: QuasiGeostrophicSolver.Parameters, k: Double, l: Double) -> (lambda: C, vector: (C, C)) {
        let k2 = k * k + l * l
        let (f1, f2) = (1 / (p.deformationRadius * p.deformationRadius) / (1 + p.layerRatio),
                        p.layerRatio / (p.deformationRadius * p.deformationRadius) / (1 + p.layerRatio))
        let shear = p.upperVelocity - p.lowerVelocity
        let (qy1, qy2) = (p.beta + f1 * shear, p.beta - f2 * shear)
        let det = k2 * (k2 + f1 + f2)
        let (a11, a12, a21, a22) = (-(k2 + f2) / det, -f1 / det, -f2 / det, -(k2 + f1) / det)
        let b11: C = (0, -k * (p.upperVelocity + qy1 * a11))
        let b12: C = (0, -k * qy1 * a12)
        let b21: C = (p.bottomDrag * k2 * a21, -k * qy2 * a21)
        let b22: C = (p.bottomDrag * k2 * a22, -k * (p.lowerVelocity + qy2 * a22))
        let half: C = ((b11.re + b22.re) / 2, (b11.im + b22.im) / 2)
        let determinant = sub(mul(b11, b22), mul(b12, b21))
        let root = sqrt(sub(mul(half, half), determinant))
        let (plus, minus) = (add(half, root), sub(half, root))
        let lambda = plus.re >= minus.re ? plus : minus
        return (lambda, (b12, sub(lambda, b11)))
    }

    static func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
    }

    /// RMS over the grid: for one wave vector independent of its phase (unlike the grid maximum).
    static func rms(_ a: [Double]) -> Double { (a.reduce(0.0) { $0 + $1 * $1 } / Double(a.count)).squareRoot() }

    /// A smooth two-layer field of many interacting modes (amplitude ~ `scale`).
    static func smooth(_ n: Int, length: Double, scale: Double) -> [Double] {
        let k = 2 * Double.pi / length
        return field(n, length: length) { x, y in
            (scale * (cos(k * x + 0.4) * sin(2 * k * y) + 0.8 * sin(2 * k * x - k * y + 1.0) + 0.5 * sin(k * x + 3 * k * y)),
             scale * (0.6 * cos(3 * k * y - 0.2) + 0.7 * sin(k * x - 2 * k * y + 0.3) + 0.4 * cos(2 * k * x + k * y)))
        }
    }
}

@Suite struct QuasiGeostrophicSolverTests {
    static let length = 1e6
    static let day = 86400.0

    /// A single wave vector is an exact solution of the full nonlinear equations (every field is
    /// a function of k·x alone, so J(ψ_i, q_i) = 0): the baroclinically unstable normal mode of
    /// pyqg's eddy parameters, (m_x, m_y) = (7, 1) on L = 1000 km, grows and propagates as
    /// e^{λt} with λ from the analytic dispersion relation. 32² (the mode is below the filter
    /// cut-off), 200 days: the ETDRK4 error against the exact solution converges at order 4
    /// (h = 20 … 2.5 days), and the measured growth matches Re λ.
    @Test func baroclinicNormalModeMatchesLinearTheoryAtOrderFour() throws {
        let p = QuasiGeostrophicSolver.Parameters.eddy
        let (n, mx, my) = (32, 7.0, 1.0)
        let (k, l) = (2 * Double.pi * mx / Self.length, 2 * Double.pi * my / Self.length)
        let mode = QG.normalMode(p, k: k, l: l)
        #expect(mode.lambda.re > 0, "the mode should be unstable: λ = \(mode.lambda)")
        let amplitude = 1e-6
        func exact(_ t: Double) -> [Double] {
            let growth = QG.exp((mode.lambda.re * t, mode.lambda.im * t))
            let (v1, v2) = (QG.mul(mode.vector.0, growth), QG.mul(mode.vector.1, growth))
            let norm = (mode.vector.0.re * mode.vector.0.re + mode.vector.0.im * mode.vector.0.im).squareRoot()
            return QG.field(n, length: Self.length) { x, y in
                let (c, s) = (cos(k * x + l * y), sin(k * x + l * y))
                return (amplitude * (v1.re * c - v1.im * s) / norm, amplitude * (v2.re * c - v2.im * s) / norm)
            }
        }
        let total = 200 * Self.day
        var study = ConvergenceStudy()
        for h in [20.0, 10.0, 5.0, 2.5].map({ $0 * Self.day }) {
            let solver = QuasiGeostrophicSolver(points: (n, n), lengths: (Self.length, Self.length), parameters: p, timeStep: h)
            let state = solver.integrate(initial: exact(0), outputTimes: [total])[0]
            study.add(stepSize: h, error: QG.maxDifference(state, exact(total)) / amplitude)
        }
        #expect(abs(study.observedOrder - 4) < 0.3, "order \(study.observedOrder), pairs \(study.pairwiseOrders), errors \(study.samples.map(\.error))")
        #expect(study.samples.last!.error < 1e-5, "\(study.samples.map(\.error))")
        // Growth over 200 days agrees with e^{Re λ t} (≈ 1.4 here).
        let solver = QuasiGeostrophicSolver(points: (n, n), lengths: (Self.length, Self.length), parameters: p, timeStep: Self.day)
        let ratio = QG.rms(solver.integrate(initial: exact(0), outputTimes: [total])[0]) / QG.rms(exact(0))
        #expect(abs(ratio / Foundation.exp(mode.lambda.re * total) - 1) < 1e-3, "ratio \(ratio)")
    }

    /// With r_d = ∞ (F₁ = F₂ = 0), β = U = r_ek = 0 and no filter each layer obeys the 2-D Euler
    /// vorticity equation q_t + J(ψ, q) = 0, q = ∇²ψ: with the 2/3 rule both layers must match
    /// `NavierStokes2DSolver` (ν = α = A = 0, ω = q, ψ_NS = −ψ) to rounding. Checks the Jacobian's
    /// sign and the dealiasing against an independently tested solver.
    @Test func decoupledLayersMatchTheEulerSolver() {
        let n = 32
        let length = 2 * Double.pi
        let p = QuasiGeostrophicSolver.Parameters(beta: 0, deformationRadius: .infinity, layerRatio: 0.25, upperVelocity: 0,
                                                  lowerVelocity: 0, bottomDrag: 0, filterFactor: 0)
        let initial = QG.smooth(n, length: length, scale: 1)
        let qg = QuasiGeostrophicSolver(points: (n, n), lengths: (length, length), parameters: p, dealiased: true, timeStep: 0.01)
        let state = qg.integrate(initial: initial, outputTimes: [0.5])[0]
        for layer in 0..<2 {
            let ns = NavierStokes2DSolver(points: (n, n), lengths: (length, length), viscosity: 0, timeStep: 0.01)
            let omega = ns.integrate(initial: stride(from: layer, to: initial.count, by: 2).map { initial[$0] }, outputTimes: [0.5])[0]
            let mine = stride(from: layer, to: state.count, by: 2).map { state[$0] }
            #expect(QG.maxDifference(mine, omega) < 1e-11, "layer \(layer): \(QG.maxDifference(mine, omega))")
            #expect(QG.maxDifference(mine, stride(from: layer, to: initial.count, by: 2).map { initial[$0] }) > 0.05,
                    "the flow should have evolved")
        }
    }

    /// With U₁ = U₂ = 0, r_ek = 0, no filter and the 2/3 rule, the semi-discrete system conserves
    /// the total energy exactly (β, the coupling and the Galerkin advection all conserve it) and,
    /// when also β = 0, each layer's enstrophy (β ψ_x q is no exact derivative once the layers
    /// are coupled). Over t = 1 (a few eddy turnovers of a nonlinear two-layer flow on a 2π box,
    /// r_d = 0.3) the ETDRK4 drift is below 1e-9 and falls ≈ 16× when h halves.
    @Test func inviscidDealiasedFlowConservesEnergyAndEnstrophy() {
        let n = 32
        let length = 2 * Double.pi
        for beta in [2.0, 0.0] {
            let p = QuasiGeostrophicSolver.Parameters(beta: beta, deformationRadius: 0.3, layerRatio: 0.25, upperVelocity: 0,
                                                      lowerVelocity: 0, bottomDrag: 0, filterFactor: 0)
            var drifts: [Double] = []
            for h in [0.008, 0.004] {
                let solver = QuasiGeostrophicSolver(points: (n, n), lengths: (length, length), parameters: p, dealiased: true, timeStep: h)
                solver.load(QG.smooth(n, length: length, scale: 3))
                let (e0, z0) = (solver.energy, solver.layerEnstrophies)
                let start = solver.state()
                for _ in 0..<Int((1 / h).rounded()) { solver.step() }
                let (e1, z1) = (solver.energy, solver.layerEnstrophies)
                #expect(QG.maxDifference(solver.state(), start) > 0.5, "the flow should have evolved")
                let drift = beta == 0 ? max(abs(e1 / e0 - 1), abs(z1.0 / z0.0 - 1), abs(z1.1 / z0.1 - 1)) : abs(e1 / e0 - 1)
                #expect(drift < 1e-9, "β = \(beta), h = \(h): energy \(e0) → \(e1), enstrophies \(z0) → \(z1)")
                drifts.append(drift)
            }
            #expect(drifts[0] / drifts[1] > 8, "β = \(beta): drifts \(drifts)")
        }
    }

    /// Bottom drag alone: with β = U = 0 and no filter, the energy budget is
    /// dE/dt = −r_ek (H₂/H) ⟨|∇ψ₂|²⟩ < 0 — checked here only for its sign and for E decaying
    /// while the upper layer's enstrophy, untouched by drag when the layers are decoupled
    /// (r_d = ∞), is conserved.
    @Test func dragDrainsOnlyTheLowerLayer() {
        let n = 32
        let length = 2 * Double.pi
        let p = QuasiGeostrophicSolver.Parameters(beta: 0, deformationRadius: .infinity, layerRatio: 0.25, upperVelocity: 0,
                                                  lowerVelocity: 0, bottomDrag: 0.5, filterFactor: 0)
        let solver = QuasiGeostrophicSolver(points: (n, n), lengths: (length, length), parameters: p, dealiased: true, timeStep: 0.005)
        solver.load(QG.smooth(n, length: length, scale: 1))
        let (e0, z0) = (solver.energy, solver.layerEnstrophies)
        for _ in 0..<200 { solver.step() }
        let (e1, z1) = (solver.energy, solver.layerEnstrophies)
        #expect(e1 < e0)
        #expect(abs(z1.0 / z0.0 - 1) < 1e-8, "upper enstrophy \(z0.0) → \(z1.0)")
        #expect(z1.1 < 0.7 * z0.1, "lower enstrophy \(z0.1) → \(z1.1)")
    }

    /// The task's configuration (eddy parameters, filter, no dealiasing) on a smooth field of the
    /// eddy run's PV amplitude (q ~ 1e-6 s⁻¹, |u| ~ 0.1 m/s): Richardson self-convergence over 10 days from h = 1 day is ≈ 4, and the
    /// state layout survives a load/state round trip for a field without Nyquist content.
    @Test func filteredEddyRunConvergesAtOrderFourAndRoundTrips() {
        let n = 32
        let initial = QG.smooth(n, length: Self.length, scale: 5e-7)
        let solver = QuasiGeostrophicSolver(points: (n, n), lengths: (Self.length, Self.length), parameters: .eddy, timeStep: Self.day)
        solver.load(initial)
        #expect(QG.maxDifference(solver.state(), initial) < 1e-20)
        let order = solver.selfConvergenceOrder(initial: initial, time: 10 * Self.day)
        #expect(abs(order - 4) < 0.3, "order \(order)")
    }
}
