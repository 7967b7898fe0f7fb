import Foundation
import GRDB

extension ResultStore {
    /// Migration "v2-submissions": the submission table and its link to runs.
    static func registerSubmissionMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-submissions") { db in
            try db.create(table: "submission") { t in
                t.primaryKey("id", .text)
                t.column("challenge", .text).notNull()
                t.column("round", .integer).notNull()
                t.column("team", .text).notNull()
                t.column("contentHash", .text).notNull()
                t.column("pluginName", .text).notNull()
                t.column("pluginVersion", .text).notNull()
                t.column("manifest", .text).notNull()
                t.column("storedPath", .text).notNull()
                t.column("state", .text).notNull()
                t.column("reason", .text)
                t.column("submittedAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.uniqueKey(["challenge", "round", "team", "contentHash"])
            }
            try db.create(index: "submissionByTeamTime", on: "submission", columns: ["challenge", "team", "submittedAt"])
            try db.create(table: "submissionRun") { t in
                t.column("submissionID", .text).notNull().references("submission", onDelete: .cascade)
                t.column("runID", .text).notNull().references("run", onDelete: .cascade)
                t.primaryKey(["submissionID", "runID"])
            }
        }
    }

    // MARK: - Submissions

    public func insert(_ submission: SubmissionRecord) throws {
        try queue.write { db in try submission.insert(db) }
    }

    /// Inserts a submission in one transaction with the checks that decide whether it may be
    /// inserted, so two concurrent `holdout submit`s can neither both pass the daily limit nor
    /// both store the same content. `admit` receives the team's submission times since
    /// `since` and throws to refuse. Returns the existing submission of identical content
    /// instead of inserting, if there is one.
    public func insert(_ submission: SubmissionRecord, since: Date, admit: ([Date]) throws -> Void) throws -> SubmissionRecord? {
        try queue.write { db in
            if let existing = try SubmissionRecord.filter(
                Column("challenge") == submission.challenge && Column("round") == submission.round
                    && Column("team") == submission.team && Column("contentHash") == submission.contentHash).fetchOne(db) {
                return existing
            }
            let recent = try SubmissionRecord.filter(Column("challenge") == submission.challenge && Column("team") == submission.team
                                                     && Column("submittedAt") >= since)
                .order(Column("submittedAt")).fetchAll(db).map(\.submittedAt)
            try admit(recent)
            try submission.insert(db)
            return nil
        }
    }

    public func submission(id: String) throws -> SubmissionRecord? {
        try queue.read { db in try SubmissionRecord.fetchOne(db, key: id) }
    }

    /// The team's submission of exactly this content to this round, if any.
    public func submission(challenge: String, round: Int, team: String, contentHash: String) throws -> SubmissionRecord? {
        try queue.read { db in
            try SubmissionRecord.filter(Column("challenge") == challenge && Column("round") == round
                                        && Column("team") == team && Column("contentHash") == contentHash).fetchOne(db)
        }
    }

    /// Submissions of a challenge in submission order, optionally of one round, team or state.
    public func submissions(challenge: String, round: Int? = nil, team: String? = nil,
                            state: SubmissionRecord.State? = nil) throws -> [SubmissionRecord] {
        try queue.read { db in
            var request = SubmissionRecord.filter(Column("challenge") == challenge)
            if let round { request = request.filter(Column("round") == round) }
            if let team { request = request.filter(Column("team") == team) }
            if let state { request = request.filter(Column("state") == state.rawValue) }
            return try request.order(Column("submittedAt"), Column("id")).fetchAll(db)
        }
    }

    public func updateSubmission(id: String, state: SubmissionRecord.State, reason: String? = nil, at date: Date = Date()) throws {
        try queue.write { db in
            guard var submission = try SubmissionRecord.fetchOne(db, key: id) else { return }
            submission.state = state
            submission.reason = reason
            submission.updatedAt = date
            try submission.update(db)
        }
    }

    public func link(submissionID: String, runID: String) throws {
        try queue.write { db in try SubmissionRunRecord(submissionID: submissionID, runID: runID).save(db) }
    }

    /// The run ids of a submission.
    public func runIDs(submissionID: String) throws -> [String] {
        try queue.read { db in
            try SubmissionRunRecord.filter(Column("submissionID") == submissionID).fetchAll(db).map(\.runID)
        }
    }

    /// Run id → submission, for every linked run of a challenge round.
    public func submissionsByRun(challenge: String, round: Int) throws -> [String: SubmissionRecord] {
        try queue.read { db in
            let submissions = try SubmissionRecord.filter(Column("challenge") == challenge && Column("round") == round).fetchAll(db)
            let byID = Dictionary(uniqueKeysWithValues: submissions.map { ($0.id, $0) })
            var result: [String: SubmissionRecord] = [:]
            for link in try SubmissionRunRecord.fetchAll(db) {
                if let submission = byID[link.submissionID] { result[link.runID] = submission }
            }
            return result
        }
    }
}
