import RealModule

/// The largest Lyapunov exponent λ₁ of a model, by Benettin's two-trajectory method
/// (Benettin, Galgani & Strelcyn 1976).
///
/// A reference trajectory u and a neighbour u + δ (‖δ‖₂ = `separation`, relative to ‖u‖₂) are
/// advanced together over `renormalisationInterval` τ; the neighbour's distance d is then
/// measured, log(d/δ₀) accumulated, and the neighbour pulled back along the same direction to
/// distance δ₀. After a transient the direction aligns with the leading Lyapunov vector and
///
///     λ₁ ≈ (1 / (K τ)) Σ_k log(d_k / δ₀)
///
/// over K intervals. The separation must be small enough that the neighbour stays in the linear
/// regime over τ (d ≪ ‖u‖) yet well above rounding; τ short enough that d does not saturate.
/// This entry point works through ``TrajectoryModel`` only (each interval is one `integrate`
/// call from the current state, which is valid because the equations are autonomous), so it
/// serves every equation. The loop itself (`renormalisedGrowth`) is shared with
/// ``LyapunovEstimator``, which steps a ``StateStepper`` in place.
public struct LyapunovEstimate: Sendable, Equatable {
    /// λ₁ over the whole measurement.
    public var exponent: Double
    /// λ₁ over each of `blocks` consecutive equal blocks of intervals (for an uncertainty).
    public var blockExponents: [Double]
    /// Standard error of the mean of the block exponents (treating blocks as independent).
    public var standardError: Double {
        let n = Double(blockExponents.count)
        guard n > 1 else { return .nan }
        let mean = blockExponents.reduce(0, +) / n
        let variance = blockExponents.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return (variance / n).squareRoot()
    }

    public init(exponent: Double, blockExponents: [Double]) {
        self.exponent = exponent
        self.blockExponents = blockExponents
    }

    /// Measures λ₁ of `model` from `initial` (already on the attractor, or followed by a
    /// `transient` discarded before measuring), over `intervals` renormalisation intervals of
    /// length `renormalisationInterval`, grouped into `blocks` blocks.
    /// - Parameters:
    ///   - perturbation: the initial direction of δ (any non-zero vector of the state's size).
    ///   - separation: δ₀ as a fraction of ‖initial‖₂ (absolute if ‖initial‖₂ = 0).
    public static func benettin(model: TrajectoryModel, initial: [Double], perturbation: [Double],
                                separation: Double = 1e-8, renormalisationInterval: Double,
                                transient: Double = 0, intervals: Int, blocks: Int = 10) -> LyapunovEstimate {
        precondition(initial.count == perturbation.count, "perturbation must have the state's size")
        precondition(intervals >= blocks && blocks >= 1, "need at least one interval per block")
        precondition(renormalisationInterval > 0 && separation > 0)
        var u = initial
        if transient > 0 { u = model.integrate(initial: u, outputTimes: [transient])[0] }
        let scale = norm(u) > 0 ? norm(u) : 1
        let delta0 = separation * scale
        let directionNorm = norm(perturbation)
        precondition(directionNorm > 0, "perturbation must be non-zero")
        var w = zip(u, perturbation).map { $0 + delta0 * $1 / directionNorm }
        let logs = renormalisedGrowth(reference: &u, perturbed: &w, separation: delta0, intervals: intervals) {
            $0 = model.integrate(initial: $0, outputTimes: [renormalisationInterval])[0]
        }
        let perBlock = intervals / blocks
        let blockExponents = (0..<blocks).map { b in
            logs[(b * perBlock)..<((b + 1) * perBlock)].reduce(0, +) / (Double(perBlock) * renormalisationInterval)
        }
        return LyapunovEstimate(exponent: logs.reduce(0, +) / (Double(intervals) * renormalisationInterval),
                                blockExponents: blockExponents)
    }

    /// Benettin's loop, whatever advances a state by one interval τ: `intervals` + `discard`
    /// times, both states are advanced, the distance d measured, ln(d/δ₀) recorded (after the
    /// first `discard`, which let the separation align with the leading Lyapunov vector), and
    /// the perturbed state pulled back to distance δ₀ along the current separation.
    static func renormalisedGrowth(reference: inout [Double], perturbed: inout [Double], separation delta0: Double,
                                   intervals: Int, discard: Int = 0, advance: (inout [Double]) -> Void) -> [Double] {
        var logs: [Double] = []
        logs.reserveCapacity(intervals)
        for index in 0..<(discard + intervals) {
            advance(&reference)
            advance(&perturbed)
            var squared = 0.0
            for i in reference.indices { let e = perturbed[i] - reference[i]; squared += e * e }
            let distance = squared.squareRoot()
            precondition(distance > 0 && distance.isFinite, "the trajectories merged or diverged (distance \(distance))")
            if index >= discard { logs.append(Double.log(distance / delta0)) }
            let scale = delta0 / distance
            for i in reference.indices { perturbed[i] = reference[i] + scale * (perturbed[i] - reference[i]) }
        }
        return logs
    }

    static func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}
