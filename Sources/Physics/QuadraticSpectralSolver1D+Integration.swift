extension QuadraticSpectralSolver1D {
    /// The shared fixed-step driver (see `FixedStepDriver`) around this solver's ETDRK4 step.
    var driver: FixedStepDriver {
        FixedStepDriver(
            timeStep: timeStep, load: { [unowned self] in load($0) },
            advance: { [unowned self] n, h in
                if coefficientStep != h { computeCoefficients(step: h) }
                for _ in 0..<n { advance() }
            },
            state: { [unowned self] in state() },
            setTime: { [unowned self] in time = $0 })
    }

    /// Number of equal sub-steps covering `interval` with steps no longer than ``timeStep``.
    public func subSteps(for interval: Double) -> Int { driver.subSteps(for: interval) }

    /// The physical-space state at each of `outputTimes` from `initial` at t = 0, each time hit
    /// exactly (`FixedStepDriver.integrate`).
    public func integrate(initial: [Double], outputTimes: [Double]) -> [[Double]] {
        driver.integrate(initial: initial, outputTimes: outputTimes)
    }

    /// Observed temporal order (Richardson, steps h, h/2, h/4), for `holdout tasks validate`;
    /// ≈ 4 in the asymptotic range (`FixedStepDriver.selfConvergenceOrder`).
    public func selfConvergenceOrder(initial: [Double], time: Double) -> Double {
        driver.selfConvergenceOrder(initial: initial, time: time)
    }
}
