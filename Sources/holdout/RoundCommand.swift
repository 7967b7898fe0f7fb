import ArgumentParser
import Foundation
import Harness
import Rounds

struct RoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "round", abstract: "Open, close, rotate and verify rounds of a challenge (docs/running-a-challenge.md).",
        subcommands: [Open.self, Status.self, Close.self, Rotate.self, Verify.self, Keygen.self])

    struct Options: ParsableArguments {
        @OptionGroup var location: LocationOptions
        @Option(help: "The challenge spec.") var challenge: String = "Tasks/challenges/starter.yaml"
        @Option(help: "Where round files and leaderboard versions are published.") var output: String = "Leaderboard"

        func resolve(_ path: String) -> URL {
            path.hasPrefix("/") ? URL(fileURLWithPath: path) : location.repositoryURL.appendingPathComponent(path)
        }

        func plan() throws -> ChallengePlan {
            try ChallengePlan.load(challengeFile: resolve(challenge), repository: location.repositoryURL)
        }

        func organiser() throws -> RoundOrganiser {
            RoundOrganiser(plan: try plan(), workspace: try Workspace(root: location.workspaceURL), output: resolve(output),
                           holdoutExecutable: currentExecutable)
        }
    }

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw a new round's secret, generate its hidden cases and publish the commitment.")
        @OptionGroup var options: Options
        func run() throws {
            let (round, commitment, file) = try options.organiser().open()
            print("Opened round \(round) of \(commitment.challenge).")
            print("Commitment (publish and commit it before evaluating anything): \(file.path)")
            print("  secret SHA-256:    \(commitment.secretSHA256)")
            print("  test data SHA-256: \(commitment.testDataSHA256)")
            print(commitment.signature.map { "  signed with ed25519 key \($0.publicKey)" } ?? "  unsigned (holdout round keygen creates an organiser key)")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the rounds and their state.")
        @OptionGroup var options: Options
        func run() throws {
            let organiser = try options.organiser()
            let ledger = try RoundLedger.load(workspace: organiser.workspace, challenge: organiser.plan.challenge.id)
            if ledger.rounds.isEmpty { print("\(organiser.plan.challenge.id): no round opened (the starter round \(organiser.plan.challenge.round) runs without one)") }
            for entry in ledger.rounds {
                let runs = try organiser.evaluator(round: entry.number, status: entry.status == .open ? .open : .closed)
                    .store.runs(challenge: organiser.plan.challenge.id, round: entry.number)
                print("round \(entry.number): \(entry.status.rawValue), opened \(entry.openedAt)"
                      + (entry.closedAt.map { ", closed \($0)" } ?? "") + ", \(runs.count) run(s)")
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish the final leaderboard, the secret, the test data and every stored prediction.")
        @OptionGroup var options: Options
        func run() throws {
            let (round, publication, reveal) = try options.organiser().close()
            print("Closed round \(round). Final leaderboard v\(publication.version): \(publication.directory.path)")
            print("Revealed: \(reveal.path) (secret.hex, test-data/, predictions/)")
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close the open round (if any) and open the next.")
        @OptionGroup var options: Options
        func run() throws {
            let (closed, opened) = try options.organiser().rotate()
            if let closed { print("Closed round \(closed); its test set is now public under its reveal/ directory.") }
            print("Opened round \(opened).")
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a closed round's released files against its commitment and re-score its predictions.")
        @OptionGroup var options: Options
        @Option(help: "The round number.") var round: Int
        @Option(name: .customLong("public-key"),
                help: "The organiser's published Ed25519 public key (hex, as 'round keygen' printed it): the commitment must be signed with it.")
        var publicKey: String?
        func run() throws {
            let plan = try options.plan()
            let directory = options.resolve(options.output).appendingPathComponent(plan.challenge.id).appendingPathComponent("round-\(round)")
            let report = try RoundVerifier(plan: plan, roundDirectory: directory, organiserKey: publicKey).verify()
            print(report.description)
            if !report.isValid { throw ExitCode(1) }
        }
    }

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the organiser's Ed25519 signing key (in the state directory).")
        @OptionGroup var options: Options
        func run() throws {
            print("Public key (publish it): \(try options.organiser().generateSigningKey())")
        }
    }
}
