import Datasets
import Foundation
import HoldoutCore
import Leakage
import MethodHost
import Scoring
import Store

/// Evaluates one method on one task of a round: trains it (if it trains) in one process,
/// predicts every hidden case in batches in another, scores each case and stores it.
///
/// Results are stored one batch at a time, in one transaction with the predictions, so an
/// interrupted evaluation resumes at the first batch not stored. A failure (crash, timeout,
/// protocol violation, invalid output) fails the cases of that batch, which are scored on the
/// failure substitute, and the next batch gets a fresh process; after two process failures in
/// a row the remaining cases are failed with the same reason instead of burning more budget.
struct MethodEvaluation {
    let data: TaskData
    let launcher: MethodLauncher
    let store: ResultStore
    let workspace: Workspace
    let challenge: String
    let round: Int
    let isolation: IsolationMode
    let progress: ProgressReporter

    var spec: TaskSpec { data.spec }

    var runID: String {
        let options = launcher.reference.options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        let identity = [challenge, String(round), spec.id, spec.sourceHash, data.hiddenDataHash, launcher.reference.name,
                        options, launcher.contentHash, isolation.rawValue].joined(separator: "|")
        return String(SHA256Digest.hex(of: Array(identity.utf8)).prefix(20))
    }

    @discardableResult
    func run() throws -> RunRecord {
        let id = runID
        if let existing = try store.run(id: id), existing.status == .complete || existing.status == .failed { return existing }
        let artifacts = workspace.artifacts(run: id)
        let scratch = workspace.scratch(run: id)
        for directory in [artifacts, scratch] { try Sandbox.prepareScratchDirectory(directory.path) }
        let profile = launcher.profile(publicData: data.publicDirectory, artifacts: artifacts, scratch: scratch, training: false,
                                       diskBytes: UInt64(spec.budgets.predict.diskMB) << 20, sandboxed: isolation == .bubblewrap)
        let sandboxed = isolation == .bubblewrap
        var run = try store.run(id: id) ?? RunRecord(
            id: id, challenge: challenge, round: round, taskID: spec.id, taskVersion: spec.version, specHash: spec.sourceHash,
            methodName: launcher.reference.name, methodVersion: launcher.version, methodKind: launcher.kind,
            track: launcher.track, language: launcher.language, pluginHash: launcher.contentHash,
            sandboxProfileHash: SHA256Digest.hex(of: profile.canonicalJSON()), sandboxed: sandboxed)
        run.status = .training
        run.updatedAt = Date()
        try store.upsert(run)
        if !sandboxed {
            try store.replaceFindings(runID: id, check: "sandbox-audit", with: [FindingRecord(
                runID: id, check: "sandbox-audit", severity: "error",
                message: "ran without bubblewrap: never published to an official board")])
        }

        var trainingFailure: String?
        do {
            if let trained = try train(artifacts: artifacts, scratch: scratch) {
                run.trainWallSeconds = trained.wallSeconds
                run.trainCPUSeconds = trained.cpuSeconds
            }
        } catch let failure as PluginFailure {
            trainingFailure = "training failed: \(failure)"
        }
        run.status = .predicting
        run.updatedAt = Date()
        try store.upsert(run)

        let startup = try predict(artifacts: artifacts, scratch: scratch, failAllWith: trainingFailure)
        run.startupSeconds = startup ?? run.startupSeconds
        try store.replaceFindings(runID: id, check: DuplicateCheck.name, with: [FindingRecord(data.duplicateFinding, runID: id)])
        try store.replaceFindings(runID: id, check: TemporalSeparationCheck.name,
                                  with: data.temporalSeparationFindings.map { FindingRecord($0, runID: id) })
        if let declared = DeclaredDataCheck.run(spec: spec, files: launcher.declaredTrainingData, reference: data.validationCases,
                                                hidden: data.scoredSplits.flatMap { data.hiddenCases[$0.name] ?? [] }) {
            try store.replaceFindings(runID: id, check: DeclaredDataCheck.name, with: [DeclaredDataCheck.record(declared, runID: id)])
        }
        try store.replaceFindings(runID: id, check: LeakageCheck.generalisationGap.rawValue, with: generalisationGap())
        if trainingFailure == nil {
            try store.replaceFindings(runID: id, check: ContextInvarianceRerun.name,
                                      with: ContextInvarianceRerun(evaluation: self).run(artifacts: artifacts, scratch: scratch))
        }
        let results = try store.caseResults(runID: id)
        let allFailed = !results.isEmpty && results.allSatisfy(\.failed)
        run.status = allFailed ? .failed : .complete
        run.failureReason = allFailed ? results.first?.failureReason : nil
        run.updatedAt = Date()
        try store.upsert(run)
        return run
    }

