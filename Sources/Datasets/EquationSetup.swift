import HoldoutCore
import Physics

/// What the harness needs to know about one equation to make cases and run its ladder: how to
/// draw an initial condition, which reference model integrates it, and how to move a state
/// between grids. Each equation of `physics.equation` has one setup, looked up in `Equations`.
public protocol EquationSetup: Sendable {
    /// The reference scheme's formal order in time, checked by `holdout tasks validate`.
    var temporalOrder: Double { get }
    /// A random initial condition on a grid of `points`, drawn as `spec` declares.
    func initialCondition(_ spec: TaskSpec.InitialCondition, points: [Int], components: Int,
                          using rng: inout CounterRNG) -> [Double]
    /// The reference model with these physical parameters on a grid of `points` with step `timeStep`.
    func model(parameters: [String: Double], points: [Int], timeStep: Double) throws -> TrajectoryModel
    /// A state [space…, component] moved from grid `from` to grid `to` (coarser or finer).
    func resample(_ state: [Double], from: [Int], to: [Int], components: Int, method: String) -> [Double]
}

/// The registry of equations the physics module can solve.
public enum Equations {
    public static var names: [String] { TaskSpec.knownEquations }

    public static func setup(equation: String, lengths: [Double]) throws -> EquationSetup {
        switch (equation, lengths.count) {
        case ("burgers", 1): return BurgersSetup(length: lengths[0])
        case ("vlasov-poisson", 2): return VlasovPoissonSetup(lengths: lengths)
        case ("lorenz96", 1): return Lorenz96Setup(twoScale: false)
        case ("lorenz96-two-scale", 1): return Lorenz96Setup(twoScale: true)
        case ("navier-stokes-2d", 2): return NavierStokes2DSetup(lengths: (lengths[0], lengths[1]))
        case ("kuramoto-sivashinsky", 1): return KuramotoSivashinskySetup(length: lengths[0])
        case ("qg-two-layer", 2): return QuasiGeostrophicSetup(lengths: (lengths[0], lengths[1]))
        default:
            throw EquationError("no reference model for equation '\(equation)' in \(lengths.count)-D (known: \(names.joined(separator: ", ")))")
        }
    }
}

/// A task names an equation the physics module cannot solve, or misses a parameter it needs.
public struct EquationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
