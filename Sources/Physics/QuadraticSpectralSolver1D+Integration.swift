extension QuadraticSpectralSolver1D: FixedStepModel {
    /// The shared fixed-step driver (see `FixedStepDriver`) around this solver's ETDRK4 step.
    public var driver: FixedStepDriver {
        FixedStepDriver(
            timeStep: timeStep, load: { [unowned self] in load($0) },
            advance: { [unowned self] n, h in
                if coefficientStep != h { computeCoefficients(step: h) }
                for _ in 0..<n { advance() }
            },
            state: { [unowned self] in state() },
            setTime: { [unowned self] in time = $0 })
    }
}