    /// Leakage check "generalisation gap": the headline on the public validation split against
    /// the hidden test split, with a bootstrap interval; a significantly worse hidden score is
    /// flagged (a method tuned to the public data, or public data that leaked into training).
    func generalisationGap() throws -> [FindingRecord] {
        let headline = Metric(rawValue: spec.scoring.headline) ?? .vrmse
        let decoder = JSONDecoder()
        let results = try store.caseResults(runID: runID)
        func values(_ splits: Set<String>) throws -> [Double] {
            try results.filter { splits.contains($0.split) }
                .compactMap { try decoder.decode(CaseScore.self, from: $0.score).value(headline).map(headline.badness) }
        }
        let validation = try values(["validation"])
        let hidden = try values(Set(spec.splits.filter { $0.visibility == .hidden && !$0.outOfDistribution && !$0.isResolutionShift }
            .map(\.name)))
        guard validation.count > 1, hidden.count > 1 else { return [] }
        let finding = GeneralisationGap(validation: validation, hidden: hidden).finding(method: launcher.reference.name)
        return [FindingRecord(finding, runID: runID)]
    }

    // MARK: - Training

    struct TrainingCost {
        var wallSeconds: Double
        var cpuSeconds: Double
        /// Highest memory of the process tree (cgroup peak, else the largest resident set), bytes.
        var peakMemoryBytes: UInt64 = 0
        var startupSeconds: Double?
    }

    /// Trains in its own process if the method trains and no trained model is stored yet.
    /// Returns nil when nothing was trained. Internal (not private) so `PluginConformance`
    /// trains through exactly this code.
    ///
    /// The "trained" marker lies beside the artifact directory, not in it (a plugin could write
    /// it there itself), and every training starts from an empty directory: a model left by a
    /// training that failed or was interrupted (say, killed at its wall budget) is never used,
    /// and cannot be continued into a second budget. However training ends, the directory is
    /// measured against its quota once the process tree is gone, and emptied when it is over.
    func train(artifacts: URL, scratch: URL) throws -> TrainingCost? {
        let marker = Self.trainedMarker(artifacts)
        if FileManager.default.fileExists(atPath: marker.path) { return nil }
        let budget = spec.budgets.train
        let quota = MethodLauncher.artifactQuota(artifacts, budget: budget)
        try quota.removeContents()
        let (process, _) = try launcher.launch(publicData: data.publicDirectory, artifacts: artifacts, scratch: scratch,
                                               training: true, budget: budget, wallSeconds: budget.wallSeconds, mode: isolation)
        let session = PluginSession(process: process, maximumPayloadBytes: 1 << 20)
        var cost: TrainingCost?
        var failure: Error?
        do { cost = try trainingSession(session, process: process, budget: budget) } catch { failure = error }
        // However training ended, measure what the tree left once it is gone (it may have written
        // between the last check and its exit).
        let outcome = process.terminate()
        if let why = quota.violation() ?? (outcome.killedBy == .directoryQuota ? "more than its quota" : nil) {
            try quota.removeContents()
            throw PluginFailure(kind: .diskLimit, message: PluginSession.artifactQuotaMessage(why),
                                outcome: outcome, standardError: process.standardErrorText)
        }
        if let failure { throw failure }
        if cost != nil {
            _ = FileManager.default.createFile(atPath: marker.path, contents: Data())  // if it fails, a resumed run trains again
        }
        return cost
    }

    /// Where the harness notes that the method in `artifacts` has trained: beside the directory,
    /// out of the plugin's reach.
    static func trainedMarker(_ artifacts: URL) -> URL {
        artifacts.deletingLastPathComponent().appendingPathComponent(artifacts.lastPathComponent + ".trained")
    }

    /// The training process's exchange: hello, task, train, bye. Nil when the method does not train.
    private func trainingSession(_ session: PluginSession, process: ChildProcess, budget: TaskSpec.Budget) throws -> TrainingCost? {
        let hello = try session.handshake(timeout: budget.wallSeconds)
        guard hello.capabilities.trains else {
            session.close()
            return nil
        }
        progress.note("\(spec.id): training \(launcher.reference.name)")
        try session.sendTask(taskMessage(mode: .train, members: members(for: hello)))
        try session.train(timeout: budget.wallSeconds)
        // Wall time up to `trained`, so the exit that follows `bye` is not charged to training.
        let wall = Double((ContinuousClock.now - process.spawnInstant) / .microseconds(1)) / 1e6
        let outcome = session.close()
        return TrainingCost(wallSeconds: wall, cpuSeconds: outcome.times.cpuSeconds,
                            peakMemoryBytes: outcome.times.peakCgroupMemoryBytes ?? outcome.times.maxResidentBytes,
                            startupSeconds: session.startupSeconds)
    }

