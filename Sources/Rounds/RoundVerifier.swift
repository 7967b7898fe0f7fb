import Crypto
import Datasets
import Foundation
import Harness
import HoldoutCore
import Publishing
import Scoring

/// `holdout round verify`: what anyone with the repository and a closed round's released files
/// can check, without trusting the organiser:
/// 1. the commitment's signature (when signed) and the revealed secret against its hash;
/// 2. the released test data against the committed hash, exactly;
/// 3. the test data regenerated from the secret against the released data, within the spec's
///    reproducibility tolerance (FFTW may take other SIMD paths on another CPU);
/// 4. every stored prediction re-scored with the official scorer against the published
///    per-case numbers of the round's latest leaderboard version, exactly.
public struct RoundVerifier {
    public let plan: ChallengePlan
    public let roundDirectory: URL
    /// The organiser's published Ed25519 public key (hex). A signature checks only against the
    /// key written in the commitment itself, which anyone re-signing an edited commitment can
    /// replace, so without this the signature proves integrity, not authorship.
    public let organiserKey: String?

    public init(plan: ChallengePlan, roundDirectory: URL, organiserKey: String? = nil) {
        self.plan = plan
        self.roundDirectory = roundDirectory
        self.organiserKey = organiserKey?.lowercased()
    }

    public struct Report: CustomStringConvertible, Sendable {
        public var passed: [String] = []
        public var problems: [String] = []
        public var isValid: Bool { problems.isEmpty }
        public var description: String {
            (passed.map { "ok: \($0)" } + problems.map { "FAILED: \($0)" }).joined(separator: "\n")
                + "\n" + (isValid ? "round verified" : "round NOT verified: \(problems.count) problem(s)")
        }
        mutating func check(_ condition: Bool, _ ok: String, _ failure: @autoclosure () -> String) {
            if condition { passed.append(ok) } else { problems.append(failure()) }
        }
    }

