import RealModule

/// A model whose full state can be advanced in place by whole steps: what the Lyapunov and
/// decorrelation estimators (``LyapunovEstimator``) need. Unlike ``TrajectoryModel`` (which sees
/// only the observed part of a state), `dimension` counts every variable of the system, hidden
/// ones included (for the two-scale Lorenz-96 system: the K slow and the K·J fast variables).
public protocol StateStepper: AnyObject {
    /// Number of state variables.
    var dimension: Int { get }
    /// The step h of one ``advance(_:steps:)`` step.
    var timeStep: Double { get }
    /// Advances `state` (`dimension` values) by `steps` steps of ``timeStep`` in place.
    func advance(_ state: UnsafeMutableBufferPointer<Double>, steps: Int)
}

/// The one-scale Lorenz-96 system (Lorenz 1996, "Predictability: a problem partly solved",
/// ECMWF Seminar on Predictability; Lorenz & Emanuel 1998, J. Atmos. Sci. 55, 399–414):
///
///     dX_k/dt = (X_{k+1} − X_{k−2}) X_{k−1} − X_k + F,   k = 0 … K−1,
///
/// with periodic index (X_{k±K} = X_k). The quadratic "advection" term conserves the energy
/// E = Σ X_k²/2 (Σ_k X_k (X_{k+1} − X_{k−2}) X_{k−1} = 0 by an index shift), so
/// dE/dt = −2E + F Σ X_k; the linear term damps and F forces. With K = 40 and F = 8 the
/// system is chaotic with about 13 positive Lyapunov exponents, λ₁ ≈ 1.68 per time unit
/// (measured by this project: 1.680 ± 0.007, docs/lorenz96.md), decorrelation (e-folding) time 0.28.
///
/// State layout: [K, 1] (K sites, one component), as ``TrajectoryModel`` expects.
///
/// ## Time: classical RK4
///     k₁ = f(X), k₂ = f(X + h/2 k₁), k₃ = f(X + h/2 k₂), k₄ = f(X + h k₃),
///     X ← X + h/6 (k₁ + 2k₂ + 2k₃ + k₄).
///
/// **Order:** 4 (measured ≈ 4 in `Lorenz96Tests`). **Stability:** explicit; the linearised
/// tendency has eigenvalues of modulus ≲ 2 max|X| + 1 (≈ 25 for F = 8, where |X| ≲ 12), so
/// RK4 (stability boundary ≈ 2.8 on the imaginary axis) needs h ≲ 0.1; h = 0.01 (the
/// standard choice) is well inside, with a local error ~1e-10.
///
/// ## Allocation and determinism
/// The state is held with two ghost cells on the left and one on the right so that the
/// tendency is a branch-free, vectorisable loop. All buffers are allocated in `init`;
/// ``step()`` and ``advance(_:steps:)`` allocate nothing. Serial, fixed order: same input,
/// bit-identical output. Not thread-safe; use one model per thread.
public final class Lorenz96: StateStepper {
    /// K, the number of sites (≥ 4).
    public let sites: Int
    /// The forcing F.
    public let forcing: Double
    /// The nominal step h; ``integrate(initial:outputTimes:)`` may shorten it to hit output times.
    public let timeStep: Double
    /// Simulated time since the last ``load(_:)``.
    public internal(set) var time: Double = 0
    public var dimension: Int { sites }

    /// Padded buffers of K + 3 values: index p = k + 2 holds X_k; p = 0, 1 hold X_{K−2}, X_{K−1}
    /// and p = K + 2 holds X_0.
    let x: UnsafeMutablePointer<Double>
    let stage: UnsafeMutablePointer<Double>
    /// Stage tendencies and the accumulated RK4 increment, K values each.
    let k1: UnsafeMutablePointer<Double>
    let accumulator: UnsafeMutablePointer<Double>

