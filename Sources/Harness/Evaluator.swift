import Foundation
import HoldoutCore
import MethodHost
import Publishing
import Store

/// Runs a challenge round end to end: prepares each task's data, evaluates the ladder and every
/// method, and stores all results. Resumable: finished runs and stored batches are skipped.
public final class Evaluator {
    public let plan: ChallengePlan
    public let workspace: Workspace
    public let store: ResultStore
    public let holdoutExecutable: URL
    /// bubblewrap when available (or asked for), otherwise unsandboxed (and flagged).
    public let isolation: IsolationMode
    let progress: ProgressReporter

    /// The round evaluated: the challenge's own (round 0 for the starter) unless a round was opened.
    public let round: Int
    /// How the board labels the round.
    public let roundStatus: RoundStatus
    /// Whether plugins' missing environments are installed (network) or reported as not run.
    public let environments: PluginEnvironment.Policy
    /// Methods skipped because their environment is not installed: (task, method, message with
    /// the install command). Not stored: once installed, the next run evaluates them.
    public private(set) var notRun: [(task: String, method: String, message: String)] = []

    public init(plan: ChallengePlan, workspace: Workspace, holdoutExecutable: URL, isolation: IsolationMode? = nil,
                round: Int? = nil, roundStatus: RoundStatus? = nil, environments: PluginEnvironment.Policy = .requireInstalled,
                progress: ProgressReporter = ProgressReporter()) throws {
        self.plan = plan
        self.environments = environments
        self.round = round ?? plan.challenge.round
        self.roundStatus = roundStatus ?? (self.round == 0 ? .starter : .open)
        self.workspace = workspace
        self.holdoutExecutable = holdoutExecutable
        self.isolation = isolation ?? (Sandbox.isAvailable() ? .bubblewrap : .unsandboxed)
        self.progress = progress
        store = try ResultStore(path: workspace.database.path)
    }

    public var roundLabel: String { "round-\(round)" }

    /// The organiser's state directory of this round (mode 0700; never mounted into a sandbox).
    public var roundDirectory: URL { workspace.roundState(challenge: plan.challenge.id, round: round) }

    /// The round's secret (created on first use: the starter challenge is round 0 with a local secret).
    public func secret() throws -> RoundSecret {
        try RoundSecret.loadOrCreate(in: workspace.roundState(challenge: plan.challenge.id, round: round))
    }

    /// Prepares every task's data (public splits on disk, hidden cases in memory).
    public func prepareTasks() throws -> [TaskData] {
        let secret = try secret()
        return try plan.tasks.map {
            try TaskData.prepare(spec: $0, workspace: workspace, secret: secret, roundLabel: roundLabel,
                                 hiddenDirectory: roundDirectory.appendingPathComponent("hidden"), progress: progress)
        }
    }

    /// Evaluates every method on every task; returns the runs (also stored).
    @discardableResult
    public func run(tasks prepared: [TaskData]? = nil, only methodNames: Set<String>? = nil) throws -> [RunRecord] {
        let tasks = try prepared ?? prepareTasks()
        var runs: [RunRecord] = []
        let executable = try workspace.stageExecutable(holdoutExecutable)
        for data in tasks {
            for (reference, isLadder) in plan.methods(for: data.spec)
            where methodNames == nil || methodNames!.contains(reference.name) {
                let launcher: MethodLauncher
                do {
                    launcher = try MethodLauncher(reference: reference, repository: plan.repository,
                                                  holdoutExecutable: executable, isLadder: isLadder, workspace: workspace,
                                                  environments: environments, progress: progress)
                } catch let failure as PluginEnvironment.Failure {
                    if case .missing = failure {
                        notRun.append((data.spec.id, reference.name, failure.description))
                        continue
                    }
                    progress.note("\(data.spec.id): \(reference.name): \(failure)")
                    runs.append(try recordUnloadable(reference, isLadder: isLadder, data: data, reason: failure.description,
                                                     prefix: ""))
                    continue
                } catch {
                    progress.note("\(data.spec.id): cannot load \(reference.name): \(error)")
                    runs.append(try recordUnloadable(reference, isLadder: isLadder, data: data, reason: "\(error)"))
                    continue
                }
                let evaluation = MethodEvaluation(data: data, launcher: launcher, store: store, workspace: workspace,
                                                  challenge: plan.challenge.id, round: round, isolation: isolation,
                                                  progress: progress)
                runs.append(try evaluation.run())
            }
        }
        return runs
    }

    /// A method whose manifest cannot be read is still on the board, as a failed run.
    private func recordUnloadable(_ reference: MethodReference, isLadder: Bool, data: TaskData, reason: String,
                                  prefix: String = "could not load the plugin: ") throws -> RunRecord {
        let id = String(SHA256Digest.hex(of: Array("unloadable|\(plan.challenge.id)|\(round)|\(data.spec.sourceHash)|\(reference.name)|\(reason)".utf8)).prefix(20))
        var run = RunRecord(id: id, challenge: plan.challenge.id, round: round, taskID: data.spec.id, taskVersion: data.spec.version,
                            specHash: data.spec.sourceHash, methodName: reference.name, methodVersion: "?",
                            methodKind: isLadder ? "ladder" : "submission", track: "unknown", language: "unknown",
                            pluginHash: "", sandboxProfileHash: "", sandboxed: false, status: .failed)
        run.failureReason = prefix + reason
        try store.upsert(run)
        return run
    }
}

extension Evaluator {
    /// The round's commitment: SHA-256 of the secret and of the canonical bytes of every hidden
    /// case of every task (in task order). Stored in the round's state so boards can be built
    /// without regenerating data.
    public func commitment(tasks: [TaskData]? = nil) throws -> Commitment {
        let url = workspace.roundState(challenge: plan.challenge.id, round: round).appendingPathComponent("commitment.json")
        if tasks == nil, let data = try? Data(contentsOf: url), let stored = try? JSONDecoder().decode(Commitment.self, from: data) {
            return stored
        }
        let prepared = try tasks ?? prepareTasks()
        let dataHash = SHA256Digest.hex(of: Array(prepared.map { "\($0.spec.id):\($0.hiddenDataHash)" }.joined(separator: "\n").utf8))
        let commitment = Commitment(secretSHA256: try secret().commitment, testDataSHA256: dataHash)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(commitment).write(to: url)
        return commitment
    }

    /// Builds the board from the store and publishes a version under `output` (a no-op returning
    /// the latest version when nothing changed).
    public func publish(to output: URL, tasks: [TaskData]? = nil) throws -> (LeaderboardBuilder.Board, Publisher.Publication) {
        let builder = LeaderboardBuilder(plan: plan, store: store, round: round, roundStatus: roundStatus,
                                         commitment: try commitment(tasks: tasks), ladderBoard: try ladderBoard())
        let board = try builder.build()
        let publication = try Publisher.publish(document: board.document, cases: board.cases, inputs: board.inputs, to: output)
        try publishManifests(board.manifests, to: publication.directory.deletingLastPathComponent())
        return (board, publication)
    }
}
