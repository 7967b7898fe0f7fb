import Crypto
import Datasets
import Foundation
import Harness
import HoldoutCore
import Publishing
import Store

/// The round lifecycle of a challenge: open (commit), close (reveal), rotate.
/// See docs/running-a-challenge.md. Files published for round N go to
/// `<output>/<challenge>/round-N/`: `commitment.json` at the open, `reveal/` and the final
/// leaderboard version at the close.
public struct RoundOrganiser {
    public let plan: ChallengePlan
    public let workspace: Workspace
    public let output: URL
    public let holdoutExecutable: URL

    public init(plan: ChallengePlan, workspace: Workspace, output: URL, holdoutExecutable: URL) {
        self.plan = plan
        self.workspace = workspace
        self.output = output
        self.holdoutExecutable = holdoutExecutable
    }

    var challenge: String { plan.challenge.id }

    public func roundDirectory(_ round: Int) -> URL {
        output.appendingPathComponent(challenge).appendingPathComponent("round-\(round)")
    }

    /// The organiser's Ed25519 key, if configured (`state/signing-key`, raw 32 bytes, mode 0600).
    var signingKeyURL: URL { workspace.state.appendingPathComponent("signing-key") }

    /// Creates the organiser's signing key; returns its public key (hex) to publish.
    public func generateSigningKey() throws -> String {
        if FileManager.default.fileExists(atPath: signingKeyURL.path) {
            throw HarnessError("\(signingKeyURL.path) exists already; remove it first to replace the key")
        }
        let key = Curve25519.Signing.PrivateKey()
        guard FileManager.default.createFile(atPath: signingKeyURL.path, contents: key.rawRepresentation,
                                             attributes: [.posixPermissions: 0o600]) else {
            throw HarnessError("cannot write \(signingKeyURL.path)")
        }
        return RoundCommitment.hex(key.publicKey.rawRepresentation)
    }

    /// An evaluator for `round` with the given board status.
    public func evaluator(round: Int, status: RoundStatus) throws -> Evaluator {
        try Evaluator(plan: plan, workspace: workspace, holdoutExecutable: holdoutExecutable, round: round, roundStatus: status)
    }

    /// Opens the next round: draws its secret, generates its hidden cases into the organiser's
    /// state, and publishes the commitment before anything is evaluated against them.
    @discardableResult
    public func open() throws -> (round: Int, commitment: RoundCommitment, file: URL) {
        var ledger = try RoundLedger.load(workspace: workspace, challenge: challenge)
        if let open = ledger.open {
            throw HarnessError("round \(open.number) of \(challenge) is open; close it (holdout round close) or rotate")
        }
        let round = (ledger.latest?.number ?? plan.challenge.round) + 1
        // A published commitment is never replaced (say, by a ledger lost and re-created): a new
        // secret for a round whose commitment is out would let an organiser choose between them.
        let published = roundDirectory(round).appendingPathComponent("commitment.json")
        if FileManager.default.fileExists(atPath: published.path) {
            throw HarnessError("round \(round) of \(challenge) already has a commitment at \(published.path); "
                               + "the round ledger in the workspace does not know it (restore the workspace's state)")
        }
        let evaluator = try evaluator(round: round, status: .open)
        let tasks = try evaluator.prepareTasks()
        let combined = try evaluator.commitment(tasks: tasks)
        let formatter = ISO8601DateFormatter()
        var commitment = RoundCommitment(
            challenge: challenge, round: round, openedAt: formatter.string(from: Date()),
            secretSHA256: combined.secretSHA256, testDataSHA256: combined.testDataSHA256,
            tasks: tasks.map { data in
                RoundCommitment.TaskCommitment(
                    id: data.spec.id, version: data.spec.version, specSHA256: data.spec.sourceHash,
                    testDataSHA256: data.hiddenDataHash,
                    cases: Dictionary(uniqueKeysWithValues: data.scoredSplits.map { ($0.name, $0.cases) }))
            },
            challengeSHA256: plan.challenge.sourceHash,
            scorerVersion: LeaderboardBuilder.scorerVersion, harnessVersion: MethodLauncher.harnessVersion, signature: nil)
        if let raw = try? Data(contentsOf: signingKeyURL) {
            try commitment.sign(with: Curve25519.Signing.PrivateKey(rawRepresentation: raw))
        }
        let directory = roundDirectory(round)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("commitment.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(commitment).write(to: file, options: .atomic)
        ledger.rounds.append(.init(number: round, status: .open, openedAt: Date(), closedAt: nil))
        try ledger.save(workspace: workspace, challenge: challenge)
        return (round, commitment, file)
    }

    /// Closes the open round: publishes the final leaderboard version (every run, failures
    /// included), the secret, the canonical test data and every stored prediction.
    @discardableResult
    public func close() throws -> (round: Int, publication: Publisher.Publication, reveal: URL) {
        var ledger = try RoundLedger.load(workspace: workspace, challenge: challenge)
        guard let open = ledger.open else { throw HarnessError("no round of \(challenge) is open") }
        let evaluator = try evaluator(round: open.number, status: .closed)
        let (_, publication) = try evaluator.publish(to: output)
        let reveal = roundDirectory(open.number).appendingPathComponent("reveal")
        try? FileManager.default.removeItem(at: reveal)
        try FileManager.default.createDirectory(at: reveal, withIntermediateDirectories: true)
        let secret = try evaluator.secret()
        try Data((RoundCommitment.hex(secret.bytes) + "\n").utf8).write(to: reveal.appendingPathComponent("secret.hex"))
        try revealTestData(evaluator: evaluator, into: reveal.appendingPathComponent("test-data"))
        try PredictionExport.write(store: evaluator.store, plan: plan, round: open.number,
                                   into: reveal.appendingPathComponent("predictions"))
        if let index = ledger.rounds.firstIndex(where: { $0.number == open.number }) {
            ledger.rounds[index].status = .closed
            ledger.rounds[index].closedAt = Date()
        }
        try ledger.save(workspace: workspace, challenge: challenge)
        return (open.number, publication, reveal)
    }

    /// Closes the open round (if any) and opens the next with a fresh secret.
    public func rotate() throws -> (closed: Int?, opened: Int) {
        let ledger = try RoundLedger.load(workspace: workspace, challenge: challenge)
        let closed = ledger.open != nil ? try close().round : nil
        return (closed, try open().round)
    }

    /// Copies the hidden splits from the organiser's state to the reveal, world-readable, and
    /// into the workspace's public data.
    private func revealTestData(evaluator: Evaluator, into directory: URL) throws {
        let hidden = evaluator.roundDirectory.appendingPathComponent("hidden")
        let manager = FileManager.default
        for spec in plan.tasks {
            let source = hidden.appendingPathComponent("\(spec.id)-\(spec.version)-\(spec.sourceHash.prefix(12))")
            let target = directory.appendingPathComponent(spec.id)
            try manager.createDirectory(at: target, withIntermediateDirectories: true)
            for split in spec.splits where split.visibility == .hidden {
                let file = TaskData.hiddenFile(in: source, split: split)
                let copy = target.appendingPathComponent("\(split.name).h5")
                try? manager.removeItem(at: copy)
                try manager.copyItem(at: file, to: copy)
                try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: copy.path)
                // From now on the split is public data: methods may train on it, and later
                // rounds' leakage checks search it.
                try TaskData.revealClosedRound(evaluator.round, split: split, hiddenFile: file, spec: spec, workspace: workspace)
            }
        }
    }
}
