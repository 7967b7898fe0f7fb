import Datasets
import Foundation
import HoldoutCore
import Leakage
import Scoring

/// Everything the harness holds for one task in one round: the public splits on disk (for
/// methods to train on), the hidden cases in memory (targets never leave the harness), and
/// the training climatology the scorer needs.
public struct TaskData: Sendable {
    public let spec: TaskSpec
    /// HDF5 files of the public splits, by split name.
    public let publicFiles: [String: URL]
    /// The directory holding `publicFiles`, mounted read-only into sandboxes.
    public let publicDirectory: URL
    /// Hidden splits of earlier, closed rounds, published into `publicDirectory/revealed/` at
    /// each close (`revealClosedRound`): public data from then on, and searched by the
    /// leakage checks like every other public split.
    public let revealedFiles: [URL]
    /// Hidden cases by split name, in index order.
    public let hiddenCases: [String: [GeneratedCase]]
    /// The public validation split: predicted beside the hidden cases, never ranked, so the
    /// generalisation-gap check can compare a method's public and hidden scores.
    public let validationCases: [GeneratedCase]
    /// Mean and σ per grid point and component from the training split only, for `acc` and `valid-time`.
    public let climatology: TrainingClimatology
    /// SHA-256 over the canonical bytes of every hidden case (inputs and targets), in order.
    public let hiddenDataHash: String
    /// The duplicates check of the hidden cases against the public splits.
    public let duplicateFinding: LeakageFinding
    /// The temporal-separation check (weather-like tasks only; empty otherwise).
    public let temporalSeparationFindings: [LeakageFinding]

    /// Splits scored on the board, hidden ones in spec order.
    public var scoredSplits: [TaskSpec.Split] { spec.splits.filter { $0.visibility == .hidden } }

    /// The scorer of one split, on the split's own grid (a resolution-shift split's is finer).
    public func scorer(for split: TaskSpec.Split) throws -> CaseScorer {
        try Self.scorer(spec: spec, split: split, climatology: climatology)
    }

    /// The official scorer of `split`, given the training climatology on the training grid.
    public static func scorer(spec: TaskSpec, split: TaskSpec.Split, climatology: TrainingClimatology) throws -> CaseScorer {
        try scorer(spec: spec, points: spec.points(for: split), climatology: climatology)
    }

    /// The official scorer on the grid `points`, given the training climatology on the training
    /// grid. Mean and σ are one value per component, the same at every point
    /// (`climatology(_:spec:)`), so they carry over to any grid unchanged.
    public static func scorer(spec: TaskSpec, points: [Int], climatology: TrainingClimatology) throws -> CaseScorer {
        let components = spec.observation.fields.count
        func broadcast(_ values: [Double]) -> [Double] {
            let perComponent = Array(values.prefix(components))
            return (0..<points.reduce(1, *)).flatMap { _ in perComponent }
        }
        let onGrid = TrainingClimatology(mean: broadcast(climatology.mean), std: broadcast(climatology.std))
        return try CaseScorer(configuration: scoringConfiguration(spec: spec, climatology: onGrid), spatialShape: points)
    }

    /// The official scorer's configuration for a task, given its training climatology.
    public static func scoringConfiguration(spec: TaskSpec, climatology: TrainingClimatology) -> ScoringConfiguration {
        ScoringConfiguration(
            leadTimes: spec.observation.leadTimes,
            domainLengths: spec.physics.lengths,
            nrmseFloor: spec.scoring.nrmseFloor,
            bands: spec.scoring.bands == "pdebench" ? .pdebench : .relative(),
            climatologyStd: climatology.std,
            climatologyMean: climatology.mean,
            lyapunovExponent: spec.scoring.lyapunovExponent,
            validTimeThreshold: spec.scoring.validTimeThreshold,
            correlationThreshold: spec.scoring.correlationThreshold,
            headlineMetric: Metric(rawValue: spec.scoring.headline) ?? .vrmse)
    }
}

