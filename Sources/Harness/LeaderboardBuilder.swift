import Foundation
import HoldoutCore
import Publishing
import Scoring
import Store

/// Turns the stored runs of a round into a leaderboard document and per-case rows.
///
/// Every run is on the board, failures included. Each hidden split of a task is its own table
/// (the out-of-distribution split labelled as such), ranked by the task's headline metric, with
/// each method placed on the ladder's cost–accuracy curve (cost = wall seconds per case,
/// measured by the harness) and compared with the most accurate rung by paired bootstrap.
/// Which cases a table uses, and how participants' submissions appear, is the `LadderBoard`
/// policy of the round: while it is open, tables use the feedback cases, each team shows only
/// its Ladder-released score and no per-case rows are published; after the close, every run
/// (each submission its own entry) is ranked on the final cases.
public struct LeaderboardBuilder {
    public let plan: ChallengePlan
    public let store: ResultStore
    public let round: Int
    public let roundStatus: RoundStatus
    public let commitment: Commitment?
    /// Which cases each table is scored on and how submissions appear (Ladder while open).
    public let ladderBoard: LadderBoard
    public static let scorerVersion = "holdout-scorer-1"

    public init(plan: ChallengePlan, store: ResultStore, round: Int, roundStatus: RoundStatus, commitment: Commitment?,
                ladderBoard: LadderBoard = LadderBoard(policy: .everyCase, feedbackFraction: 0.5, seed: 0)) {
        self.plan = plan
        self.store = store
        self.round = round
        self.roundStatus = roundStatus
        self.commitment = commitment
        self.ladderBoard = ladderBoard
    }

    public struct Board {
        public var document: LeaderboardDocument
        public var cases: [CaseRow]
        public var inputs: PublicationInputs
        /// The submitted `plugin.yaml` of every submission on the board, by content hash
        /// (published beside the versions, linked from the entries).
        public var manifests: [String: String] = [:]
    }

    /// Where an entry's manifest link points, relative to a version directory.
    public static func manifestLink(contentHash: String) -> String { "../submissions/\(contentHash)/plugin.yaml" }

