/// The leakage checks this module implements, named after Kapoor & Narayanan's taxonomy as
/// tabulated in ARCHITECTURE.md ("Leakage checks"). The raw value is the stable name a stored
/// finding carries.
public enum LeakageCheck: String, Sendable, Codable, Hashable, CaseIterable {
    /// Exact and near-duplicate hidden cases among public data.
    case duplicates
    /// Predictions that change when a case is run alone instead of in a batch.
    case contextInvariance = "context-invariance"
    /// Training and test segments of a trajectory too close in time (spec and data).
    case temporalSeparation = "temporal-separation"
    /// Public-validation score significantly different from the hidden-test score.
    case generalisationGap = "generalisation-gap"
}

/// How serious a finding is. `critical` means the evaluation cannot be trusted as it stands
/// (a hidden case is public, predictions depend on the batch); `warning` means a suspicious
/// signal a human should look at; `info` records that a check ran and found nothing.
public enum LeakageSeverity: String, Sendable, Codable, Hashable, Comparable, CaseIterable {
    case info
    case warning
    case critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }

    public static func < (lhs: LeakageSeverity, rhs: LeakageSeverity) -> Bool { lhs.rank < rhs.rank }
}

/// One result of one leakage check, in plain words, for the store and the leaderboard.
///
/// Every check produces a finding even when it finds nothing (severity `info`), so that the
/// board can show that the check ran, not merely that it did not complain.
public struct LeakageFinding: Sendable, Codable, Hashable {
    public var check: LeakageCheck
    public var severity: LeakageSeverity
    /// One or two sentences a participant can read without knowing the code.
    public var message: String
    /// Cases the finding concerns (hidden case ids), at most `LeakageFinding.maximumCaseIDs`.
    public var caseIDs: [String]
    /// The headline number of the check (smallest distance, worst difference, gap, …), if any.
    public var value: Double?

    /// Findings list at most this many case ids; the message gives the full count.
    public static let maximumCaseIDs = 50

    public init(check: LeakageCheck, severity: LeakageSeverity, message: String,
                caseIDs: [String] = [], value: Double? = nil) {
        self.check = check
        self.severity = severity
        self.message = message
        self.caseIDs = Array(caseIDs.prefix(Self.maximumCaseIDs))
        self.value = value
    }
}