extension TaskData {
    /// Prepares a task: generates (or reuses) its public splits under the workspace and its
    /// hidden splits from the round's secret.
    /// - Parameter hiddenDirectory: the round's organiser state, where hidden splits are kept
    ///   (mode 0600) once generated, so later evaluations of the round read them instead.
    public static func prepare(spec: TaskSpec, workspace: Workspace, secret: RoundSecret, roundLabel: String,
                               hiddenDirectory: URL, progress: ProgressReporter) throws -> TaskData {
        let generator = try CaseGenerator(spec: spec)
        let publicDirectory = Self.publicDirectory(spec: spec, workspace: workspace)
        try FileManager.default.createDirectory(at: publicDirectory, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: publicDirectory.path)
        var files: [String: URL] = [:]
        var trainCases: [GeneratedCase] = []
        var publicCases: [GeneratedCase] = []
        for split in spec.splits where split.visibility == .public {
            let url = publicDirectory.appendingPathComponent("\(split.name)-\(split.cases).h5")
            files[split.name] = url
            let cases: [GeneratedCase]
            if FileManager.default.fileExists(atPath: url.path) {
                cases = try PublicSplitFile.readCases(from: url, spec: spec, split: split)
            } else {
                cases = progress.track("\(spec.id): generating public \(split.name) split", total: split.cases) { tick in
                    generator.generate(split: split, count: split.cases, key: SeedDerivation.publicKey, seedOrigin: "public",
                                       progress: { _ in tick() })
                }
                try PublicSplitFile.write(cases, spec: spec, split: split, to: url)
            }
            if split.name == "train" {
                trainCases = cases
                try SplitStatistics(cases: cases, fields: spec.observation.fields)
                    .write(to: publicDirectory.appendingPathComponent("stats.yaml"))
            }
            publicCases += cases
        }
        let revealed = try revealedSplits(spec: spec, publicDirectory: publicDirectory)
        publicCases += revealed.flatMap(\.cases)
        var hidden: [String: [GeneratedCase]] = [:]
        let taskHidden = hiddenDirectory.appendingPathComponent("\(spec.id)-\(spec.version)-\(spec.sourceHash.prefix(12))")
        try FileManager.default.createDirectory(at: taskHidden, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        for split in spec.splits where split.visibility == .hidden {
            let url = hiddenFile(in: taskHidden, split: split)
            if FileManager.default.fileExists(atPath: url.path) {
                hidden[split.name] = try PublicSplitFile.readCases(from: url, spec: spec, split: split).map {
                    var item = $0
                    item.seedOrigin = roundLabel
                    return item
                }
                continue
            }
            let cases = progress.track("\(spec.id): generating hidden \(split.name) split", total: split.cases) { tick in
                generator.generate(split: split, count: split.cases, key: secret.bytes, seedOrigin: roundLabel,
                                   progress: { _ in tick() })
            }
            try PublicSplitFile.write(cases, spec: spec, split: split, to: url, permissions: 0o600)
            hidden[split.name] = cases
        }
        let hash = hiddenHash(spec.splits.filter { $0.visibility == .hidden }.flatMap { hidden[$0.name] ?? [] })
        let hiddenCases = spec.splits.filter { $0.visibility == .hidden }.flatMap { hidden[$0.name] ?? [] }
        let duplicates = try progress.track("\(spec.id): duplicate search", total: 1) { tick in
            defer { tick() }
            return try DuplicateCheck.run(spec: spec, publicCases: publicCases, hidden: hiddenCases)
        }
        let separation = progress.track("\(spec.id): temporal separation", total: 1) { tick in
            defer { tick() }
            return TemporalSeparationCheck.run(spec: spec, publicCases: publicCases, hidden: hiddenCases)
        }
        return TaskData(spec: spec, publicFiles: files, publicDirectory: publicDirectory, revealedFiles: revealed.map(\.file),
                        hiddenCases: hidden,
                        validationCases: publicCases.filter { $0.split == "validation" },
                        climatology: climatology(trainCases, spec: spec), hiddenDataHash: hash, duplicateFinding: duplicates,
                        temporalSeparationFindings: separation)
    }

    /// The public data directory of one version of a task in a workspace.
    public static func publicDirectory(spec: TaskSpec, workspace: Workspace) -> URL {
        workspace.dataDirectory(task: spec.id).appendingPathComponent("\(spec.version)-\(spec.sourceHash.prefix(12))")
    }

    /// Subdirectory of the public data holding revealed rounds, `round-<N>-<split>.h5`.
    public static let revealedSubdirectory = "revealed"

    /// Publishes a closed round's hidden split (a file of the round's state) as public data.
    public static func revealClosedRound(_ round: Int, split: TaskSpec.Split, hiddenFile: URL,
                                         spec: TaskSpec, workspace: Workspace) throws {
        let directory = publicDirectory(spec: spec, workspace: workspace).appendingPathComponent(revealedSubdirectory)
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        let copy = directory.appendingPathComponent("round-\(round)-\(split.name).h5")
        try? manager.removeItem(at: copy)
        try manager.copyItem(at: hiddenFile, to: copy)
        try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: copy.path)
    }