    public func build() throws -> Board {
        let runs = try store.runs(challenge: plan.challenge.id, round: round)
        var tasks: [LeaderboardTask] = []
        var rows: [CaseRow] = []
        var plugins: [String: String] = [:]
        var manifests: [String: String] = [:]
        let submissions = try store.submissionsByRun(challenge: plan.challenge.id, round: round)
        for spec in plan.tasks {
            let methods = Set(plan.methods(for: spec).map(\.reference.name))
            let taskRuns = runs.filter { $0.taskID == spec.id && $0.specHash == spec.sourceHash && methods.contains($0.methodName)
                && submissions[$0.id] == nil }
            let latest = Dictionary(taskRuns.map { ($0.methodName, $0) }, uniquingKeysWith: { $0.updatedAt > $1.updatedAt ? $0 : $1 })
            let ordered = plan.methods(for: spec).compactMap { latest[$0.reference.name] }
            // Submissions' runs, in submission order (the order the Ladder sees them in).
            let submitted = runs.filter { $0.taskID == spec.id && $0.specHash == spec.sourceHash && submissions[$0.id] != nil }
                .sorted { (submissions[$0.id]!.submittedAt, $0.id) < (submissions[$1.id]!.submittedAt, $1.id) }
            for run in ordered + submitted { plugins["\(spec.id)/\(run.methodName)"] = run.pluginHash }
            for run in submitted { manifests[run.pluginHash] = submissions[run.id]!.manifest }
            let results = try Dictionary(uniqueKeysWithValues: (ordered + submitted).map { ($0.id, try store.caseResults(runID: $0.id)) })
            let tracks = TableTrack.tracks(of: spec)
            // Member counts decide the tracks; a task with one track does not need them.
            let members = tracks == [.single] ? [:]
                : try Dictionary(uniqueKeysWithValues: (ordered + submitted).map { ($0.id, try Self.members(results[$0.id] ?? [])) })
            for split in spec.splits where split.visibility == .hidden {
                let caseIDs = Set(results.values.joined().filter { $0.split == split.name }.map(\.caseID)).sorted()
                let scored = ladderBoard.scoredCases(caseIDs)
                let open = ladderBoard.policy == .ladder
                for track in tracks {
                    // The deterministic table holds one-member methods; the ensemble table every method.
                    let onTrack = { (run: RunRecord) in track != .deterministic || members[run.id] == 1 }
                    var (task, splitRows) = try table(spec: spec, split: split, track: track, members: members,
                                                      runs: (open ? ordered : ordered + submitted).filter(onTrack),
                                                      results: results, scored: scored, submissions: submissions)
                    if open {
                        task.entries += try releasedEntries(spec: spec, split: split, headline: Metric(rawValue: task.headlineMetric) ?? .vrmse,
                                                            runs: submitted.filter(onTrack), results: results,
                                                            feedback: caseIDs.filter { scored?.contains($0) ?? true },
                                                            submissions: submissions)
                        // No per-case numbers leave the harness while the round is open.
                        splitRows = []
                    }
                    tasks.append(task)
                    rows += splitRows
                }
            }
        }
        let machine = MachineDescription.current
        var document = LeaderboardDocument(
            challengeId: plan.challenge.id, challengeTitle: plan.challenge.title, roundId: "round-\(round)",
            roundStatus: roundStatus, commitment: commitment,
            scorerVersion: Self.scorerVersion, harnessVersion: MethodLauncher.harnessVersion, machine: machine, tasks: tasks)
        document.ranking = Self.ranking(tasks)
        let inputs = PublicationInputs(
            taskSpecs: Dictionary(uniqueKeysWithValues: plan.tasks.map { ($0.id, $0.sourceHash) }),
            harnessVersion: MethodLauncher.harnessVersion, scorerVersion: Self.scorerVersion,
            pluginArtifacts: plugins, dataCommitment: commitment?.testDataSHA256,
            machine: PublicationInputs.machineHash(machine), extra: ["challenge": plan.challenge.sourceHash])
        return Board(document: document, cases: rows, inputs: inputs, manifests: manifests)
    }

    /// The tables of one hidden split: one for a task without an ensemble track, two for a
    /// task with one (docs/scoring.md, "Tracks").
    enum TableTrack: String {
        case single, deterministic, ensemble

        static func tracks(of spec: TaskSpec) -> [TableTrack] {
            spec.scoring.ensembleHeadline == nil ? [.single] : [.deterministic, .ensemble]
        }
    }

    /// Members a run returned: the largest member count of its scored cases (failure
    /// substitutes count 1, so a run that failed everywhere is placed on the deterministic track).
    static func members(_ records: [CaseResultRecord]) throws -> Int {
        let decoder = JSONDecoder()
        return try records.filter { !$0.failed }.map { try decoder.decode(CaseScore.self, from: $0.score).memberCount }.max() ?? 1
    }

