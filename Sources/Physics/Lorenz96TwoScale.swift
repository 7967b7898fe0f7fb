import RealModule

/// The two-scale Lorenz-96 system (Lorenz 1996; in the form and notation of Wilks 2005,
/// QJRMS 131, 389–407, and Arnold, Moroz & Palmer 2013, Phil. Trans. R. Soc. A 371, 20110479):
/// K slow variables X_k, each coupled to J fast variables Y_{j,k},
///
///     dX_k/dt     = −X_{k−1}(X_{k−2} − X_{k+1}) − X_k + F − (hc/b) Σ_{j=1}^{J} Y_{j,k}
///     dY_{j,k}/dt = −cb Y_{j+1,k}(Y_{j+2,k} − Y_{j−1,k}) − c Y_{j,k} + (hc/b) X_k
///
/// with cyclic boundaries X_{k±K} = X_k, Y_{j,k±K} = Y_{j,k} and Y_{j+J,k} = Y_{j,k+1}, i.e.
/// the fast variables form one ring of length K·J: in 0-based indices, Y_m with m = k·J + j
/// (j = 0 … J−1), neighbours m ± 1, m + 2 taken mod K·J, and Y_m coupled to X_{⌊m/J⌋}.
/// c is the time-scale ratio, b the amplitude ratio, h the coupling. Arnold et al. use K = 8,
/// J = 32, F = 20, h = 1, b = 10 and c = 4 or 10.
///
/// Energy: with F = 0 and without the damping terms (−X_k, −c Y), E = Σ X²/2 + Σ Y²/2 is
/// conserved: both advection terms conserve their own sums of squares and the coupling terms
/// cancel in dE/dt (Σ_k X_k (hc/b) Σ_j Y_{j,k} appears with both signs).
///
/// ## State layout
/// Full state (``StateStepper``, ``load(slow:fast:)``): K + K·J values, X_0 … X_{K−1} then
/// Y_0 … Y_{KJ−1} (m = k·J + j). As a ``TrajectoryModel`` the model exchanges only the slow
/// variables, [K, 1]: methods see X, the fast variables are hidden. ``integrate(initial:outputTimes:)``
/// accepts either the full state or X alone; given X alone it starts the fast variables at
/// ``fastStart(slow:)`` (a fixed small pattern that breaks the j-symmetry), which after a
/// spin-up of a few time units is forgotten (the fast variables decorrelate on a time ~1/c).
/// It always returns X alone.
///
/// ## Time: classical RK4
/// As in ``Lorenz96``. **Order:** 4 (measured in `Lorenz96Tests`). **Stability:** the fast
/// advection has rates ~ c·b·|Y|·2 plus the damping c; with c = b = 10 and |Y| ≲ 1.5 this is
/// ≈ 300, so h ≲ 0.005; the standard truth step is h = 0.001 (Arnold et al. 2013).
///
/// ## Allocation and determinism
/// Buffers (padded with ghost cells so the loops are branch-free) are allocated in `init`;
/// ``step()`` and ``advance(_:steps:)`` allocate nothing. Serial, fixed order, bit-identical
/// results for the same input. Not thread-safe.
public final class Lorenz96TwoScale: StateStepper {
    /// K, slow variables (≥ 4).
    public let slowCount: Int
    /// J, fast variables per slow variable (≥ 1; K·J ≥ 4).
    public let fastPerSlow: Int
    public let forcing: Double
    /// h, the coupling strength.
    public let coupling: Double
    /// b, the amplitude ratio (≠ 0).
    public let amplitudeRatio: Double
    /// c, the time-scale ratio.
    public let timeScaleRatio: Double
    public let timeStep: Double
    public internal(set) var time: Double = 0
    public var dimension: Int { slowCount * (1 + fastPerSlow) }
    var fastCount: Int { slowCount * fastPerSlow }

    /// Padded full states: X at p = k + 2 of a block of K + 3 (ghosts p = 0, 1, K + 2), then
    /// Y at q = m + 1 of a block of K·J + 3 (ghosts q = 0 and q = KJ + 1, KJ + 2).
    let x: UnsafeMutablePointer<Double>
    let stage: UnsafeMutablePointer<Double>
    /// Tendency and RK4 accumulator over the unpadded full state (K + KJ values).
    let d: UnsafeMutablePointer<Double>
    let accumulator: UnsafeMutablePointer<Double>

