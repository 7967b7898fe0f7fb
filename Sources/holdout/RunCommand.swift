import ArgumentParser
import Foundation
import Harness
import MethodHost
import Publishing
import Rounds

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a challenge round end to end and publish a leaderboard version.",
        discussion: """
        Generates the public splits (on demand) and the hidden cases (from the round's secret), runs the \
        baseline ladder and every method of the challenge in the sandbox through HPP/1, scores every case, \
        stores everything, prints the leaderboard and publishes a version under --output. Interrupted runs \
        resume where they stopped.
        """)

    @OptionGroup var location: LocationOptions

    @Option(help: "The challenge spec.")
    var challenge: String = "Tasks/challenges/starter.yaml"

    @Option(help: "Where leaderboard versions are published (official versions: Leaderboard/).")
    var output: String = "holdout-output"

    @Flag(help: "Run plugins without bubblewrap (marked 'unsandboxed'; never publishable officially).")
    var unsandboxed = false

    @Option(help: "Only run these methods (comma-separated names).")
    var only: String?

    @Flag(help: "Publish an official version into Leaderboard/ (refused if any run was unsandboxed or any method was not run).")
    var official = false

    @Flag(help: ArgumentHelp(
        "Install plugins' declared requirements that are missing (pip, in a sandbox with network; JAX is ~650 MB).",
        discussion: "Without it, such methods are listed as 'not run: missing dependency' with the command that installs them."))
    var install = false

    func run() throws {
        let repository = location.repositoryURL
        let challengeURL = challenge.hasPrefix("/") ? URL(fileURLWithPath: challenge) : repository.appendingPathComponent(challenge)
        let plan: ChallengePlan
        do { plan = try ChallengePlan.load(challengeFile: challengeURL, repository: repository) } catch {
            throw fail("\(error)")
        }
        if !unsandboxed && !Sandbox.isAvailable() {
            FileHandle.standardError.write(Data("warning: bubblewrap is not usable here; runs are marked unsandboxed\n".utf8))
        }
        let workspace = try Workspace(root: location.workspaceURL)
        // An open round is what gets evaluated; without one, the challenge's own (starter) round.
        let openRound = try RoundLedger.load(workspace: workspace, challenge: plan.challenge.id).open?.number
        let evaluator = try Evaluator(plan: plan, workspace: workspace, holdoutExecutable: currentExecutable,
                                      isolation: unsandboxed ? .unsandboxed : nil, round: openRound,
                                      environments: install ? .install : .requireInstalled)
        let tasks = try evaluator.prepareTasks()
        try evaluator.run(tasks: tasks, only: only.map { Set($0.split(separator: ",").map(String.init)) })
        let target = official ? "Leaderboard" : output
        let outputURL = target.hasPrefix("/") ? URL(fileURLWithPath: target) : repository.appendingPathComponent(target)
        if official {
            guard evaluator.notRun.isEmpty else {
                throw fail("refusing an official version: methods not run (\(Set(evaluator.notRun.map(\.method)).sorted().joined(separator: ", "))); rerun with --install")
            }
            let unsandboxed = try evaluator.store.runs(challenge: plan.challenge.id, round: plan.challenge.round).filter { !$0.sandboxed }
            guard unsandboxed.isEmpty else {
                throw fail("refusing an official version: unsandboxed runs \(unsandboxed.map(\.methodName).joined(separator: ", "))")
            }
        }
        let (board, publication) = try evaluator.publish(to: outputURL, tasks: tasks)
        print(BoardPrinter.render(board.document))
        if !evaluator.notRun.isEmpty {
            print("")
            for (task, method, message) in evaluator.notRun { print("\(task): \(method) — \(message)") }
        }
        print(publication.created ? "Published leaderboard version v\(publication.version): \(publication.directory.path)"
                                  : "Leaderboard unchanged; latest version v\(publication.version): \(publication.directory.path)")
        print("Open \(publication.directory.appendingPathComponent("index.html").path) in a browser; per-case results: cases.csv.")
    }
}
