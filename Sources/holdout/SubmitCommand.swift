import ArgumentParser
import Foundation
import Harness
import Store
import Submissions

/// Options of the submission commands: where, and which challenge.
struct SubmissionOptions: ParsableArguments {
    @OptionGroup var location: LocationOptions
    @Option(help: "The challenge spec.") var challenge: String = "Tasks/challenges/starter.yaml"

    func resolve(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : location.repositoryURL.appendingPathComponent(path)
    }

    /// The options as given, to print follow-up commands that reach the same challenge and
    /// workspace (a bare `holdout evaluate` would use the defaults, i.e. the starter challenge).
    var flags: String {
        var flags: [String] = []
        if location.repository != FileManager.default.currentDirectoryPath { flags.append("--repository \(location.repository)") }
        if location.workspace != ".holdout" { flags.append("--workspace \(location.workspace)") }
        if challenge != "Tasks/challenges/starter.yaml" { flags.append("--challenge \(challenge)") }
        return flags.map { " " + $0 }.joined()
    }

    func open() throws -> (ChallengePlan, Workspace, ResultStore) {
        let plan: ChallengePlan
        do { plan = try ChallengePlan.load(challengeFile: resolve(challenge), repository: location.repositoryURL) } catch {
            throw fail("\(error)")
        }
        let workspace = try Workspace(root: location.workspaceURL)
        return (plan, workspace, try ResultStore(path: workspace.database.path))
    }
}

/// `holdout submit DIR --team T`: validate, store, queue.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a plugin to the challenge's current round (validated, stored immutably, queued).",
        discussion: """
        Reads plugin.yaml, hashes the directory's content, applies the team's limit of submissions per \
        rolling 24 hours (submissions_per_day in the challenge), stores a read-only copy under the \
        workspace's plugins/<sha256>/ with its manifest, installs the declared requirements in a sandbox, \
        runs the conformance check of `holdout plugin check` on the stored copy in the sandbox, and queues \
        it for `holdout evaluate`. Identical content from the same team is recognised, not queued twice.
        """)

    @Argument(help: "The plugin directory (with plugin.yaml).") var directory: String
    @Option(help: "The submitting team (letters, digits, '.', '_', '-').") var team: String
    @OptionGroup var options: SubmissionOptions

    func run() throws {
        let (plan, workspace, store) = try options.open()
        let desk = SubmissionDesk(plan: plan, workspace: workspace, store: store,
                                  validator: ConformanceValidator(holdoutExecutable: currentExecutable))
        let url = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/"))
        let outcome: SubmissionDesk.Outcome
        do { outcome = try desk.submit(directory: url, team: team) } catch let refusal as SubmissionDesk.Refusal {
            throw fail("submission refused: \(refusal.description)")
        }
        switch outcome {
        case let .queued(submission):
            print("Submission \(submission.id) of team \(submission.team) queued for round \(submission.round) of \(submission.challenge).")
            print("  content SHA-256: \(submission.contentHash)")
            print("  stored (read-only): \(submission.storedPath)")
            print("Next: `holdout evaluate\(options.flags)` (the organiser) evaluates the queue and publishes the board; "
                  + "`holdout status --team \(submission.team)\(options.flags)` shows where it is.")
        case let .alreadySubmitted(submission):
            print("Identical content was already submitted by team \(submission.team) as \(submission.id) (\(submission.state.rawValue)); nothing queued, nothing counted.")
            print("  content SHA-256: \(submission.contentHash)")
        case let .failed(submission):
            print("Submission \(submission.id) of team \(submission.team) failed: \(submission.reason ?? "no reason recorded")")
            print("  content SHA-256: \(submission.contentHash)")
            throw ExitCode(1)
        }
    }
}

/// `holdout evaluate`: run the queue, publish the boards of the rounds it touched.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate every queued submission (sandboxed) and publish the round's board.",
        discussion: "While a round is open the board shows, per team, only the score the Ladder released on the feedback cases.")

    @OptionGroup var options: SubmissionOptions
    @Option(help: "Where leaderboard versions are published.") var output: String = "Leaderboard"

    func run() throws {
        let (plan, workspace, store) = try options.open()
        let queue = SubmissionQueue(plan: plan, workspace: workspace, holdoutExecutable: currentExecutable)
        let (submissions, evaluators) = try queue.run(store: store)
        if submissions.isEmpty { print("No queued submissions.") }
        for submission in submissions {
            print("\(submission.id) \(submission.team): \(submission.state.rawValue)" + (submission.reason.map { " — \($0)" } ?? ""))
        }
        for evaluator in evaluators {
            let (board, publication) = try evaluator.publish(to: options.resolve(output))
            print(BoardPrinter.render(board.document))
            print("Published leaderboard version v\(publication.version): \(publication.directory.path)")
        }
    }
}

/// `holdout status`: each submission's state, content hash and, for failures, why.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the state of every submission.")

    @OptionGroup var options: SubmissionOptions
    @Option(help: "Only this team's submissions.") var team: String?

    func run() throws {
        let (plan, _, store) = try options.open()
        let submissions = try store.submissions(challenge: plan.challenge.id, team: team)
        if submissions.isEmpty { print("No submissions to \(plan.challenge.id)" + (team.map { " from team \($0)" } ?? "") + ".") }
        let formatter = ISO8601DateFormatter()
        for submission in submissions {
            print("\(submission.id)  team \(submission.team)  round \(submission.round)  \(submission.state.rawValue)  "
                  + "submitted \(formatter.string(from: submission.submittedAt))  \(submission.pluginName) \(submission.pluginVersion)")
            print("    content SHA-256 \(submission.contentHash)")
            if let reason = submission.reason { print("    why: \(reason)") }
        }
    }
}
