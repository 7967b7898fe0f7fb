import HoldoutCore

/// The split of a round's hidden cases into feedback cases (scored through the Ladder while
/// the round is open) and final-ranking cases (scored only at the close), so that the final
/// ranking uses cases that were never used for feedback.
///
/// Each case id is ranked by the SHA-256 of "\(seed):\(id)" and the first
/// round(fraction · n) in that order are the feedback cases. The split is therefore a pure
/// function of (seed, set of ids): independent of the order the ids arrive in, disjoint and
/// exhaustive by construction, and unpredictable without the seed (the round secret's
/// derivative), so a participant cannot tell which cases give feedback.
public struct FeedbackSplit: Sendable, Codable, Hashable {
    /// Feedback cases, in the order of the input ids.
    public var feedback: [String]
    /// Final-ranking cases, in the order of the input ids.
    public var final: [String]

    public init(caseIDs: [String], feedbackFraction: Double, seed: UInt64) {
        precondition((0...1).contains(feedbackFraction))
        precondition(Set(caseIDs).count == caseIDs.count, "case ids must be unique")
        let keyed = caseIDs.map { (id: $0, key: SHA256Digest.hex(of: Array("\(seed):\($0)".utf8))) }
        let ordered = keyed.sorted { ($0.key, $0.id) < ($1.key, $1.id) }
        let feedbackCount = Int((feedbackFraction * Double(caseIDs.count)).rounded())
        let chosen = Set(ordered.prefix(feedbackCount).map(\.id))
        feedback = caseIDs.filter { chosen.contains($0) }
        final = caseIDs.filter { !chosen.contains($0) }
    }
}