    public init(slowCount: Int, fastPerSlow: Int, forcing: Double, coupling: Double,
                amplitudeRatio: Double, timeScaleRatio: Double, timeStep: Double) {
        precondition(slowCount >= 4, "the two-scale Lorenz-96 system needs at least 4 slow variables")
        precondition(fastPerSlow >= 1 && slowCount * fastPerSlow >= 4, "need J ≥ 1 and K·J ≥ 4")
        precondition([forcing, coupling, amplitudeRatio, timeScaleRatio].allSatisfy(\.isFinite) && amplitudeRatio != 0,
                     "parameters must be finite, b ≠ 0")
        precondition(timeStep > 0 && timeStep.isFinite, "timeStep must be positive")
        self.slowCount = slowCount
        self.fastPerSlow = fastPerSlow
        self.forcing = forcing
        self.coupling = coupling
        self.amplitudeRatio = amplitudeRatio
        self.timeScaleRatio = timeScaleRatio
        self.timeStep = timeStep
        let padded = slowCount + 3 + slowCount * fastPerSlow + 3
        let plain = slowCount * (1 + fastPerSlow)
        x = .allocate(capacity: padded)
        stage = .allocate(capacity: padded)
        d = .allocate(capacity: plain)
        accumulator = .allocate(capacity: plain)
        x.initialize(repeating: 0, count: padded)
        stage.initialize(repeating: 0, count: padded)
        d.initialize(repeating: 0, count: plain)
        accumulator.initialize(repeating: 0, count: plain)
    }

    deinit {
        for p in [x, stage, d, accumulator] { p.deallocate() }
    }

    /// Offset of Y's padded block.
    var fastBlock: Int { slowCount + 3 }

    // MARK: Low-level API

    /// The fast start used when only X is given: Y_m = 0.1·sin(2.399963·m + 1), a fixed small
    /// pattern (golden-angle phases) that breaks the j-symmetry (with all Y_{j,k} equal in j the
    /// fast advection vanishes and stays zero). It does not depend on X: the linear equilibrium
    /// (h/b)·X_k would be ≈ 2 at the rest state X = F = 20, where the fast rates c·b·|Y| make RK4
    /// unstable at the probe steps of `holdout tasks validate` (8·dt); from this start the fast
    /// variables are driven by X onto their attractor within a few 1/c.
    public func fastStart(slow: [Double]) -> [Double] {
        (0..<fastCount).map { m in 0.1 * Double.sin(2.399963 * Double(m) + 1) }
    }

    /// Sets the state (X: K values, Y: K·J values, m = k·J + j) and resets ``time``.
    public func load(slow: [Double], fast: [Double]) {
        precondition(slow.count == slowCount && fast.count == fastCount,
                     "state needs \(slowCount) slow and \(fastCount) fast values")
        for k in 0..<slowCount { x[k + 2] = slow[k] }
        for m in 0..<fastCount { x[fastBlock + m + 1] = fast[m] }
        time = 0
    }

    /// Loads a full state (K + KJ values) or X alone (then Y = ``fastStart(slow:)``).
    public func load(_ initial: [Double]) {
        if initial.count == slowCount {
            load(slow: initial, fast: fastStart(slow: initial))
        } else {
            precondition(initial.count == dimension, "state has \(initial.count) values; expected \(slowCount) or \(dimension)")
            load(slow: Array(initial[..<slowCount]), fast: Array(initial[slowCount...]))
        }
    }

    public var slowState: [Double] { (0..<slowCount).map { x[$0 + 2] } }
    public var fastState: [Double] { (0..<fastCount).map { x[fastBlock + $0 + 1] } }
    /// X then Y.
    public var fullState: [Double] { slowState + fastState }

    public func step() {
        rk4(h: timeStep)
        time += timeStep
    }

    public func advance(_ state: UnsafeMutableBufferPointer<Double>, steps: Int) {
        precondition(state.count == dimension, "state has \(state.count) values, model has \(dimension)")
        scatter(from: state.baseAddress!, into: x)
        for _ in 0..<steps { rk4(h: timeStep) }
        for k in 0..<slowCount { state[k] = x[k + 2] }
        for m in 0..<fastCount { state[slowCount + m] = x[fastBlock + m + 1] }
    }