    /// The members asked of a method (docs/scoring.md, "Tracks"): the task's M when its hello
    /// declares `capabilities.ensembles` (the ensemble track), otherwise 1 (the deterministic track).
    func members(for hello: HPP.Hello) -> Int {
        hello.capabilities.ensembles ? spec.observation.members : 1
    }

    func taskMessage(mode: HPP.TaskMessage.Mode, members: Int) -> HPP.TaskMessage {
        let mounts = Mounts(publicData: data.publicDirectory, artifacts: workspace.artifacts(run: runID),
                            scratch: workspace.scratch(run: runID), plugin: nil, sandboxed: isolation == .bubblewrap)
        let train = data.publicFiles["train"].map { "\(mounts.data)/\($0.lastPathComponent)" }
        let validation = data.publicFiles["validation"].map { "\(mounts.data)/\($0.lastPathComponent)" }
        let revealed = data.revealedFiles.map { "\(mounts.data)/\(TaskData.revealedSubdirectory)/\($0.lastPathComponent)" }
        var task = TaskDescription(spec: spec)
        task.members = members
        return HPP.TaskMessage(mode: mode, task: task, options: launcher.reference.options,
                               paths: .init(train: train, validation: validation, revealed: revealed.isEmpty ? nil : revealed,
                                            artifacts: mounts.artifacts, scratch: mounts.scratch))
    }

    // MARK: - Prediction

    /// Predicts every hidden case not yet stored; returns the start-up time of the last process.
    private func predict(artifacts: URL, scratch: URL, failAllWith trainingFailure: String?) throws -> Double? {
        let id = runID
        let done = try store.completedCases(runID: id)
        // One scorer per split: each scores on its split's grid.
        var scorers: [String: CaseScorer] = [:]
        for split in spec.splits { scorers[split.name] = try data.scorer(for: split) }
        let batchSize = spec.budgets.batchSize
        var batches: [[GeneratedCase]] = []
        let splits = data.scoredSplits.map { data.hiddenCases[$0.name] ?? [] } + [data.validationCases]
        for cases in splits {
            for start in stride(from: 0, to: cases.count, by: batchSize) {
                let batch = Array(cases[start..<min(start + batchSize, cases.count)])
                if !batch.allSatisfy({ done.contains(CaseKey(split: $0.split, index: $0.index)) }) { batches.append(batch) }
            }
        }
        guard !batches.isEmpty else { return nil }
        let budget = spec.budgets.predict
        var session: PluginSession?
        var startup: Double?
        var consecutiveFailures = 0
        var lastFailure: String?
        var members = spec.observation.members
        defer { session?.close() }
        let total = batches.reduce(0) { $0 + $1.count }
        try progress.track("\(spec.id): \(launcher.reference.name)", total: total) { tick in
            for (number, batch) in batches.enumerated() {
                let scorer = scorers[batch[0].split]!
                if let trainingFailure {
                    try record(batch, outputs: nil, failure: trainingFailure, wall: 0, cpu: 0, scorer: scorer)
                    batch.forEach { _ in tick() }
                    continue
                }
                if consecutiveFailures >= 2, let lastFailure {
                    try record(batch, outputs: nil, failure: "abandoned after 2 consecutive process failures; last: \(lastFailure)",
                              wall: 0, cpu: 0, scorer: scorer)
                    batch.forEach { _ in tick() }
                    continue
                }
                do {
                    if session == nil {
                        let remaining = Double(batches.count - number + 1)
                        let (process, _) = try launcher.launch(
                            publicData: data.publicDirectory, artifacts: artifacts, scratch: scratch, training: false,
                            budget: budget, wallSeconds: budget.wallSeconds * remaining, mode: isolation)
                        let opened = PluginSession(process: process, maximumPayloadBytes: maximumPayloadBytes(batch: batchSize))
                        members = self.members(for: try opened.handshake(timeout: budget.wallSeconds))
                        try opened.sendTask(taskMessage(mode: .predict, members: members))
                        startup = opened.startupSeconds
                        session = opened
                    }
                    let (inputs, parameters) = requestArrays(batch)
                    let cpuBefore = session!.process.cpuSecondsSoFar
                    let clock = ContinuousClock.now
                    let outputs = try session!.predict(
                        inputs: inputs, parameters: parameters, members: members,
                        expectedShape: TaskDescription(spec: spec).outputShape(batch: batch.count, members: members,
                                                                               points: TaskDescription.grid(of: inputs)),
                        timeout: budget.wallSeconds)
                    let wall = Double((ContinuousClock.now - clock) / .microseconds(1)) / 1e6
                    let cpu = (session!.process.cpuSecondsSoFar ?? 0) - (cpuBefore ?? 0)
                    try record(batch, outputs: outputs, failure: nil, wall: wall, cpu: max(cpu, 0), scorer: scorer)
                    consecutiveFailures = 0
                } catch let failure as PluginFailure {
                    session?.close()
                    session = nil
                    consecutiveFailures += 1
                    lastFailure = failure.description
                    try record(batch, outputs: nil, failure: failure.description, wall: 0, cpu: 0, scorer: scorer)
                }
                batch.forEach { _ in tick() }
            }
        }
        return startup
    }