    /// The revealed splits of earlier rounds, in file-name order; each case's `split` names its
    /// source (`round-1-test`), so findings say where a duplicate came from.
    static func revealedSplits(spec: TaskSpec, publicDirectory: URL) throws -> [(file: URL, cases: [GeneratedCase])] {
        let directory = publicDirectory.appendingPathComponent(revealedSubdirectory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return try names.filter { $0.hasSuffix(".h5") }.sorted().compactMap { name in
            let source = String(name.dropLast(3))
            // round-<N>-<split name>; split names may contain "-".
            let parts = source.split(separator: "-", maxSplits: 2).map(String.init)
            guard parts.count == 3, parts[0] == "round", Int(parts[1]) != nil,
                  let split = spec.splits.first(where: { $0.name == parts[2] }) else { return nil }
            let file = directory.appendingPathComponent(name)
            let cases = try PublicSplitFile.readCases(from: file, spec: spec, split: split).map { item -> GeneratedCase in
                var copy = item
                copy.split = source
                return copy
            }
            return (file, cases)
        }
    }

    /// Where a hidden split is kept in the round's state (mode 0600).
    public static func hiddenFile(in directory: URL, split: TaskSpec.Split) -> URL {
        directory.appendingPathComponent("\(split.name)-\(split.cases).h5")
    }

    /// Mean and σ of the training split over cases, frames and grid points, per component,
    /// broadcast to every grid point (the domains are periodic and statistically homogeneous).
    public static func climatology(_ cases: [GeneratedCase], spec: TaskSpec) -> TrainingClimatology {
        let components = spec.observation.fields.count
        let points = spec.observation.points.reduce(1, *)
        var sums = [Double](repeating: 0, count: components), squares = sums, counts = sums
        for item in cases {
            for field in [item.inputs, item.targets] {
                for (index, value) in field.values.enumerated() {
                    let c = index % components
                    sums[c] += value
                    squares[c] += value * value
                    counts[c] += 1
                }
            }
        }
        let mean = (0..<components).map { c in counts[c] > 0 ? sums[c] / counts[c] : 0 }
        let std = (0..<components).map { c -> Double in
            guard counts[c] > 1 else { return 1 }
            return max((squares[c] / counts[c] - mean[c] * mean[c]).squareRoot(), 1e-12)
        }
        return TrainingClimatology(mean: (0..<points).flatMap { _ in mean }, std: (0..<points).flatMap { _ in std })
    }

    /// SHA-256 over the canonical bytes of `cases` (inputs and targets), in order: the test-data commitment.
    /// Binds each case's split, index, id and out-of-distribution flag with its inputs and
    /// targets: released files cannot re-label or re-order cases without changing the hash.
    public static func hiddenHash(_ cases: [GeneratedCase]) -> String {
        let digests = cases.map {
            "\($0.split)/\($0.index)/\($0.id)/\($0.outOfDistribution ? "ood" : "in"):"
                + "\(SHA256Digest.hex(of: $0.inputs)):\(SHA256Digest.hex(of: $0.targets))"
        }
        return SHA256Digest.hex(of: Array(digests.joined(separator: "\n").utf8))
    }
}

/// The training split's climatology per grid point and component ([space…, component] order).
public struct TrainingClimatology: Sendable, Equatable {
    /// Reference of the anomalies in `acc`.
    public var mean: [Double]
    /// Normaliser of `valid-time`.
    public var std: [Double]

    public init(mean: [Double], std: [Double]) {
        self.mean = mean
        self.std = std
    }
}
