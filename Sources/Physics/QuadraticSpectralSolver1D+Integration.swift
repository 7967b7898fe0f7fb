extension QuadraticSpectralSolver1D: FixedStepModel, ETDRK4Stepping {
    /// The shared fixed-step driver (see `FixedStepDriver`) around this solver's ETDRK4 step.
    public var driver: FixedStepDriver { etdrk4Driver }
}
