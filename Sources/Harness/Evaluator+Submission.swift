import Foundation
import HoldoutCore
import Publishing
import Store

extension Evaluator {
    /// Evaluates one submission (a plugin in its stored, content-addressed copy) on every task
    /// of the challenge, through the same sandbox, protocol, scorer and store as every other
    /// method, and links the runs to the submission.
    @discardableResult
    public func evaluate(submission: SubmissionRecord, tasks prepared: [TaskData]? = nil) throws -> [RunRecord] {
        let tasks = try prepared ?? prepareTasks()
        let executable = try workspace.stageExecutable(holdoutExecutable)
        let reference = MethodReference(name: submission.methodName, source: .plugin(submission.storedPath))
        var runs: [RunRecord] = []
        for data in tasks {
            let launcher = try MethodLauncher(reference: reference, repository: plan.repository, holdoutExecutable: executable,
                                              isLadder: false, workspace: workspace)
            guard launcher.contentHash == submission.contentHash else {
                throw HarnessError("the stored copy \(submission.storedPath) no longer hashes to \(submission.contentHash) (it was changed after submission)")
            }
            let evaluation = MethodEvaluation(data: data, launcher: launcher, store: store, workspace: workspace,
                                              challenge: plan.challenge.id, round: round, isolation: isolation, progress: progress)
            let run = try evaluation.run()
            try store.link(submissionID: submission.id, runID: run.id)
            runs.append(run)
        }
        return runs
    }

    /// The board's case policy for this round (feedback/final split keyed by the round secret).
    public func ladderBoard() throws -> LadderBoard {
        LadderBoard(status: roundStatus, feedbackFraction: plan.challenge.feedbackFraction,
                    secret: roundStatus == .starter ? nil : try secret())
    }

    /// Writes each submission's manifest to `<round directory>/submissions/<content hash>/plugin.yaml`,
    /// where the board entries link to it.
    func publishManifests(_ manifests: [String: String], to roundDirectory: URL) throws {
        for (hash, manifest) in manifests {
            let directory = roundDirectory.appendingPathComponent("submissions").appendingPathComponent(hash)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(manifest.utf8).write(to: directory.appendingPathComponent("plugin.yaml"), options: .atomic)
        }
    }
}
