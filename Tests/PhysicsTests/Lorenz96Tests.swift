import Foundation
import Physics
import Testing

@Suite struct Lorenz96Tests {
    /// A state on the K = 40, F = 8 attractor: X = F + pattern, spun up for 10 time units.
    static func attractorState(sites: Int = 40) -> [Double] {
        let model = Lorenz96(sites: sites, forcing: 8, timeStep: 0.01)
        let start = (0..<sites).map { 8 + 0.5 * sin(Double($0)) }
        return model.integrate(initial: start, outputTimes: [10])[0]
    }

    /// RK4 against a solution with h = 1e-4 over t = 1 from an attractor state, h = 0.08 … 0.01:
    /// max errors ≈ 4e-5 … 1e-8 when written (ratios ≈ 15–16); order must be in 3.6 … 4.4.
    @Test func temporalOrderIsFour() {
        let initial = Self.attractorState()
        let reference = Lorenz96(sites: 40, forcing: 8, timeStep: 1e-4).integrate(initial: initial, outputTimes: [1])[0]
        var study = ConvergenceStudy()
        for h in [0.08, 0.04, 0.02, 0.01] {
            let x = Lorenz96(sites: 40, forcing: 8, timeStep: h).integrate(initial: initial, outputTimes: [1])[0]
            study.add(stepSize: h, error: zip(x, reference).reduce(0) { max($0, abs($1.0 - $1.1)) })
        }
        #expect(study.observedOrder > 3.6 && study.observedOrder < 4.4, "observed order \(study.observedOrder), \(study.samples)")
        #expect(study.pairwiseOrders.allSatisfy { $0 > 3.6 && $0 < 4.4 }, "pairwise \(study.pairwiseOrders)")
    }

    @Test func selfConvergenceOrderIsFour() {
        let one = Lorenz96(sites: 40, forcing: 8, timeStep: 0.08)
        let p = one.selfConvergenceOrder(initial: Self.attractorState(), time: 0.5)
        #expect(p > 3.6 && p < 4.4, "one-scale self-convergence order \(p)")
        let two = Lorenz96TwoScale(slowCount: 8, fastPerSlow: 32, forcing: 20, coupling: 1, amplitudeRatio: 10,
                                   timeScaleRatio: 10, timeStep: 0.004)
        let x0 = (0..<8).map { 5 + 3 * sin(Double($0)) }
        let q = two.selfConvergenceOrder(initial: x0, time: 0.05)
        #expect(q > 3.6 && q < 4.4, "two-scale self-convergence order \(q)")
    }

    /// With F = 0, dE/dt = Σ X_k f_k = −Σ X_k²: the advection term contributes exactly zero.
    /// Integer-valued states make every product and sum exact in floating point, so the check
    /// is an equality, not a tolerance.
    @Test func advectionConservesEnergyExactly() {
        let model = Lorenz96(sites: 40, forcing: 0, timeStep: 0.01)
        let x = (0..<40).map { Double(($0 * 7 + 3) % 11) - 5 }
        let f = model.tendency(of: x)
        let power: Double = zip(x, f).reduce(0) { $0 + $1.0 * $1.1 }
        let energy2: Double = x.reduce(0) { $0 + $1 * $1 }
        #expect(power == -energy2)
        // With forcing the extra power is exactly F Σ X.
        let forced = Lorenz96(sites: 40, forcing: 8, timeStep: 0.01).tendency(of: x)
        let forcedPower: Double = zip(x, forced).reduce(0) { $0 + $1.0 * $1.1 }
        let squares: Double = x.reduce(0) { $0 + $1 * $1 }
        let sum: Double = x.reduce(0, +)
        #expect(forcedPower == -squares + 8 * sum)
    }

    /// Two-scale, F = 0 (h = 1, b = c = 10, so hc/b = 1 and cb = 100 are exact): with
    /// E = Σ X²/2 + Σ Y²/2, dE/dt = −Σ X² − c Σ Y²: both advections and the coupling contribute
    /// exactly zero.
    @Test func twoScaleConservesEnergyExactly() {
        let model = Lorenz96TwoScale(slowCount: 8, fastPerSlow: 32, forcing: 0, coupling: 1, amplitudeRatio: 10,
                                     timeScaleRatio: 10, timeStep: 0.001)
        let state = (0..<model.dimension).map { Double(($0 * 5 + 1) % 9) - 4 }
        let f = model.tendency(of: state)
        let power: Double = zip(state, f).reduce(0) { $0 + $1.0 * $1.1 }
        let slow: Double = state[..<8].reduce(0) { $0 + $1 * $1 }
        let fast: Double = state[8...].reduce(0) { $0 + $1 * $1 }
        #expect(power == -slow - 10 * fast)
    }

