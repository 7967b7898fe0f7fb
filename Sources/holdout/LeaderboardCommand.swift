import ArgumentParser
import Foundation
import Harness
import Publishing
import Rounds

struct LeaderboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leaderboard", abstract: "Publish and verify leaderboard versions.",
        subcommands: [Publish.self, Verify.self])

    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish the stored results of a challenge round as a new immutable version (if anything changed).")
        @OptionGroup var location: LocationOptions
        @Option(help: "The challenge spec.") var challenge: String = "Tasks/challenges/starter.yaml"
        @Option(help: "Output root; official versions go to Leaderboard/.") var output: String = "holdout-output"

        func run() throws {
            let repository = location.repositoryURL
            let url = challenge.hasPrefix("/") ? URL(fileURLWithPath: challenge) : repository.appendingPathComponent(challenge)
            let plan = try ChallengePlan.load(challengeFile: url, repository: repository)
            let workspace = try Workspace(root: location.workspaceURL)
            let ledger = try RoundLedger.load(workspace: workspace, challenge: plan.challenge.id)
            let evaluator = try Evaluator(plan: plan, workspace: workspace, holdoutExecutable: currentExecutable,
                                          round: ledger.open?.number ?? ledger.latest?.number,
                                          roundStatus: ledger.latest.map { $0.status == .open ? .open : .closed })
            let outputURL = output.hasPrefix("/") ? URL(fileURLWithPath: output) : repository.appendingPathComponent(output)
            let (board, publication) = try evaluator.publish(to: outputURL)
            print(BoardPrinter.render(board.document))
            print(publication.created ? "Published v\(publication.version): \(publication.directory.path)"
                                      : "Unchanged; latest is v\(publication.version): \(publication.directory.path)")
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a published version against its manifest.")
        @Argument(help: "A version directory, e.g. Leaderboard/starter/round-0/v1.") var directory: String

        func run() throws {
            let report = Publisher.verify(versionDirectory: URL(fileURLWithPath: directory))
            print(report.description)
            if !report.isIntact { throw ExitCode(1) }
        }
    }
}