    /// - Parameters:
    ///   - sites: K ≥ 4.
    ///   - forcing: F (finite).
    ///   - timeStep: h > 0.
    public init(sites: Int, forcing: Double, timeStep: Double) {
        precondition(sites >= 4, "Lorenz96 needs at least 4 sites")
        precondition(forcing.isFinite, "forcing must be finite")
        precondition(timeStep > 0 && timeStep.isFinite, "timeStep must be positive")
        self.sites = sites
        self.forcing = forcing
        self.timeStep = timeStep
        x = .allocate(capacity: sites + 3)
        stage = .allocate(capacity: sites + 3)
        k1 = .allocate(capacity: sites)
        accumulator = .allocate(capacity: sites)
        x.initialize(repeating: 0, count: sites + 3)
        stage.initialize(repeating: 0, count: sites + 3)
        k1.initialize(repeating: 0, count: sites)
        accumulator.initialize(repeating: 0, count: sites)
    }

    deinit {
        for p in [x, stage, k1, accumulator] { p.deallocate() }
    }

    // MARK: Low-level API

    /// Sets the state to `initial` (K values) and resets ``time`` to 0.
    public func load(_ initial: [Double]) {
        precondition(initial.count == sites, "initial state has \(initial.count) values, model has \(sites) sites")
        for k in 0..<sites { x[k + 2] = initial[k] }
        time = 0
    }

    /// The current state X_0 … X_{K−1}.
    public func state() -> [Double] { (0..<sites).map { x[$0 + 2] } }

    /// Advances the loaded state by ``timeStep``. Allocates nothing.
    public func step() {
        rk4(h: timeStep)
        time += timeStep
    }

    public func advance(_ state: UnsafeMutableBufferPointer<Double>, steps: Int) {
        precondition(state.count == sites, "state has \(state.count) values, model has \(sites) sites")
        for k in 0..<sites { x[k + 2] = state[k] }
        for _ in 0..<steps { rk4(h: timeStep) }
        for k in 0..<sites { state[k] = x[k + 2] }
    }

    /// The tendency f(X) of `state` (K values); allocates (for tests and diagnostics).
    public func tendency(of state: [Double]) -> [Double] {
        precondition(state.count == sites, "state has \(state.count) values, model has \(sites) sites")
        for k in 0..<sites { stage[k + 2] = state[k] }
        fillGhosts(stage)
        tendency(stage, into: k1)
        return (0..<sites).map { k1[$0] }
    }

    // MARK: Kernel

    @inline(__always)
    func fillGhosts(_ p: UnsafeMutablePointer<Double>) {
        p[0] = p[sites]
        p[1] = p[sites + 1]
        p[sites + 2] = p[2]
    }

    /// out_k = (X_{k+1} − X_{k−2}) X_{k−1} − X_k + F for a padded input whose ghosts are filled.
    @inline(__always)
    func tendency(_ p: UnsafeMutablePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let f = forcing
        for k in 0..<sites {
            out[k] = (p[k &+ 3] - p[k]) * p[k &+ 1] - p[k &+ 2] + f
        }
    }

    /// One classical RK4 step of size h on `x` (in place). Stage tendencies are accumulated
    /// into `accumulator` as they are made, so only one tendency buffer is needed.
    func rk4(h: Double) {
        let n = sites
        let (x, s, d, acc) = (self.x, stage, k1, accumulator)
        fillGhosts(x)
        // k1
        tendency(x, into: d)
        for k in 0..<n {
            acc[k] = d[k]
            s[k &+ 2] = x[k &+ 2] + 0.5 * h * d[k]
        }
        fillGhosts(s)
        // k2
        tendency(s, into: d)
        for k in 0..<n {
            acc[k] += 2 * d[k]
            s[k &+ 2] = x[k &+ 2] + 0.5 * h * d[k]
        }
        fillGhosts(s)
        // k3
        tendency(s, into: d)
        for k in 0..<n {
            acc[k] += 2 * d[k]
            s[k &+ 2] = x[k &+ 2] + h * d[k]
        }
        fillGhosts(s)
        // k4
        tendency(s, into: d)
        let sixth = h / 6
        for k in 0..<n {
            x[k &+ 2] += sixth * (acc[k] + d[k])
        }
    }
}

extension Lorenz96: FixedStepModel {
    /// The shared fixed-step driver (see `FixedStepDriver`) around this model's RK4 step.
    public var driver: FixedStepDriver {
        FixedStepDriver(
            timeStep: timeStep, load: { [unowned self] in load($0) },
            advance: { [unowned self] n, h in for _ in 0..<n { rk4(h: h) } },
            state: { [unowned self] in state() }, setTime: { [unowned self] in time = $0 })
    }
}
