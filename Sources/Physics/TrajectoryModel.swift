/// A reference model of one equation, as the case generator and the ladder use it: it
/// integrates a state (flattened [space…, component], row-major) and returns it at given times.
public protocol TrajectoryModel: AnyObject {
    /// The states at `outputTimes` (measured from the initial state), each hit exactly.
    func integrate(initial: [Double], outputTimes: [Double]) -> [[Double]]
    /// Observed temporal order over `time` from three runs with halving steps (Richardson).
    func selfConvergenceOrder(initial: [Double], time: Double) -> Double
}

