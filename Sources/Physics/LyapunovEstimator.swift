import RealModule

/// Measurements of a chaotic system's predictability on its attractor, for any ``StateStepper``:
/// the largest Lyapunov exponent λ₁ (Benettin et al. 1980, two-trajectory renormalisation), a
/// finite-size Lyapunov exponent of an observed subset of variables (Aurell et al. 1997), and
/// the autocorrelation of observed variables with its e-folding (decorrelation) time.
///
/// Every routine is deterministic: the perturbation directions are fixed patterns, not random.
/// The task specs' declared λ₁ and decorrelation times come from the long runs documented in
/// docs/lorenz96.md (`LYAPUNOV_RUN=1 swift test --filter Lorenz96MeasurementRun`).
public enum LyapunovEstimator {
    public struct Estimate: Sendable, Equatable {
        /// Mean growth rate (per time unit).
        public var exponent: Double
        /// Standard error of the mean over `batches` consecutive batches (batch means).
        public var standardError: Double
        /// Number of renormalisations (or growth cycles) averaged.
        public var samples: Int
    }

    /// λ₁ by two nearby trajectories: after `transientSteps` steps onto the attractor, a copy
    /// displaced by `separation` (Euclidean norm, over the full state) along a fixed direction is
    /// advanced with the reference; every `stepsPerRenormalisation` steps (interval τ) the
    /// separation d is measured, ln(d/d₀) accumulated, and the copy pulled back to distance d₀
    /// along the current separation. λ₁ = Σ ln(d/d₀) / (n τ); the first `discard` intervals (the
    /// alignment of the separation with the leading Lyapunov vector) are not counted.
    ///
    /// d₀ must be small enough for the separation to stay in the linear regime over τ
    /// (d₀ e^{λ₁τ} ≪ attractor size) and large enough for rounding not to matter (≫ 1e-13·|x|):
    /// 1e-8 with τ ≲ 1/λ₁ is safe.
    public static func largestExponent(of stepper: StateStepper, initial: [Double], transientSteps: Int,
                                       stepsPerRenormalisation: Int, renormalisations: Int, discard: Int = 10,
                                       separation: Double = 1e-8, batches: Int = 10) -> Estimate {
        let n = stepper.dimension
        precondition(initial.count == n, "initial state has \(initial.count) values, stepper has \(n)")
        precondition(renormalisations >= batches && batches >= 1 && stepsPerRenormalisation >= 1)
        var reference = initial
        reference.withUnsafeMutableBufferPointer { stepper.advance($0, steps: transientSteps) }
        let direction = fixedDirection(count: n)
        var perturbed = (0..<n).map { reference[$0] + separation * direction[$0] }
        let tau = Double(stepsPerRenormalisation) * stepper.timeStep
        let logs = LyapunovEstimate.renormalisedGrowth(reference: &reference, perturbed: &perturbed, separation: separation,
                                                       intervals: renormalisations, discard: discard) { state in
            state.withUnsafeMutableBufferPointer { stepper.advance($0, steps: stepsPerRenormalisation) }
        }.map { $0 / tau }
        return batchEstimate(logs, batches: batches)
    }

    /// Finite-size Lyapunov exponent λ(δ) of the variables `observed` (Aurell et al. 1997): the
    /// copy starts at RMS distance δ over `observed` (displaced there only; the other variables
    /// equal) and both are advanced step by step until the observed RMS distance first reaches
    /// `ratio`·δ, after a time T; then the whole difference (all variables) is scaled so the
    /// observed distance is δ again, and so on. λ(δ) = ln(ratio) / ⟨T⟩. For δ → 0 it tends to λ₁;
    /// at finite δ it measures how fast errors *of that size* in the observed variables grow,
    /// the relevant predictability for a forecast from an analysis of error δ (for the two-scale
    /// Lorenz-96 system, errors in X that are large compared with the fast variables).
    ///
    /// Cycles that do not reach ratio·δ within `maxStepsPerCycle` steps count with T at the cap.
    public static func finiteSizeExponent(of stepper: StateStepper, initial: [Double], observed: Range<Int>,
                                          transientSteps: Int, size: Double, ratio: Double = 2, cycles: Int,
                                          maxStepsPerCycle: Int = 1_000_000, batches: Int = 10) -> Estimate {
        let n = stepper.dimension
        precondition(initial.count == n && observed.lowerBound >= 0 && observed.upperBound <= n && !observed.isEmpty)
        precondition(size > 0 && ratio > 1 && cycles >= batches)
        var reference = initial
        reference.withUnsafeMutableBufferPointer { stepper.advance($0, steps: transientSteps) }
        let direction = fixedDirection(count: observed.count)
        let rmsScale = Double(observed.count).squareRoot()
        var perturbed = reference
        for (offset, i) in observed.enumerated() { perturbed[i] += size * rmsScale * direction[offset] }
        func observedDistance() -> Double {
            var squared = 0.0
            for i in observed { let e = perturbed[i] - reference[i]; squared += e * e }
            return (squared / Double(observed.count)).squareRoot()
        }
        let target = ratio * size
        var rates: [Double] = []
        for _ in 0..<cycles {
            var steps = 0
            repeat {
                reference.withUnsafeMutableBufferPointer { stepper.advance($0, steps: 1) }
                perturbed.withUnsafeMutableBufferPointer { stepper.advance($0, steps: 1) }
                steps += 1
            } while observedDistance() < target && steps < maxStepsPerCycle
            let distance = observedDistance()
            rates.append(Double.log(ratio) / (Double(steps) * stepper.timeStep))
            let scale = size / distance
            for i in 0..<n { perturbed[i] = reference[i] + scale * (perturbed[i] - reference[i]) }
        }
        // λ(δ) = ln r / ⟨T⟩ (mean of times, not of rates); the error bar from batch means of T.
        let times = rates.map { Double.log(ratio) / $0 }
        let timeEstimate = batchEstimate(times, batches: batches)
        let exponent = Double.log(ratio) / timeEstimate.exponent
        return Estimate(exponent: exponent, standardError: exponent * timeEstimate.standardError / timeEstimate.exponent,
                        samples: cycles)
    }

