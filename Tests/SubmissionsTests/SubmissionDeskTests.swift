import Foundation
import Harness
import HoldoutTestSupport
import Store
import Submissions
import Testing

/// Passes or fails every plugin as told, so the desk's bookkeeping is tested without processes
/// (the real conformance validator runs in the end-to-end tests).
struct FixedValidator: PluginValidating {
    var problems: [String] = []
    func problems(of directory: URL) throws -> [String] { problems }
}

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var time = Date(timeIntervalSince1970: 1_800_000_000)
    var now: Date { lock.withLock { time } }
    func advance(hours: Double) { lock.withLock { time.addTimeInterval(hours * 3600) } }
}

struct DeskFixture {
    let root = RepositoryPaths.temporaryDirectory("submit-desk")
    let clock = ManualClock()
    let store: ResultStore
    let desk: SubmissionDesk

    init(problems: [String] = []) throws {
        store = try ResultStore()
        let plan = try ChallengePlan.load(challengeFile: RepositoryPaths.fixtureRepository.appendingPathComponent("Tasks/challenges/tiny.yaml"),
                                          repository: RepositoryPaths.fixtureRepository)
        let clock = clock
        desk = SubmissionDesk(plan: plan, workspace: try Workspace(root: root.appendingPathComponent("workspace")), store: store,
                              installer: RequirementFreeInstaller(), validator: FixedValidator(problems: problems), now: { clock.now })
    }