    /// One table of `track`: `runs` on the cases of `split` in `scored` (nil: all of them).
    private func table(spec: TaskSpec, split: TaskSpec.Split, track: TableTrack, members: [String: Int], runs: [RunRecord],
                       results allResults: [String: [CaseResultRecord]], scored: Set<String>?,
                       submissions: [String: SubmissionRecord]) throws -> (LeaderboardTask, [CaseRow]) {
        let results = allResults.mapValues { $0.filter { $0.split == split.name && (scored?.contains($0.caseID) ?? true) } }
        let splitCases = scored?.count ?? split.cases
        let headline = Metric(rawValue: track == .ensemble ? spec.scoring.ensembleHeadline ?? "crps" : spec.scoring.headline) ?? .vrmse
        let metrics = spec.scoring.metrics.compactMap(Metric.init(rawValue:))
        let bootstrap = Bootstrap(blockLength: spec.scoring.bootstrapBlockLength)
        let tableName = track == .ensemble ? tableID(spec, split) + "/ensemble" : tableID(spec, split)
        let decoder = JSONDecoder()
        var scores: [String: [CaseScore]] = [:]
        var rows: [CaseRow] = []
        for run in runs {
            let records = (results[run.id] ?? []).filter { $0.split == split.name }
            scores[run.id] = try records.map { try decoder.decode(CaseScore.self, from: $0.score) }
            for (record, score) in zip(records, scores[run.id]!) {
                var values: [String: Double] = [:]
                for metric in metrics { values[metric.rawValue] = score.value(metric) }
                rows.append(CaseRow(task: tableName, method: run.methodName, caseId: record.caseID, split: split.name,
                                    outOfDistribution: record.outOfDistribution, failed: record.failed,
                                    failureReason: record.failureReason, metrics: values,
                                    wallSeconds: record.wallSeconds, cpuSeconds: record.cpuSeconds))
            }
        }
        // The ladder: (wall seconds per case, headline mean) of every complete rung.
        let rungs = runs.filter { $0.methodKind == "ladder" }
        func mean(_ id: String) -> Double? {
            let values = (scores[id] ?? []).compactMap { $0.value(headline) }
            return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }
        func wallPerCase(_ id: String) -> Double {
            let predicted = (results[id] ?? []).filter { $0.split == split.name && !$0.failed }
            return predicted.isEmpty ? 0 : predicted.map(\.wallSeconds).reduce(0, +) / Double(predicted.count)
        }
        let ladderPoints = rungs.compactMap { run -> CostLadder.Point? in
            guard let error = mean(run.id), wallPerCase(run.id) > 0 else { return nil }
            return CostLadder.Point(cost: wallPerCase(run.id), error: error)
        }
        let ladder = headline.orientation == .lowerIsBetter && !ladderPoints.isEmpty ? try? CostLadder(rungs: ladderPoints) : nil
        let bestRung = rungs.filter { mean($0.id) != nil }.min { headline.badness(mean($0.id)!) < headline.badness(mean($1.id)!) }

        var entries: [LeaderboardEntry] = []
        for run in runs {
            let cases = scores[run.id] ?? []
            let records = (results[run.id] ?? []).filter { $0.split == split.name }
            let failures = cases.filter(\.failed).count
            var summaries: [String: Publishing.MetricSummary] = [:]
            for summary in (try? Scoring.MetricSummary.summaries(cases: cases, metrics: metrics, bootstrap: bootstrap)) ?? [] {
                summaries[summary.metric.rawValue] = Publishing.MetricSummary(
                    mean: summary.mean, median: summary.median, p95: summary.percentile95, worst: summary.worst,
                    ci95Low: summary.meanInterval.lower, ci95High: summary.meanInterval.upper)
            }
            let predicted = records.filter { !$0.failed }
            let cost = Cost(
                predictWallSecondsPerCase: wallPerCase(run.id),
                predictCPUSecondsPerCase: predicted.isEmpty ? 0 : predicted.map(\.cpuSeconds).reduce(0, +) / Double(predicted.count),
                startupSeconds: run.startupSeconds ?? 0, trainWallSeconds: run.trainWallSeconds, trainCPUSeconds: run.trainCPUSeconds)
            var placement: Publishing.LadderPlacement?
            if let ladder, run.methodKind != "ladder", let error = mean(run.id), cost.predictWallSecondsPerCase > 0 {
                let placed = ladder.place(cost: cost.predictWallSecondsPerCase, error: error, trainingCost: run.trainWallSeconds)
                placement = Publishing.LadderPlacement(
                    speedupAtEqualError: placed.speedupAtEqualError, errorRatioAtEqualCost: placed.errorAtEqualCost,
                    dominated: placed.dominated, breakEvenCases: placed.breakEvenCases,
                    beyondLadderError: placed.errorBeyondLadder != nil, beyondLadderCost: placed.costBeyondLadder != nil)
            }
            var comparison: Publishing.PairedComparison?
            if let bestRung, bestRung.id != run.id, let reference = scores[bestRung.id], !reference.isEmpty,
               let paired = try? Scoring.PairedComparison(metric: headline, cases, reference, bootstrap: bootstrap) {
                comparison = Publishing.PairedComparison(
                    reference: bestRung.methodName, meanDifference: paired.difference.estimate,
                    ci95Low: paired.difference.lower, ci95High: paired.difference.upper, significant: paired.significant)
            }
            let findings = try store.findings(runID: run.id).map {
                LeakageFinding(check: $0.check, severity: LeakageFinding.Severity(rawValue: $0.severity == "error" ? "critical" : $0.severity) ?? .warning,
                               message: $0.message)
            }
            var notes: [String] = []
            let spectra = try? SpectrumAccumulator.merged(cases.map(\.spectra))
            if split.outOfDistribution { notes.append("out-of-distribution split: \(split.name)") }
            let status: EntryStatus = run.status == .failed ? .failed : failures > 0 ? .partial : .complete
            entries.append(LeaderboardEntry(
                method: run.methodName, version: run.methodVersion, kind: entryKind(run.methodKind),
                track: Track(rawValue: run.track) ?? .budgeted, language: run.language, sandboxed: run.sandboxed,
                sandboxProfileSHA256: run.sandboxProfileHash.isEmpty ? nil : run.sandboxProfileHash,
                pluginSHA256: run.pluginHash.isEmpty ? nil : run.pluginHash, status: status,
                failureReason: run.failureReason ?? records.first { $0.failed }?.failureReason,
                caseCount: max(cases.count, splitCases), failureCount: run.status == .failed && cases.isEmpty ? splitCases : failures,
                metrics: summaries, cost: cost, ladder: placement, comparison: comparison, findings: findings, notes: notes))
            entries[entries.count - 1].members = track == .single ? nil : members[run.id]
            if let spectra {
                var ratios: [String: Double] = [:]
                for band in FrequencyBand.allCases { ratios[band.rawValue] = spectra.bandRatio(band, lead: nil) }
                entries[entries.count - 1].spectralRatio = ratios
                entries[entries.count - 1].effectiveResolution = spectra.effectiveResolution()
                entries[entries.count - 1].spectrum = spectra.meanSpectra().predicted
            }
            entries[entries.count - 1].leadCurves = Self.leadCurves(cases, metrics: [.rmse, .crps, .acc, headline])
            entries[entries.count - 1].rankHistogram = Self.rankHistogram(cases)
            if let submission = submissions[run.id] {
                entries[entries.count - 1].manifest = Self.manifestLink(contentHash: submission.contentHash)
                entries[entries.count - 1].notes.append("submission of team \(submission.team), content SHA-256 \(submission.contentHash)")
            }
        }
        // Rank bands over the entries that scored every case of the table (failures included).
        let complete = runs.filter { (scores[$0.id]?.count ?? 0) == splitCases && splitCases > 0 }
        if complete.count > 1, let bands = try? CrossTaskRanking.rankBands(
            metric: headline, methods: Dictionary(uniqueKeysWithValues: complete.map { ($0.methodName, scores[$0.id]!) })) {
            for rank in bands {
                guard let index = entries.firstIndex(where: { $0.method == rank.method }) else { continue }
                entries[index].rankBand = rank.band
                entries[index].rankInterval = [rank.rankLower, rank.rankUpper]
            }
        }
        var task = LeaderboardTask(taskId: tableName, version: spec.version, specSHA256: spec.sourceHash,
                                   headlineMetric: headline.rawValue, lowerIsBetter: headline.orientation != .higherIsBetter,
                                   entries: entries, labels: Self.labels(spec: spec, split: split))
        task.track = track == .single ? nil : track.rawValue
        let lyapunov = spec.scoring.lyapunovExponent
        task.leadTimes = spec.observation.leadTimes.map { $0 * (lyapunov ?? 1) }
        task.leadUnit = lyapunov == nil ? "time units" : "Lyapunov times"
        task.lyapunovExponent = lyapunov
        // Every run scored the same cases, so any one run's target spectra are the truth's.
        if let cases = runs.compactMap({ scores[$0.id] }).first(where: { !$0.isEmpty }),
           let truth = try? SpectrumAccumulator.merged(cases.map(\.spectra)) {
            task.wavenumbers = truth.geometry.shellWavenumbers
            task.truthSpectrum = truth.meanSpectra().target
        }
        return (task, rows)
    }

