import HoldoutCore
import Physics

/// Lorenz-96, one-scale (`lorenz96`, ``Lorenz96``) or two-scale (`lorenz96-two-scale`,
/// ``Lorenz96TwoScale``), as weather-like tasks. The "grid" is the ring of K sites
/// (`reference.points: [K]`, `physics.domain.lengths: [K]`: unit spacing), one component.
///
/// - Initial conditions: `perturbed-rest`: X_k = `mean` + `amplitude`·N(0,1) independently,
///   i.e. a random perturbation of the rest state X = F (declare `mean` = F); the case generator
///   then integrates `reference.spin_up` onto the attractor, so every case (hidden ones included)
///   starts from its own independent spin-up seeded by the case seed, never from a continuation
///   of another trajectory.
/// - Parameters: `forcing` (F); two-scale also `coupling` (h), `amplitude_ratio` (b),
///   `time_scale_ratio` (c) and `fast_per_slow` (J, a whole number ≥ 1).
/// - Two-scale: methods see only X. The model's trajectory interface takes and returns the slow
///   variables X alone; the fast variables Y are internal, started at the fixed pattern
///   ``Lorenz96TwoScale/fastStart(slow:)`` and forgotten during the spin-up. The ladder's
///   `reference-solver` therefore runs the full two-scale model from the (noisy) X with the fast
///   variables at that start: a perfect model whose unresolved initial state is unknown.
/// - Resampling: the sites are not a discretised continuum, so methods see the reference ring
///   itself (`observation.points` = `reference.points`, `downsampling: none`); between rings of
///   different sizes the state is block-averaged or repeated (piecewise constant), which only
///   makes sense for tests.
struct Lorenz96Setup: EquationSetup {
    let twoScale: Bool
    var temporalOrder: Double { 4 }

    func initialCondition(_ spec: TaskSpec.InitialCondition, points: [Int], components: Int,
                          using rng: inout CounterRNG) -> [Double] {
        (0..<(points[0] * components)).map { _ in spec.mean + spec.amplitude * rng.normal() }
    }

    func model(parameters: [String: Double], points: [Int], timeStep: Double) throws -> TrajectoryModel {
        func value(_ name: String) throws -> Double {
            guard let value = parameters[name], value.isFinite else {
                throw EquationError("\(twoScale ? "two-scale " : "")Lorenz-96 needs the parameter '\(name)'")
            }
            return value
        }
        let forcing = try value("forcing")
        guard twoScale else { return Lorenz96(sites: points[0], forcing: forcing, timeStep: timeStep) }
        let fast = try value("fast_per_slow")
        guard fast >= 1, fast == fast.rounded(), fast <= 4096 else {
            throw EquationError("'fast_per_slow' must be a whole number in 1 … 4096; got \(fast)")
        }
        let ratio = try value("amplitude_ratio")
        guard ratio != 0 else { throw EquationError("'amplitude_ratio' (b) must not be 0") }
        return Lorenz96TwoScale(slowCount: points[0], fastPerSlow: Int(fast), forcing: forcing,
                                coupling: try value("coupling"), amplitudeRatio: ratio,
                                timeScaleRatio: try value("time_scale_ratio"), timeStep: timeStep)
    }

    func resample(_ state: [Double], from: [Int], to: [Int], components: Int, method: String) -> [Double] {
        let (source, target) = (from[0], to[0])
        if source == target { return state }
        if source % target == 0 {
            let factor = source / target
            return (0..<target).map { i in state[(i * factor)..<((i + 1) * factor)].reduce(0, +) / Double(factor) }
        }
        return (0..<target).map { i in state[i * source / target] }
    }
}