    public func verify() throws -> Report {
        var report = Report()
        let commitment = try JSONDecoder().decode(RoundCommitment.self,
                                                  from: Data(contentsOf: roundDirectory.appendingPathComponent("commitment.json")))
        switch (try commitment.signatureIsValid(), organiserKey) {
        case (nil, nil):
            report.passed.append("commitment is unsigned (no organiser key configured)")
        case (nil, let key?):
            report.problems.append("commitment is unsigned, but the organiser's key \(key.prefix(16))… was given")
        case (false?, _):
            report.problems.append("commitment signature does not verify")
        case (true?, nil):
            report.passed.append("commitment signature verifies (ed25519, key \(commitment.signature!.publicKey.prefix(16))…; "
                                 + "pass --public-key with the organiser's published key to check who signed)")
        case (true?, let key?):
            report.check(commitment.signature!.publicKey.lowercased() == key,
                         "commitment signature verifies with the organiser's key \(key.prefix(16))…",
                         "commitment is signed with key \(commitment.signature!.publicKey.prefix(16))…, not the organiser's \(key.prefix(16))…")
        }
        report.check(commitment.challenge == plan.challenge.id && "round-\(commitment.round)" == roundDirectory.lastPathComponent,
                     "commitment is for \(commitment.challenge) round \(commitment.round)",
                     "commitment is for \(commitment.challenge) round \(commitment.round), not \(plan.challenge.id) \(roundDirectory.lastPathComponent)")
        if let challengeHash = commitment.challengeSHA256 {
            report.check(challengeHash == plan.challenge.sourceHash, "challenge file matches its committed SHA-256",
                         "challenge file differs from the one committed (methods, case counts or feedback fraction changed after the round opened)")
        }
        report.check(commitment.scorerVersion == LeaderboardBuilder.scorerVersion,
                     "scorer version \(commitment.scorerVersion) is the one running",
                     "the round was committed with scorer \(commitment.scorerVersion), this holdout runs \(LeaderboardBuilder.scorerVersion)")
        let reveal = roundDirectory.appendingPathComponent("reveal")
        guard let secretText = try? String(contentsOf: reveal.appendingPathComponent("secret.hex"), encoding: .utf8),
              let secret = RoundCommitment.bytes(secretText.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            report.problems.append("no revealed secret at \(reveal.path)/secret.hex (is the round closed?)")
            return report
        }
        let secretBytes = Array(secret)
        report.check(SHA256Digest.hex(of: secretBytes) == commitment.secretSHA256,
                     "revealed secret matches its committed SHA-256", "revealed secret does not match the committed SHA-256")

        var taskHashes: [String] = []
        var released: [String: [String: [GeneratedCase]]] = [:]
        for spec in plan.tasks {
            guard let committed = commitment.tasks.first(where: { $0.id == spec.id }) else {
                report.problems.append("task \(spec.id) is not in the commitment")
                continue
            }
            report.check(committed.specSHA256 == spec.sourceHash, "\(spec.id): spec matches the committed hash",
                         "\(spec.id): the spec in this repository differs from the one committed (\(committed.specSHA256.prefix(12))…)")
            var cases: [GeneratedCase] = []
            var bySplit: [String: [GeneratedCase]] = [:]
            for split in spec.splits where split.visibility == .hidden {
                let file = reveal.appendingPathComponent("test-data/\(spec.id)/\(split.name).h5")
                let splitCases = try PublicSplitFile.readCases(from: file, spec: spec, split: split)
                bySplit[split.name] = splitCases
                cases += splitCases
            }
            released[spec.id] = bySplit
            let hash = TaskData.hiddenHash(cases)
            taskHashes.append("\(spec.id):\(hash)")
            report.check(hash == committed.testDataSHA256, "\(spec.id): released test data match the committed hash exactly",
                         "\(spec.id): released test data do not match the committed hash")
            report.check(try regenerationMatches(spec: spec, released: bySplit, secret: secretBytes),
                         "\(spec.id): test data regenerated from the secret agree within \(spec.reproducibility.tolerance)",
                         "\(spec.id): test data regenerated from the secret differ from the released data")
        }
        let combined = SHA256Digest.hex(of: Array(taskHashes.joined(separator: "\n").utf8))
        report.check(combined == commitment.testDataSHA256, "combined test-data hash matches the commitment",
                     "combined test-data hash does not match the commitment")
        try rescore(released: released, into: &report)
        return report
    }

    /// One prediction [member, lead, space…, component] from the per-field slices
    /// [member, lead, space…] that the export writes (`t0_fields/<field>`, one per component).
    static func interleavingComponents(_ slices: [Field]) -> Field {
        let components = slices.count
        let count = slices.first?.values.count ?? 0
        var values = [Double](repeating: 0, count: count * components)
        for (c, slice) in slices.enumerated() {
            for j in 0..<count { values[j * components + c] = slice.values[j] }
        }
        return Field(axes: (slices.first?.axes ?? []) + [Axis(.component)],
                     shape: (slices.first?.shape ?? []) + [components], values: values)
    }

    /// Largest difference relative to the field's largest magnitude, over every released case;
    /// any non-finite value fails (NaN would otherwise compare as "no difference").
    func regenerationMatches(spec: TaskSpec, released: [String: [GeneratedCase]], secret: [UInt8]) throws -> Bool {
        let generator = try CaseGenerator(spec: spec)
        for split in spec.splits where split.visibility == .hidden {
            let fresh = generator.generate(split: split, count: split.cases, key: secret, seedOrigin: "verify")
            for (a, b) in zip(fresh, released[split.name] ?? []) {
                for (x, y) in [(a.inputs, b.inputs), (a.targets, b.targets)] {
                    guard x.shape == y.shape, x.values.allSatisfy(\.isFinite), y.values.allSatisfy(\.isFinite) else { return false }
                    let scale = max(y.values.map(abs).max() ?? 1, 1e-300)
                    let difference = zip(x.values, y.values).map { abs($0 - $1) }.max() ?? 0
                    if !(difference / scale <= spec.reproducibility.tolerance) { return false }
                }
            }
            if fresh.count != released[split.name]?.count { return false }
        }
        return true
    }