    /// The rank histogram summed over the cases predicted with the run's largest member count
    /// (failure substitutes have one member) and normalised to frequencies; nil below 2 members.
    static func rankHistogram(_ cases: [CaseScore]) -> [Double]? {
        guard let members = cases.map(\.memberCount).max(), members >= 2 else { return nil }
        var counts = [Double](repeating: 0, count: members + 1)
        for item in cases where item.memberCount == members {
            for (bin, count) in item.ensemble.rankHistogram.enumerated() { counts[bin] += count }
        }
        let total = counts.reduce(0, +)
        return total > 0 ? counts.map { $0 / total } : nil
    }

    /// Per-lead means over cases of each metric every case has at every lead.
    static func leadCurves(_ cases: [CaseScore], metrics: [Metric]) -> [String: [Double]]? {
        guard !cases.isEmpty else { return nil }
        var curves: [String: [Double]] = [:]
        for metric in metrics {
            let rows = cases.compactMap { $0.perLead[metric] }
            guard rows.count == cases.count, let leads = rows.first?.count, rows.allSatisfy({ $0.count == leads }) else { continue }
            let columns = (0..<leads).map { lead in rows.compactMap { $0[lead] } }
            guard columns.allSatisfy({ $0.count == cases.count }) else { continue }
            curves[metric.rawValue] = columns.map { $0.reduce(0, +) / Double($0.count) }
        }
        return curves.isEmpty ? nil : curves
    }

