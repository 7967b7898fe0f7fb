import Foundation
import GRDB

/// The result of one case for one run: its score (an encoded `CaseScore`), timing, failure
/// and the prediction itself (little-endian f64), kept so that a round can be re-scored.
public struct CaseResultRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "caseResult"

    public var runID: String
    public var split: String
    public var caseIndex: Int
    public var caseID: String
    public var outOfDistribution: Bool
    public var failed: Bool
    public var failureReason: String?
    public var wallSeconds: Double
    public var cpuSeconds: Double
    public var score: Data
    public var prediction: Data?
    public var predictionShape: String?

    public init(runID: String, split: String, caseIndex: Int, caseID: String, outOfDistribution: Bool, failed: Bool,
                failureReason: String?, wallSeconds: Double, cpuSeconds: Double, score: Data,
                prediction: Data?, predictionShape: String?) {
        self.runID = runID
        self.split = split
        self.caseIndex = caseIndex
        self.caseID = caseID
        self.outOfDistribution = outOfDistribution
        self.failed = failed
        self.failureReason = failureReason
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
        self.score = score
        self.prediction = prediction
        self.predictionShape = predictionShape
    }
}

/// A leakage or audit finding attached to a run.
public struct FindingRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "finding"

    public var id: Int64?
    public var runID: String
    public var check: String
    public var severity: String
    public var message: String

    public init(runID: String, check: String, severity: String, message: String) {
        self.runID = runID
        self.check = check
        self.severity = severity
        self.message = message
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