    /// The tendency of a full state (K + KJ values: dX then dY); allocates (tests, diagnostics).
    public func tendency(of state: [Double]) -> [Double] {
        precondition(state.count == dimension, "state has \(state.count) values, model has \(dimension)")
        state.withUnsafeBufferPointer { scatter(from: $0.baseAddress!, into: stage) }
        fillGhosts(stage)
        tendency(stage, into: d)
        return (0..<dimension).map { d[$0] }
    }

    // MARK: Kernel

    @inline(__always)
    func scatter(from source: UnsafePointer<Double>, into p: UnsafeMutablePointer<Double>) {
        for k in 0..<slowCount { p[k + 2] = source[k] }
        for m in 0..<fastCount { p[fastBlock + m + 1] = source[slowCount + m] }
    }

    @inline(__always)
    func fillGhosts(_ p: UnsafeMutablePointer<Double>) {
        let n = slowCount
        p[0] = p[n]
        p[1] = p[n + 1]
        p[n + 2] = p[2]
        let y = p + fastBlock, m = fastCount
        y[0] = y[m]
        y[m + 1] = y[1]
        y[m + 2] = y[2]
    }

    /// Tendency of a padded state with filled ghosts into `out` (dX: K values, then dY: KJ).
    @inline(__always)
    func tendency(_ p: UnsafeMutablePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let (n, j) = (slowCount, fastPerSlow)
        let f = forcing, c = timeScaleRatio
        let hcb = coupling * timeScaleRatio / amplitudeRatio
        let cb = timeScaleRatio * amplitudeRatio
        let y = p + fastBlock
        let dy = out + n
        for k in 0..<n {
            let xk = p[k &+ 2]
            let base = k &* j
            var sum = 0.0
            for i in 0..<j {
                let q = base &+ i &+ 1  // padded index of Y_m, m = base + i
                sum += y[q]
                // −cb Y_{m+1}(Y_{m+2} − Y_{m−1}) − c Y_m + (hc/b) X_k
                dy[base &+ i] = cb * y[q &+ 1] * (y[q &- 1] - y[q &+ 2]) - c * y[q] + hcb * xk
            }
            // −X_{k−1}(X_{k−2} − X_{k+1}) − X_k + F − (hc/b) Σ_j Y_{j,k}
            out[k] = (p[k &+ 3] - p[k]) * p[k &+ 1] - xk + f - hcb * sum
        }
    }

    /// One RK4 step of size h, in place on `x`.
    func rk4(h: Double) {
        let (n, m) = (slowCount, fastCount)
        let (x, s, d, acc) = (self.x, stage, self.d, accumulator)
        let fb = fastBlock
        // Maps plain index i (0 ..< n + m) to the padded one.
        @inline(__always) func combine(_ weight: Double, _ scale: Double, first: Bool) {
            for k in 0..<n {
                acc[k] = first ? d[k] : acc[k] + weight * d[k]
                s[k &+ 2] = x[k &+ 2] + scale * d[k]
            }
            for i in 0..<m {
                acc[n &+ i] = first ? d[n &+ i] : acc[n &+ i] + weight * d[n &+ i]
                s[fb &+ i &+ 1] = x[fb &+ i &+ 1] + scale * d[n &+ i]
            }
            fillGhosts(s)
        }
        fillGhosts(x)
        tendency(x, into: d)
        combine(1, 0.5 * h, first: true)
        tendency(s, into: d)
        combine(2, 0.5 * h, first: false)
        tendency(s, into: d)
        combine(2, h, first: false)
        tendency(s, into: d)
        let sixth = h / 6
        for k in 0..<n { x[k &+ 2] += sixth * (acc[k] + d[k]) }
        for i in 0..<m { x[fb &+ i &+ 1] += sixth * (acc[n &+ i] + d[n &+ i]) }
    }
}

extension Lorenz96TwoScale: FixedStepModel {
    /// The shared fixed-step driver: `integrate` takes X alone (fast variables from
    /// ``fastStart(slow:)``) or the full state and returns the slow variables X only (what
    /// methods see), while the self-convergence test compares the full state, X and Y.
    public var driver: FixedStepDriver {
        FixedStepDriver(
            timeStep: timeStep, load: { [unowned self] in load($0) },
            advance: { [unowned self] n, h in for _ in 0..<n { rk4(h: h) } },
            state: { [unowned self] in slowState }, setTime: { [unowned self] in time = $0 },
            convergenceState: { [unowned self] in fullState })
    }
}