    /// Summed CASP Z-scores of the headline means over every table.
    /// A task with two tracks counts once, by its ensemble table (every method is in it, scored
    /// by the proper score), so deterministic methods are not counted twice.
    static func ranking(_ tasks: [LeaderboardTask]) -> [ChallengeRank] {
        var tables: [String: Int] = [:]
        let perTable = tasks.filter { $0.track != TableTrack.deterministic.rawValue }.map { task -> (metric: Metric, scores: [String: Double]) in
            var scores: [String: Double] = [:]
            for entry in task.entries {
                if let mean = entry.metrics[task.headlineMetric]?.mean, mean.isFinite {
                    scores[entry.method] = mean
                    tables[entry.method, default: 0] += 1
                }
            }
            return (Metric(rawValue: task.headlineMetric) ?? .vrmse, scores)
        }
        return CrossTaskRanking.totalZScores(perTable)
            .map { ChallengeRank(method: $0.key, totalZ: $0.value, tables: tables[$0.key] ?? 0) }
            .sorted { ($0.totalZ, $1.method) > ($1.totalZ, $0.method) }
    }

    /// The shift labels of a split's table: out of distribution, resolution shift (with both grids).
    static func labels(spec: TaskSpec, split: TaskSpec.Split) -> [String]? {
        func grid(_ points: [Int]) -> String { points.map(String.init).joined(separator: "×") }
        var labels: [String] = []
        if split.outOfDistribution { labels.append("out of distribution") }
        if let points = split.observationPoints {
            labels.append("resolution shift: \(grid(points)) grid (trained on \(grid(spec.observation.points)))")
        }
        return labels.isEmpty ? nil : labels
    }

    /// `burgers-1d` for the main test split, `burgers-1d/test-ood` for the others.
    func tableID(_ spec: TaskSpec, _ split: TaskSpec.Split) -> String {
        split.name == "test" ? spec.id : "\(spec.id)/\(split.name)"
    }

    func entryKind(_ kind: String) -> EntryKind {
        switch kind {
        case "ladder": return .ladderRung
        case "baseline": return .baseline
        case "example": return .example
        default: return .submission
        }
    }
}

extension MachineDescription {
    /// This machine, as read from /proc and /etc/os-release.
    public static var current: MachineDescription {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces) } ?? "unknown"
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        let os = release.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
            .map { String($0.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? "Linux"
        return MachineDescription(cpuModel: model, cores: ProcessInfo.processInfo.activeProcessorCount,
                                  memoryBytes: Int64(ProcessInfo.processInfo.physicalMemory), operatingSystem: os)
    }
}