    /// Autocorrelation C(ℓ), ℓ = 0 … `maxLag`, of the variables `observed`, pooled over them (the
    /// Lorenz-96 sites are statistically identical): after `transientSteps`, `samples` states
    /// are recorded every `stepsPerSample` steps (lag unit τ = stepsPerSample·h) and
    ///
    ///     C(ℓ) = Σ_{t,k} (x_{t,k} − μ)(x_{t+ℓ,k} − μ) / Σ_{t,k} (x_{t,k} − μ)²   (t < samples − ℓ in the numerator)
    ///
    /// with μ the pooled mean, normalised by the same-length sum so that C(0) = 1.
    public static func autocorrelation(of stepper: StateStepper, initial: [Double], observed: Range<Int>,
                                       transientSteps: Int, stepsPerSample: Int, samples: Int, maxLag: Int) -> [Double] {
        let n = stepper.dimension
        precondition(initial.count == n && observed.upperBound <= n && samples > maxLag && maxLag >= 0)
        var state = initial
        state.withUnsafeMutableBufferPointer { stepper.advance($0, steps: transientSteps) }
        let width = observed.count
        var series = [Double](repeating: 0, count: samples * width)
        for t in 0..<samples {
            state.withUnsafeMutableBufferPointer { stepper.advance($0, steps: stepsPerSample) }
            for (offset, i) in observed.enumerated() { series[t * width + offset] = state[i] }
        }
        let mean = series.reduce(0, +) / Double(series.count)
        for i in series.indices { series[i] -= mean }
        return (0...maxLag).map { lag in
            let pairs = samples - lag
            var numerator = 0.0, denominator = 0.0
            for t in 0..<pairs {
                for k in 0..<width {
                    numerator += series[t * width + k] * series[(t + lag) * width + k]
                    denominator += series[t * width + k] * series[t * width + k]
                }
            }
            return numerator / denominator
        }
    }

    /// The first lag time at which `correlation` (lag unit `lagTime`) falls below 1/e, linearly
    /// interpolated between the samples around the crossing; nil if it never does.
    public static func eFoldingTime(_ correlation: [Double], lagTime: Double) -> Double? {
        let threshold = Double.exp(-1)
        for lag in 1..<correlation.count where correlation[lag] < threshold {
            let (a, b) = (correlation[lag - 1], correlation[lag])
            return (Double(lag - 1) + (a - threshold) / (a - b)) * lagTime
        }
        return nil
    }

    /// A fixed unit vector with no symmetry: v_i ∝ sin(2.399963·i + 0.5) (golden-angle phases).
    static func fixedDirection(count: Int) -> [Double] {
        let raw = (0..<count).map { Double.sin(2.399963 * Double($0) + 0.5) }
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / norm }
    }

    /// Mean of `values` and the standard error from `batches` batch means.
    static func batchEstimate(_ values: [Double], batches: Int) -> Estimate {
        let mean = values.reduce(0, +) / Double(values.count)
        let size = values.count / batches
        let means = (0..<batches).map { b in values[(b * size)..<((b + 1) * size)].reduce(0, +) / Double(size) }
        let centre = means.reduce(0, +) / Double(batches)
        let variance = batches > 1 ? means.reduce(0) { $0 + ($1 - centre) * ($1 - centre) } / Double(batches - 1) : 0
        return Estimate(exponent: mean, standardError: (variance / Double(batches)).squareRoot(), samples: values.count)
    }
}
