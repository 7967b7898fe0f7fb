import Foundation
import Harness
import MethodHost
import Publishing
import Rounds
import Store

/// `holdout evaluate`: runs the queued submissions of a challenge, oldest first, through the
/// challenge's `Evaluator` (sandboxed, same scorer and store as every run), one round at a time.
/// A submission whose round closed before it was evaluated fails with that reason.
public struct SubmissionQueue {
    public let plan: ChallengePlan
    public let workspace: Workspace
    public let holdoutExecutable: URL
    /// Always bubblewrap when it is usable; `run` refuses to start otherwise.
    public let isolation: IsolationMode

    public init(plan: ChallengePlan, workspace: Workspace, holdoutExecutable: URL) {
        self.plan = plan
        self.workspace = workspace
        self.holdoutExecutable = holdoutExecutable
        isolation = Sandbox.isAvailable() ? .bubblewrap : .unsandboxed
    }

    /// The evaluator of `round`, with the board status the round ledger gives it.
    public func evaluator(round: Int) throws -> Evaluator {
        let ledger = try RoundLedger.load(workspace: workspace, challenge: plan.challenge.id)
        let entry = ledger.rounds.first { $0.number == round }
        let status: RoundStatus = entry.map { $0.status == .open ? .open : .closed } ?? (round == 0 ? .starter : .open)
        return try Evaluator(plan: plan, workspace: workspace, holdoutExecutable: holdoutExecutable, isolation: isolation,
                             round: round, roundStatus: status)
    }

    /// Evaluates every queued submission; returns them as they ended, and the evaluators of
    /// the rounds evaluated (for publishing their boards).
    public func run(store: ResultStore) throws -> (submissions: [SubmissionRecord], evaluators: [Evaluator]) {
        let queued = try store.submissions(challenge: plan.challenge.id, state: .queued)
        // Participant code never runs outside the sandbox: without one the queue waits.
        guard queued.isEmpty || isolation == .bubblewrap else {
            throw HarnessError("bubblewrap is not usable here; the \(queued.count) queued submission(s) stay queued (participant code never runs unsandboxed)")
        }
        let ledger = try RoundLedger.load(workspace: workspace, challenge: plan.challenge.id)
        var finished: [SubmissionRecord] = []
        var evaluators: [Evaluator] = []
        for round in Set(queued.map(\.round)).sorted() {
            let submissions = queued.filter { $0.round == round }
            if ledger.rounds.first(where: { $0.number == round })?.status == .closed {
                for submission in submissions {
                    try store.updateSubmission(id: submission.id, state: .failed,
                                               reason: "round \(round) closed before the submission was evaluated")
                    finished.append(try store.submission(id: submission.id)!)
                }
                continue
            }
            let evaluator = try evaluator(round: round)
            let tasks = try evaluator.prepareTasks()
            evaluators.append(evaluator)
            for submission in submissions {
                try store.updateSubmission(id: submission.id, state: .evaluating)
                do {
                    let runs = try evaluator.evaluate(submission: submission, tasks: tasks)
                    if let failed = runs.first(where: { $0.status == .failed }), runs.allSatisfy({ $0.status == .failed }) {
                        try store.updateSubmission(id: submission.id, state: .failed,
                                                   reason: "every run failed; \(failed.taskID): \(failed.failureReason ?? "no reason recorded")")
                    } else {
                        try store.updateSubmission(id: submission.id, state: .evaluated)
                    }
                } catch {
                    try store.updateSubmission(id: submission.id, state: .failed, reason: "evaluation could not run: \(error)")
                }
                finished.append(try store.submission(id: submission.id)!)
            }
        }
        return (finished, evaluators)
    }
}
