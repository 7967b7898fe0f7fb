/// The parameter-free Ladder of Blum & Hardt (2015), "The Ladder: A Reliable Leaderboard for
/// Machine Learning Competitions" (ICML 2015, arXiv:1502.04585), Algorithm 2.
///
/// While a round is open, a participant's feedback on the hidden feedback cases is only what
/// the Ladder releases. With ℓₜ ∈ ℝⁿ the per-case losses (lower is better) of submission t on
/// the n feedback cases, Rₛ(fₜ) = mean(ℓₜ), and ℓ* the loss vector of the participant's current
/// leader (the last submission whose score was released):
///
///     s = std(ℓₜ − ℓ*)                  (sample standard deviation, divisor n − 1;
///                                         for the first submission s = std(ℓₜ))
///     if Rₛ(fₜ) < Rₜ₋₁ − s/√n:  Rₜ = Rₛ(fₜ), ℓ* = ℓₜ     (released, "changed")
///     else:                      Rₜ = Rₜ₋₁                 (the previous best shown again)
///
/// with R₀ = +∞, so the first submission is always released. s/√n is the standard error of
/// the mean paired difference: a score is released only when it beats the leader by more than
/// one standard error of a one-sided paired test, which is what makes repeated, adaptive
/// submissions unable to climb on noise (the leaderboard error grows like O(log(k)^{1/3}/n^{1/3})
/// in the number k of submissions instead of √(k/n)). As in the authors' reference
/// implementation (Ladder.jl, `score!(::FreeLadder, …)`), the released score is the exact mean;
/// the paper's rounding to a multiple of 1/n concerns 0–1 losses and is not applied here.
public struct LadderMechanism: Sendable {
    /// What the board shows after one submission.
    public struct Release: Sendable, Codable, Hashable {
        /// The score shown: the new mean loss when `changed`, the previous best otherwise.
        public var score: Double
        /// True when this submission's score was released (it became the leader).
        public var changed: Bool
        /// The margin s/√n the submission had to beat the previous best by (0 for the first).
        public var margin: Double
    }

    /// A participant's leader: the per-case losses of the last released submission.
    public struct Leader: Sendable, Codable, Hashable {
        public var losses: [Double]
        public var score: Double
    }

    /// Leaders by participant.
    public private(set) var leaders: [String: Leader] = [:]

    public init() {}

    /// Submits one participant's per-case losses on the feedback cases (same cases, same order
    /// every time) and returns what the board shows.
    public mutating func submit(participant: String, losses: [Double]) -> Release {
        let (release, leader) = Self.decide(candidate: losses, leader: leaders[participant])
        leaders[participant] = leader
        return release
    }

    /// The Ladder's rule as a pure function, for callers that keep the leader themselves
    /// (e.g. in the store): returns the release and the leader after this submission.
    public static func decide(candidate losses: [Double], leader: Leader?) -> (Release, Leader) {
        precondition(!losses.isEmpty, "the Ladder needs at least one feedback case")
        let n = Double(losses.count)
        let score = losses.reduce(0, +) / n
        guard let leader else {
            return (Release(score: score, changed: true, margin: 0), Leader(losses: losses, score: score))
        }
        precondition(leader.losses.count == losses.count, "paired losses must be on the same cases")
        let differences = zip(losses, leader.losses).map { $0 - $1 }
        let margin = standardDeviation(differences) / n.squareRoot()
        if score < leader.score - margin {
            return (Release(score: score, changed: true, margin: margin), Leader(losses: losses, score: score))
        }
        return (Release(score: leader.score, changed: false, margin: margin), leader)
    }

    /// Sample standard deviation (divisor n − 1; 0 for a single value).
    static func standardDeviation(_ x: [Double]) -> Double {
        guard x.count > 1 else { return 0 }
        let mean = x.reduce(0, +) / Double(x.count)
        let ss = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (ss / Double(x.count - 1)).squareRoot()
    }
}