    /// Re-scores the released predictions and compares with the latest published cases.csv.
    func rescore(released: [String: [String: [GeneratedCase]]], into report: inout Report) throws {
        let versions = Publisher.existingVersions(in: roundDirectory)
        guard let latest = versions.max() else {
            report.problems.append("no published leaderboard version under \(roundDirectory.path)")
            return
        }
        let version = roundDirectory.appendingPathComponent("v\(latest)")
        let integrity = Publisher.verify(versionDirectory: version)
        report.check(integrity.problems.isEmpty, "leaderboard v\(latest) is intact (every file matches its manifest)",
                     "leaderboard v\(latest) does not match its manifest: \(integrity.problems)")
        let rows = try CaseRow.parseTable(String(contentsOf: version.appendingPathComponent("cases.csv"), encoding: .utf8))
        var mismatches: [String] = []
        var checked = 0
        for spec in plan.tasks {
            let train = spec.split(named: "train")!
            let climatology = TaskData.climatology(
                try CaseGenerator(spec: spec).generate(split: train, count: train.cases, key: SeedDerivation.publicKey, seedOrigin: "public"),
                spec: spec)
            for split in spec.splits where split.visibility == .hidden {
                let scorer = try TaskData.scorer(spec: spec, split: split, climatology: climatology)
                let cases = Dictionary(uniqueKeysWithValues: (released[spec.id]?[split.name] ?? []).map { ($0.id, $0) })
                let directory = roundDirectory.appendingPathComponent("reveal/predictions/\(spec.id)/\(split.name)")
                let tableRows = rows.filter { $0.split == split.name && ($0.task == spec.id || $0.task.hasPrefix(spec.id + "/")) }
                for method in Set(tableRows.map(\.method)).sorted() {
                    let file = directory.appendingPathComponent("\(method).h5")
                    let predictions = FileManager.default.fileExists(atPath: file.path) ? try WellHDF5.read(from: file) : nil
                    var byCase: [String: Field] = [:]
                    let fields = predictions.map { file in spec.observation.fields.compactMap { file.field(named: $0) } } ?? []
                    if let predictions, case let .strings(ids)? = predictions.holdoutMetadata["case_id"],
                       fields.count == spec.observation.fields.count {
                        for (index, id) in ids.enumerated() {
                            let slice = Self.interleavingComponents(fields.map { $0.slice(index) })
                            byCase[id] = slice.isFinite ? slice : nil
                        }
                    } else if FileManager.default.fileExists(atPath: file.path) || tableRows.contains(where: { $0.method == method && !$0.failed }) {
                        mismatches.append("\(spec.id)/\(split.name) \(method): no readable predictions at reveal/predictions/\(spec.id)/\(split.name)/\(method).h5 with every field")
                    }
                    for row in tableRows where row.method == method {
                        guard let item = cases[row.caseId] else {
                            mismatches.append("\(method) \(row.caseId): case not in the released test data")
                            continue
                        }
                        let score = try scorer.scoreOrSubstitute(caseID: row.caseId, prediction: byCase[row.caseId], target: item.targets,
                                                                 lastInput: item.lastInput, failureReason: row.failed ? (row.failureReason ?? "failed") : nil)
                        for (name, published) in row.metrics {
                            guard let metric = Metric(rawValue: name) else { continue }
                            let value = score.value(metric)
                            if value != published { mismatches.append("\(spec.id)/\(split.name) \(method) \(row.caseId) \(name): published \(published), re-scored \(value.map { "\($0)" } ?? "none")") }
                            checked += 1
                        }
                    }
                }
            }
        }
        report.check(mismatches.isEmpty, "re-scored \(checked) published per-case values from the stored predictions: all identical",
                     "re-scoring differs from the published numbers:\n  " + mismatches.prefix(20).joined(separator: "\n  "))
    }
}
