/// What the ETDRK4 solvers (``QuadraticSpectralSolver1D``, ``NavierStokes2DSolver``,
/// ``QuasiGeostrophicSolver``) share around their kernels: coefficients that belong to one step
/// size and are recomputed (allocating) only when the step changes, a step of the nominal size,
/// and the ``FixedStepDriver`` that runs n steps of any size h.
protocol ETDRK4Stepping: AnyObject {
    var timeStep: Double { get }
    var time: Double { get set }
    /// The step the current coefficients are for (NaN before the first computation).
    var coefficientStep: Double { get }
    /// E, E₂, Q, f₁, f₂, f₃ for step `h`; sets ``coefficientStep``.
    func computeCoefficients(step h: Double)
    /// One step with the current coefficients.
    func advance()
    func load(_ initial: [Double])
    func state() -> [Double]
}

extension ETDRK4Stepping {
    /// `steps` steps of size `h`, the coefficients recomputed first if they are for another size.
    func advance(steps: Int, size h: Double) {
        if coefficientStep != h { computeCoefficients(step: h) }
        for _ in 0..<steps { advance() }
    }

    /// One step of ``timeStep``, counted in ``time``.
    func stepOnce() {
        advance(steps: 1, size: timeStep)
        time += timeStep
    }

    /// The shared fixed-step driver (see ``FixedStepDriver``) around the solver's ETDRK4 step.
    var etdrk4Driver: FixedStepDriver {
        FixedStepDriver(
            timeStep: timeStep, load: { [unowned self] in load($0) },
            advance: { [unowned self] n, h in advance(steps: n, size: h) },
            state: { [unowned self] in state() },
            setTime: { [unowned self] in time = $0 })
    }
}
