import Foundation
import HoldoutTestSupport
import Publishing
import Store
import Testing

/// kill -9 of the harness in the middle of a run, then the same command again.
@Suite struct ResumeTests {
    @Test func anInterruptedRunResumesWithoutLosingOrDuplicatingResults() throws {
        let workspace = RepositoryPaths.temporaryDirectory("e2e-resume")
        let output = RepositoryPaths.temporaryDirectory("e2e-resume-output")
        defer { try? FileManager.default.removeItem(at: workspace); try? FileManager.default.removeItem(at: output) }
        let arguments = ["run", "--repository", RepositoryPaths.fixtureRepository.path,
                         "--challenge", "Tasks/challenges/resume.yaml", "--workspace", workspace.path, "--output", output.path]
        let database = workspace.appendingPathComponent("holdout.sqlite").path

        // Kill the harness once the slow method has stored its first batch but not its second.
        let process = try HoldoutBinary.start(arguments)
        var before: [CaseResultRecord] = []
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline {
            if FileManager.default.fileExists(atPath: database), let store = try? ResultStore(path: database),
               let runs = try? store.runs(challenge: "resume", round: 0),
               let slow = runs.first(where: { $0.methodName == "slow-zeros" }),
               let stored = try? store.caseResults(runID: slow.id), !stored.isEmpty {
                kill(process.processIdentifier, SIGKILL)
                before = try runs.flatMap { try store.caseResults(runID: $0.id) }
                break
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the run finished before it could be interrupted")
        let slowBefore = before.filter { $0.caseID.hasPrefix("test") && $0.prediction != nil }
        #expect(!slowBefore.isEmpty)

        let resumed = try HoldoutBinary.run(arguments)
        #expect(resumed.status == 0, "\(resumed.output)")
        let store = try ResultStore(path: database)
        let runs = try store.runs(challenge: "resume", round: 0)
        #expect(Set(runs.map(\.methodName)) == ["spectral-16", "spectral-32", "persistence", "slow-zeros"])
        for run in runs {
            let results = try store.caseResults(runID: run.id).filter { $0.split != "validation" }
            #expect(run.status == .complete, "\(run.methodName): \(run.status)")
            #expect(results.count == 6, "\(run.methodName) has \(results.count) results")
            #expect(Set(results.map(\.caseID)).count == results.count, "duplicated cases in \(run.methodName)")
            #expect(results.allSatisfy { !$0.failed }, "\(run.methodName) has failures")
        }
        // Results stored before the kill are kept exactly as they were.
        let after = try runs.flatMap { try store.caseResults(runID: $0.id) }
        for old in before {
            let new = after.first { $0.runID == old.runID && $0.split == old.split && $0.caseIndex == old.caseIndex }
            #expect(new?.score == old.score && new?.prediction == old.prediction, "\(old.caseID) changed after the resume")
        }
    }
}
