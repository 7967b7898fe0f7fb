/// A ``TrajectoryModel`` built on a fixed-step scheme: it hands its step to a
/// ``FixedStepDriver``, which hits output times exactly and measures the temporal order, so
/// every solver gets `integrate`, `selfConvergenceOrder` and `subSteps` from here.
public protocol FixedStepModel: TrajectoryModel {
    /// The driver around this model's step (built on demand; it holds no state of its own).
    var driver: FixedStepDriver { get }
}

extension FixedStepModel {
    /// Number of equal sub-steps covering `interval` with steps no longer than the model's step.
    public func subSteps(for interval: Double) -> Int { driver.subSteps(for: interval) }

    /// The state at each of `outputTimes` from `initial` at t = 0, each time hit exactly
    /// (`FixedStepDriver.integrate`).
    public func integrate(initial: [Double], outputTimes: [Double]) -> [[Double]] {
        driver.integrate(initial: initial, outputTimes: outputTimes)
    }

    /// Observed temporal order (Richardson, steps h, h/2, h/4) over `time`, for
    /// `holdout tasks validate` (`FixedStepDriver.selfConvergenceOrder`).
    public func selfConvergenceOrder(initial: [Double], time: Double) -> Double {
        driver.selfConvergenceOrder(initial: initial, time: time)
    }
}