    /// Predicts one case alone in a fresh prediction process (for the context-invariance check).
    func predictAlone(_ item: GeneratedCase, artifacts: URL, scratch: URL) throws(PluginFailure) -> Field {
        try predictInFreshProcess([item], artifacts: artifacts, scratch: scratch).outputs
    }

    /// Predicts one batch in a fresh prediction process, as the harness would after a restart
    /// (used by the leakage and conformance checks); also returns how the process ended.
    func predictInFreshProcess(_ batch: [GeneratedCase], artifacts: URL, scratch: URL)
        throws(PluginFailure) -> (outputs: Field, outcome: ProcessOutcome) {
        let budget = spec.budgets.predict
        let (process, _) = try launcher.launch(publicData: data.publicDirectory, artifacts: artifacts, scratch: scratch,
                                               training: false, budget: budget, wallSeconds: 2 * budget.wallSeconds, mode: isolation)
        let session = PluginSession(process: process, maximumPayloadBytes: maximumPayloadBytes(batch: batch.count))
        var closed = false
        defer { if !closed { session.close() } }
        let members = self.members(for: try session.handshake(timeout: budget.wallSeconds))
        try session.sendTask(taskMessage(mode: .predict, members: members))
        let (inputs, parameters) = requestArrays(batch)
        let outputs = try session.predict(inputs: inputs, parameters: parameters, members: members,
                                          expectedShape: TaskDescription(spec: spec).outputShape(batch: batch.count, members: members,
                                                                               points: TaskDescription.grid(of: inputs)),
                                          timeout: budget.wallSeconds)
        closed = true
        return (outputs, session.close())
    }

    /// The largest reply a batch may need: every output value as f64 on the finest grid, plus slack for f32 confusion.
    func maximumPayloadBytes(batch: Int) -> Int {
        let description = TaskDescription(spec: spec)
        return description.grids.map {
            description.outputShape(batch: batch, members: spec.observation.members, points: $0).reduce(8, *)
        }.max()! + 4096
    }

    /// The `predict` arrays: inputs [batch, frames, space…, component], and the declared
    /// parameter inputs [batch, parameter]. Nothing else about a case crosses the boundary.
    func requestArrays(_ batch: [GeneratedCase]) -> (Field, Field?) {
        var inputs = Field.stack(batch.map(\.inputs), along: .case)
        inputs.axes[0] = .case
        let names = spec.observation.parameterInputs
        guard !names.isEmpty else { return (inputs, nil) }
        let values = batch.flatMap { item in names.map { item.parameters[$0] ?? .nan } }
        return (inputs, Field(axes: [.case, Axis(.component, "parameter")], shape: [batch.count, names.count], values: values))
    }

    /// Scores and stores one batch in one transaction.
    private func record(_ batch: [GeneratedCase], outputs: Field?, failure: String?, wall: Double, cpu: Double,
                       scorer: CaseScorer) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let records = try batch.enumerated().map { offset, item -> CaseResultRecord in
            let prediction = outputs.map { $0.slice(offset) }
            let score = try scorer.scoreOrSubstitute(caseID: item.id, prediction: prediction, target: item.targets,
                                                     lastInput: item.lastInput, failureReason: failure)
            let bytes = prediction.map { field in field.values.withUnsafeBytes { Data($0) } }
            return CaseResultRecord(
                runID: runID, split: item.split, caseIndex: item.index, caseID: item.id,
                outOfDistribution: item.outOfDistribution, failed: score.failed, failureReason: score.failure?.reason,
                wallSeconds: wall / Double(batch.count), cpuSeconds: cpu / Double(batch.count),
                score: try encoder.encode(score), prediction: bytes,
                predictionShape: prediction.map { $0.shape.map(String.init).joined(separator: ",") })
        }
        try store.insert(records)
    }
}
