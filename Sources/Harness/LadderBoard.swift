import Crypto
import Foundation
import Leakage
import Publishing

/// What the board may show of a round's hidden cases, by round status:
/// - starter (no round opened): every run on every case;
/// - open: every table on its feedback cases only, and of each team only the score the Ladder
///   released (`LadderMechanism` replayed over the team's submissions in submission order);
/// - closed: every run, each submission its own entry, ranked on the final cases only,
///   which never gave feedback.
/// Feedback and final cases are the `FeedbackSplit` of each table's case ids, keyed by a seed
/// derived from the round secret: unknown to participants while the round is open, and
/// recomputable by anyone once the secret is revealed.
public struct LadderBoard: Sendable {
    public enum Policy: Sendable { case everyCase, ladder, finalCases }

    public let policy: Policy
    public let feedbackFraction: Double
    public let seed: UInt64

    public init(policy: Policy, feedbackFraction: Double, seed: UInt64) {
        self.policy = policy
        self.feedbackFraction = feedbackFraction
        self.seed = seed
    }

    /// The policy of a round with `status` (nil seed: every case, as for the starter round).
    public init(status: RoundStatus, feedbackFraction: Double, secret: RoundSecret?) {
        let seed = secret.map(Self.feedbackSeed) ?? 0
        switch (status, secret) {
        case (.open, _?): self.init(policy: .ladder, feedbackFraction: feedbackFraction, seed: seed)
        case (.closed, _?): self.init(policy: .finalCases, feedbackFraction: feedbackFraction, seed: seed)
        default: self.init(policy: .everyCase, feedbackFraction: feedbackFraction, seed: seed)
        }
    }

    /// The feedback/final split of a table's case ids.
    public func split(_ caseIDs: [String]) -> FeedbackSplit {
        FeedbackSplit(caseIDs: caseIDs, feedbackFraction: feedbackFraction, seed: seed)
    }

    /// The cases a table is scored on under this policy (nil: every case).
    public func scoredCases(_ caseIDs: [String]) -> Set<String>? {
        switch policy {
        case .everyCase: return nil
        case .ladder: return Set(split(caseIDs).feedback)
        case .finalCases: return Set(split(caseIDs).final)
        }
    }

    /// The first 8 bytes of SHA-256("holdout-feedback-split-v1" ‖ secret), big-endian.
    public static func feedbackSeed(_ secret: RoundSecret) -> UInt64 {
        let digest = Array(SHA256.hash(data: Array("holdout-feedback-split-v1".utf8) + secret.bytes))
        return digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A team's Ladder over its submissions, in submission order.
    public struct Replay: Sendable, Equatable {
        /// One release per submission (nil for a submission missing a feedback case's loss).
        public var releases: [LadderMechanism.Release?]
        /// Index of the submission whose score is shown (the last one released).
        public var leader: Int?
        /// The score shown.
        public var released: Double? { leader.flatMap { releases[$0]?.score } }
    }

    /// Replays the Ladder over submissions given as per-case losses (lower is better) keyed by
    /// case id, on `feedbackCases` in that order.
    public static func replay(_ submissions: [[String: Double]], feedbackCases: [String]) -> Replay {
        var leader: LadderMechanism.Leader?
        var replay = Replay(releases: [], leader: nil)
        for (index, losses) in submissions.enumerated() {
            let vector = feedbackCases.compactMap { losses[$0] }
            guard !vector.isEmpty, vector.count == feedbackCases.count else {
                replay.releases.append(nil)
                continue
            }
            let (release, next) = LadderMechanism.decide(candidate: vector, leader: leader)
            leader = next
            if release.changed { replay.leader = index }
            replay.releases.append(release)
        }
        return replay
    }
}