    /// Against the independent numpy implementation in scripts/golden/lorenz96.py (np.roll
    /// indices, RK4), run once: K = 8, F = 8, dt = 0.01, 100 steps.
    @Test func oneScaleMatchesNumpy() {
        let oneScaleAtOne: [Double] = [
            -5.13301621428284, 1.101302505675688, -5.410416218910135, 0.43203775225400987,
            14.245357608871451, 2.1940569504957237, 4.08087130192665, 4.406867162978806,
        ]
        let x0: [Double] = (0..<8).map { k -> Double in 8.0 + Double(k % 3) - 0.5 * Double(k) / 8.0 }
        let model = Lorenz96(sites: 8, forcing: 8, timeStep: 0.01)
        model.load(x0)
        for _ in 0..<100 { model.step() }
        let error = zip(model.state(), oneScaleAtOne).reduce(0) { max($0, abs($1.0 - $1.1)) }
        #expect(error < 1e-11, "max difference from numpy \(error)")
    }

    /// Same script: K = 4, J = 4, F = 20, h = 1, b = c = 10, dt = 0.001, 200 steps (full state).
    @Test func twoScaleMatchesNumpy() {
        let twoScaleAtPointTwo: [Double] = [
            4.909268567843304, 10.929958392500398, 12.113623380591285, 4.191700442718181,
            -0.04768612256810097, -0.09886937956910219, -0.2607525944642982, -0.031204975778124942,
            0.42345047429189686, 0.7343200548923953, 0.3784170086045157, -0.34229754910780724,
            0.2930254405710587, 0.6881711846334727, 0.2911369248332353, 0.10925576428398232,
            -0.21337666029410665, 0.5246080728600804, 0.25932204781779056, -0.017263319724535812,
        ]
        let model = Lorenz96TwoScale(slowCount: 4, fastPerSlow: 4, forcing: 20, coupling: 1, amplitudeRatio: 10,
                                     timeScaleRatio: 10, timeStep: 0.001)
        model.load(slow: (0..<4).map { 5 + Double($0) }, fast: (0..<16).map { 0.1 * Double($0 % 5) - 0.2 })
        for _ in 0..<200 { model.step() }
        let error = zip(model.fullState, twoScaleAtPointTwo).reduce(0) { max($0, abs($1.0 - $1.1)) }
        #expect(error < 1e-11, "max difference from numpy \(error)")
        // The trajectory interface returns only the slow variables.
        let full = model.fullState
        let slow = model.integrate(initial: full, outputTimes: [0, 0.01])
        #expect(slow.count == 2 && slow.allSatisfy { $0.count == 4 })
        #expect(slow[0] == Array(full[..<4]))
    }

    /// Same input, two models, two runs: bit-identical; `advance` equals `step` equals `integrate`.
    @Test func deterministic() {
        let x0 = Self.attractorState()
        let a = Lorenz96(sites: 40, forcing: 8, timeStep: 0.01), b = Lorenz96(sites: 40, forcing: 8, timeStep: 0.01)
        let runA = a.integrate(initial: x0, outputTimes: [0.5, 1, 2])
        #expect(runA == b.integrate(initial: x0, outputTimes: [0.5, 1, 2]))
        #expect(runA == a.integrate(initial: x0, outputTimes: [0.5, 1, 2]))
        var state = x0
        state.withUnsafeMutableBufferPointer { b.advance($0, steps: 200) }
        #expect(state == runA[2])
        let two = { Lorenz96TwoScale(slowCount: 8, fastPerSlow: 32, forcing: 20, coupling: 1, amplitudeRatio: 10,
                                     timeScaleRatio: 10, timeStep: 0.001) }
        let slow = (0..<8).map { 5 + 3 * sin(Double($0)) }
        #expect(two().integrate(initial: slow, outputTimes: [0.3]) == two().integrate(initial: slow, outputTimes: [0.3]))
    }

    /// Output times that are not multiples of the step are hit exactly (Δ/n steps).
    @Test func outputTimesAreHitExactly() {
        let model = Lorenz96(sites: 40, forcing: 8, timeStep: 0.01)
        let x0 = Self.attractorState()
        let out = model.integrate(initial: x0, outputTimes: [0, 0.025, 0.05])
        #expect(out[0] == x0)
        #expect(model.time == 0.05)
        let fine = Lorenz96(sites: 40, forcing: 8, timeStep: 1e-4).integrate(initial: x0, outputTimes: [0.025])[0]
        let error = zip(out[1], fine).reduce(0) { max($0, abs($1.0 - $1.1)) }
        #expect(error < 1e-6, "max difference at t = 0.025 from h = 1e-4: \(error)")
    }
}
