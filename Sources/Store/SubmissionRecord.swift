import Foundation
import GRDB

/// One participant submission: a team's plugin, by content hash, for one round of a challenge.
///
/// The plugin's bytes live in an immutable, content-addressed copy in the workspace
/// (`storedPath`); `manifest` is the plugin's `plugin.yaml` as submitted (training data,
/// licence, authors, method description). A (challenge, round, team, content hash) is unique:
/// re-submitting identical content is recognised rather than queued twice.
public struct SubmissionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "submission"

    public var id: String
    public var challenge: String
    public var round: Int
    public var team: String
    public var contentHash: String
    public var pluginName: String
    public var pluginVersion: String
    /// The submitted `plugin.yaml`, verbatim.
    public var manifest: String
    public var storedPath: String
    public var state: State
    /// Why the submission failed, in plain words; nil unless `state == .failed`.
    public var reason: String?
    public var submittedAt: Date
    public var updatedAt: Date

    /// queued → evaluating → evaluated, or failed at any step (installing and validating
    /// happen while `holdout submit` runs; a submission is queued only once both passed).
    public enum State: String, Codable, Sendable, CaseIterable {
        case installing, validating, queued, evaluating, evaluated, failed
    }

    public init(id: String, challenge: String, round: Int, team: String, contentHash: String, pluginName: String,
                pluginVersion: String, manifest: String, storedPath: String, state: State, submittedAt: Date) {
        self.id = id
        self.challenge = challenge
        self.round = round
        self.team = team
        self.contentHash = contentHash
        self.pluginName = pluginName
        self.pluginVersion = pluginVersion
        self.manifest = manifest
        self.storedPath = storedPath
        self.state = state
        self.submittedAt = submittedAt
        updatedAt = submittedAt
    }

    /// The name the submission's runs carry on boards and in released prediction files:
    /// team and content-hash prefix, unique per submission.
    public var methodName: String { "\(team)@\(contentHash.prefix(8))" }
}

/// Which runs evaluated a submission (one per task of the challenge).
public struct SubmissionRunRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "submissionRun"
    public var submissionID: String
    public var runID: String

    public init(submissionID: String, runID: String) {
        self.submissionID = submissionID
        self.runID = runID
    }
}
