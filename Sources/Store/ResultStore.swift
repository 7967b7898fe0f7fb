import Foundation
import GRDB

/// Runs, per-case results (with predictions), timings and findings in one SQLite file.
///
/// Every case is written in the same transaction as its prediction, one batch at a time, so a
/// harness killed at any instant resumes from the last stored batch without losing or
/// duplicating a result (the primary key forbids duplicates).
public final class ResultStore: Sendable {
    public let queue: DatabaseQueue

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try ResultStore.migrator.migrate(queue)
    }

    /// An in-memory store, for tests.
    public init() throws {
        queue = try DatabaseQueue()
        try ResultStore.migrator.migrate(queue)
    }

    /// Append-only, named schema migrations.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-runs-cases-findings") { db in
            try db.create(table: "run") { t in
                t.primaryKey("id", .text)
                t.column("challenge", .text).notNull()
                t.column("round", .integer).notNull()
                t.column("taskID", .text).notNull()
                t.column("taskVersion", .text).notNull()
                t.column("specHash", .text).notNull()
                t.column("methodName", .text).notNull()
                t.column("methodVersion", .text).notNull()
                t.column("methodKind", .text).notNull()
                t.column("track", .text).notNull()
                t.column("language", .text).notNull()
                t.column("pluginHash", .text).notNull()
                t.column("sandboxProfileHash", .text).notNull()
                t.column("sandboxed", .boolean).notNull()
                t.column("status", .text).notNull()
                t.column("failureReason", .text)
                t.column("trainWallSeconds", .double)
                t.column("trainCPUSeconds", .double)
                t.column("startupSeconds", .double)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "caseResult") { t in
                t.column("runID", .text).notNull().references("run", onDelete: .cascade)
                t.column("split", .text).notNull()
                t.column("caseIndex", .integer).notNull()
                t.column("caseID", .text).notNull()
                t.column("outOfDistribution", .boolean).notNull()
                t.column("failed", .boolean).notNull()
                t.column("failureReason", .text)
                t.column("wallSeconds", .double).notNull()
                t.column("cpuSeconds", .double).notNull()
                t.column("score", .blob).notNull()
                t.column("prediction", .blob)
                t.column("predictionShape", .text)
                t.primaryKey(["runID", "split", "caseIndex"])
            }
            try db.create(table: "finding") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("runID", .text).notNull().references("run", onDelete: .cascade)
                t.column("check", .text).notNull()
                t.column("severity", .text).notNull()
                t.column("message", .text).notNull()
            }
        }
        registerSubmissionMigration(&migrator)
        return migrator
    }

    // MARK: - Runs

    public func upsert(_ run: RunRecord) throws {
        try queue.write { db in try run.save(db) }
    }

    public func run(id: String) throws -> RunRecord? {
        try queue.read { db in try RunRecord.fetchOne(db, key: id) }
    }

    public func runs(challenge: String, round: Int) throws -> [RunRecord] {
        try queue.read { db in
            try RunRecord.filter(Column("challenge") == challenge && Column("round") == round)
                .order(Column("taskID"), Column("createdAt")).fetchAll(db)
        }
    }

    public func updateStatus(runID: String, status: RunRecord.Status, reason: String? = nil) throws {
        try queue.write { db in
            guard var run = try RunRecord.fetchOne(db, key: runID) else { return }
            run.status = status
            run.failureReason = reason
            run.updatedAt = Date()
            try run.update(db)
        }
    }

    // MARK: - Cases

    /// Stores one batch of case results atomically.
    public func insert(_ cases: [CaseResultRecord]) throws {
        try queue.write { db in
            for record in cases { try record.save(db) }
        }
    }

    public func caseResults(runID: String) throws -> [CaseResultRecord] {
        try queue.read { db in
            try CaseResultRecord.filter(Column("runID") == runID)
                .order(Column("split"), Column("caseIndex")).fetchAll(db)
        }
    }

    /// (split, case index) pairs already stored for a run: the work a resumed run skips.
    public func completedCases(runID: String) throws -> Set<CaseKey> {
        try queue.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT split, caseIndex FROM caseResult WHERE runID = ?", arguments: [runID])
            return Set(rows.map { CaseKey(split: $0["split"], index: $0["caseIndex"]) })
        }
    }

    // MARK: - Findings

    public func replaceFindings(runID: String, check: String, with findings: [FindingRecord]) throws {
        try queue.write { db in
            try FindingRecord.filter(Column("runID") == runID && Column("check") == check).deleteAll(db)
            for var finding in findings { try finding.insert(db) }
        }
    }

    public func findings(runID: String) throws -> [FindingRecord] {
        try queue.read { db in try FindingRecord.filter(Column("runID") == runID).fetchAll(db) }
    }
}

public struct CaseKey: Hashable, Sendable {
    public var split: String
    public var index: Int
    public init(split: String, index: Int) { self.split = split; self.index = index }
}