    /// A minimal plugin directory whose content differs by `variant`.
    func plugin(_ variant: Int, requirements: [String] = []) throws -> URL {
        let directory = root.appendingPathComponent("plugin-\(variant)-\(requirements.count)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var manifest = "name: p\nversion: 1.0.\(variant)\nlanguage: python\ncommand: [python3, plugin.py]\n"
        if !requirements.isEmpty { manifest += "requirements: [\(requirements.joined(separator: ", "))]\n" }
        try manifest.write(to: directory.appendingPathComponent("plugin.yaml"), atomically: true, encoding: .utf8)
        try "# variant \(variant)\n".write(to: directory.appendingPathComponent("plugin.py"), atomically: true, encoding: .utf8)
        return directory
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

@Suite struct SubmissionDeskTests {
    @Test func identicalContentIsRecognisedAndNotCountedTwice() throws {
        let fixture = try DeskFixture()
        defer { fixture.remove() }
        guard case let .queued(first) = try fixture.desk.submit(directory: try fixture.plugin(1), team: "alpha") else {
            Issue.record("first submission not queued"); return
        }
        guard case let .alreadySubmitted(again) = try fixture.desk.submit(directory: try fixture.plugin(1), team: "alpha") else {
            Issue.record("identical content not recognised"); return
        }
        #expect(again.id == first.id)
        // Another team's identical content is its own submission.
        guard case .queued = try fixture.desk.submit(directory: try fixture.plugin(1), team: "beta") else {
            Issue.record("another team's submission not queued"); return
        }
        #expect(try fixture.store.submissions(challenge: "tiny").count == 2)
        #expect(try fixture.store.submissions(challenge: "tiny", team: "alpha").count == 1)
    }

    @Test func theStoredCopyIsReadOnlyAndHashesToTheSubmittedContent() throws {
        let fixture = try DeskFixture()
        defer { fixture.remove() }
        let source = try fixture.plugin(2)
        guard case let .queued(submission) = try fixture.desk.submit(directory: source, team: "alpha") else {
            Issue.record("not queued"); return
        }
        #expect(submission.contentHash == (try MethodLauncher.hashDirectory(source)))
        let stored = URL(fileURLWithPath: submission.storedPath)
        #expect(try MethodLauncher.hashDirectory(stored) == submission.contentHash)
        #expect(stored.lastPathComponent == submission.contentHash)
        for file in ["", "plugin.py", "plugin.yaml"] {
            let mode = try FileManager.default.attributesOfItem(atPath: stored.appendingPathComponent(file).path)[.posixPermissions] as! Int
            #expect(mode & 0o222 == 0, "\(file) is writable: \(String(mode, radix: 8))")
        }
        #expect(submission.manifest.contains("version: 1.0.2"))
        // Changing the source afterwards does not touch what was submitted.
        try "# changed\n".write(to: source.appendingPathComponent("plugin.py"), atomically: true, encoding: .utf8)
        #expect(try MethodLauncher.hashDirectory(stored) == submission.contentHash)
    }

    @Test func theDailyLimitCountsARolling24HoursAndSaysWhenTheNextIsAccepted() throws {
        let fixture = try DeskFixture()
        defer { fixture.remove() }
        let start = fixture.clock.now
        for variant in 0..<5 {  // tiny.yaml declares no limit: the default, 5
            guard case .queued = try fixture.desk.submit(directory: try fixture.plugin(variant), team: "alpha") else {
                Issue.record("submission \(variant) not queued"); return
            }
            fixture.clock.advance(hours: 1)
        }
        #expect {
            try fixture.desk.submit(directory: try fixture.plugin(5), team: "alpha")
        } throws: { error in
            guard let refusal = error as? SubmissionDesk.Refusal else { return false }
            return refusal.nextAllowed == start.addingTimeInterval(24 * 3600) && refusal.description.contains("limit is 5")
        }
        // Another team is not affected; a re-submission of known content is still recognised.
        guard case .queued = try fixture.desk.submit(directory: try fixture.plugin(5), team: "beta") else {
            Issue.record("beta refused"); return
        }
        guard case .alreadySubmitted = try fixture.desk.submit(directory: try fixture.plugin(0), team: "alpha") else {
            Issue.record("known content not recognised at the limit"); return
        }
        fixture.clock.advance(hours: 19)  // 24 h after the first submission
        guard case .queued = try fixture.desk.submit(directory: try fixture.plugin(5), team: "alpha") else {
            Issue.record("not accepted once the first left the window"); return
        }
        #expect(throws: SubmissionDesk.Refusal.self) { try fixture.desk.submit(directory: try fixture.plugin(6), team: "alpha") }
    }

    @Test func requirementsOnAHarnessThatInstallsNothingFailWithThatReason() throws {
        let fixture = try DeskFixture()
        defer { fixture.remove() }
        guard case let .failed(submission) = try fixture.desk.submit(directory: try fixture.plugin(1, requirements: ["torch==2.4"]), team: "alpha") else {
            Issue.record("a plugin with requirements was queued without an installer"); return
        }
        #expect(submission.reason?.contains("declares requirements (torch==2.4); this harness installs no dependencies") == true)
        #expect(try fixture.store.submission(id: submission.id)?.state == .failed)
    }

    @Test func validationProblemsFailTheSubmissionAndCount() throws {
        let fixture = try DeskFixture(problems: ["shapes: wrong output shape"])
        defer { fixture.remove() }
        guard case let .failed(submission) = try fixture.desk.submit(directory: try fixture.plugin(1), team: "alpha") else {
            Issue.record("an invalid plugin was queued"); return
        }
        #expect(submission.reason == "validation (holdout plugin check) found: shapes: wrong output shape")
        #expect(try fixture.store.submissions(challenge: "tiny", team: "alpha").map(\.state) == [.failed])
    }

    @Test func badTeamNamesAndManifestsAreRefusedBeforeAnythingIsStored() throws {
        let fixture = try DeskFixture()
        defer { fixture.remove() }
        #expect(throws: SubmissionDesk.Refusal.self) { try fixture.desk.submit(directory: try fixture.plugin(1), team: "../evil") }
        #expect(throws: SubmissionDesk.Refusal.self) { try fixture.desk.submit(directory: try fixture.plugin(1), team: "a@b") }
        let empty = fixture.root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect { try fixture.desk.submit(directory: empty, team: "alpha") } throws: { "\($0)".contains("plugin.yaml") }
        #expect(try fixture.store.submissions(challenge: "tiny").isEmpty)
    }
}

@Suite struct SubmissionStoreTests {
    @Test func statesRunLinksAndTheLimitTransactionAreStored() throws {
        let store = try ResultStore()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        func record(_ hash: String, team: String = "alpha", at time: Date) -> SubmissionRecord {
            SubmissionRecord(id: "id-\(team)-\(hash)", challenge: "c", round: 1, team: team, contentHash: hash, pluginName: "p",
                             pluginVersion: "1", manifest: "name: p", storedPath: "/x/\(hash)", state: .installing, submittedAt: time)
        }
        var seen: [Date] = [.distantPast]
        #expect(try store.insert(record("aa", at: t0), since: .distantPast, admit: { seen = $0 }) == nil)
        #expect(seen.isEmpty)
        // Identical content is returned, not inserted, whatever `admit` would say.
        #expect(try store.insert(record("aa", at: t0 + 60), since: .distantPast, admit: { _ in throw CancellationError() })?.submittedAt == t0)
        // A refusal from `admit` inserts nothing.
        #expect(throws: CancellationError.self) {
            try store.insert(record("bb", at: t0 + 60), since: .distantPast, admit: { recent in
                seen = recent
                throw CancellationError()
            })
        }
        #expect(seen == [t0])
        #expect(try store.submissions(challenge: "c").map(\.contentHash) == ["aa"])
        // The window only sees submissions since `since`.
        _ = try store.insert(record("cc", at: t0 + 7200), since: t0 + 1, admit: { seen = $0 })
        #expect(seen.isEmpty)

        try store.updateSubmission(id: "id-alpha-aa", state: .failed, reason: "why", at: t0 + 5)
        let failed = try #require(try store.submission(id: "id-alpha-aa"))
        #expect(failed.state == .failed && failed.reason == "why" && failed.updatedAt == t0 + 5)
        #expect(try store.submissions(challenge: "c", state: .installing).map(\.contentHash) == ["cc"])
        #expect(failed.methodName == "alpha@aa")

        let run = RunRecord(id: "run-1", challenge: "c", round: 1, taskID: "t", taskVersion: "1", specHash: "s", methodName: "alpha@cc",
                            methodVersion: "1", methodKind: "submission", track: "budgeted", language: "python", pluginHash: "cc",
                            sandboxProfileHash: "", sandboxed: true)
        try store.upsert(run)
        try store.link(submissionID: "id-alpha-cc", runID: "run-1")
        try store.link(submissionID: "id-alpha-cc", runID: "run-1")  // idempotent
        #expect(try store.runIDs(submissionID: "id-alpha-cc") == ["run-1"])
        #expect(try store.submissionsByRun(challenge: "c", round: 1).mapValues(\.contentHash) == ["run-1": "cc"])
        #expect(try store.submissionsByRun(challenge: "c", round: 2).isEmpty)
    }
}

@Suite struct SubmissionLimitTests {
    @Test func theNextAllowedTimeIsWhenEnoughSubmissionsLeaveTheWindow() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let limit = SubmissionLimit(perDay: 2)
        #expect(limit.nextAllowed(recent: [], now: now) == nil)
        #expect(limit.nextAllowed(recent: [now.addingTimeInterval(-100)], now: now) == nil)
        let times = [now.addingTimeInterval(-3000), now.addingTimeInterval(-2000), now.addingTimeInterval(-1000)]
        // Three in the window against a limit of two: the second-oldest must leave first.
        #expect(limit.nextAllowed(recent: times, now: now) == times[1].addingTimeInterval(SubmissionLimit.window))
        // Older than 24 hours: not counted.
        #expect(limit.nextAllowed(recent: [now.addingTimeInterval(-90_000), now.addingTimeInterval(-10)], now: now) == nil)
    }
}
