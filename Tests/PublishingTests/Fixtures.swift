import Foundation
@testable import Publishing

/// A small but complete board: one task with a three-rung ladder, a persistence baseline, a
/// partially failing submission, an example, and a submission that failed outright (no
/// metrics, so it cannot be plotted or ranked but must still be listed).
enum Fixtures {
    static func summary(_ mean: Double) -> MetricSummary {
        MetricSummary(mean: mean, median: mean * 0.9, p95: mean * 1.8, worst: mean * 2.5,
                      ci95Low: mean * 0.8, ci95High: mean * 1.2)
    }

    static func entry(
        _ method: String, kind: EntryKind, track: Track = .baseline, vrmse: Double?, cost: Double,
        status: EntryStatus = .complete, failures: Int = 0, sandboxed: Bool = true,
        findings: [LeakageFinding] = []
    ) -> LeaderboardEntry {
        LeaderboardEntry(
            method: method, version: "1.0.0", kind: kind, track: track, language: "swift",
            sandboxed: sandboxed, sandboxProfileSHA256: sandboxed ? String(repeating: "a", count: 64) : nil,
            pluginSHA256: String(repeating: "b", count: 64), status: status,
            failureReason: failures > 0 || status == .failed ? "timeout after 10 s" : nil,
            caseCount: 8, failureCount: failures,
            metrics: vrmse.map { ["vrmse": summary($0), "crps": summary($0 / 2)] } ?? [:],
            cost: Cost(predictWallSecondsPerCase: cost, predictCPUSecondsPerCase: cost * 1.9, startupSeconds: 0.2,
                       trainWallSeconds: track == .budgeted ? 120 : nil, trainCPUSeconds: track == .budgeted ? 230 : nil),
            ladder: kind == .ladderRung ? nil : LadderPlacement(speedupAtEqualError: 3.5, errorRatioAtEqualCost: 0.4,
                                                                dominated: false, breakEvenCases: 40),
            comparison: kind == .submission
                ? PairedComparison(reference: "spectral-64", meanDifference: -0.01, ci95Low: -0.02, ci95High: -0.001, significant: true)
                : nil,
            findings: findings)
    }

    static func task(extra: [LeaderboardEntry] = [], fnoMean: Double = 0.05) -> LeaderboardTask {
        LeaderboardTask(
            taskId: "ks-1d", version: "1.0.0", specSHA256: String(repeating: "c", count: 64),
            headlineMetric: "vrmse", lowerIsBetter: true,
            entries: [
                entry("spectral-32", kind: .ladderRung, vrmse: 0.2, cost: 0.001),
                entry("spectral-64", kind: .ladderRung, vrmse: 0.02, cost: 0.004),
                entry("spectral-128", kind: .ladderRung, vrmse: 0.001, cost: 0.02),
                entry("persistence", kind: .baseline, vrmse: 1.0, cost: 0.0001),
                entry("fno", kind: .submission, track: .budgeted, vrmse: fnoMean, cost: 0.0005,
                      status: .partial, failures: 2, sandboxed: false,
                      findings: [LeakageFinding(check: "near-duplicate", severity: .warning, message: "case 3 is 0.1 from a public case")]),
                entry("template", kind: .example, track: .open, vrmse: 0.5, cost: 0.002),
                entry("crashy", kind: .submission, track: .open, vrmse: nil, cost: 0.0, status: .failed, failures: 8),
            ] + extra)
    }

    static func document(task: LeaderboardTask = Fixtures.task(), scorer: String = "1.0.0") -> LeaderboardDocument {
        LeaderboardDocument(
            challengeId: "starter", challengeTitle: "Starter challenge", roundId: "round-0", roundStatus: .starter,
            commitment: Commitment(secretSHA256: String(repeating: "d", count: 64), testDataSHA256: String(repeating: "e", count: 64)),
            scorerVersion: scorer, harnessVersion: "0.1.0",
            machine: MachineDescription(cpuModel: "Test CPU", cores: 2, memoryBytes: 8 << 30, operatingSystem: "Debian 12"),
            tasks: [task])
    }

    static let cases: [CaseRow] = [
        CaseRow(task: "ks-1d", method: "fno", caseId: "10", split: "test", metrics: ["vrmse": 0.04], wallSeconds: 0.5, cpuSeconds: 0.9),
        CaseRow(task: "ks-1d", method: "fno", caseId: "2", split: "test-ood", outOfDistribution: true, failed: true,
                failureReason: "non-finite output, \"NaN\" at lead 3", metrics: ["vrmse": 1.0, "crps": 0.5], wallSeconds: 0.25, cpuSeconds: 0.5),
    ]

    static func inputs(specHash: String = String(repeating: "c", count: 64)) -> PublicationInputs {
        PublicationInputs(
            taskSpecs: ["ks-1d": specHash], harnessVersion: "0.1.0", scorerVersion: "1.0.0",
            pluginArtifacts: ["fno": String(repeating: "b", count: 64)],
            dataCommitment: String(repeating: "e", count: 64), machine: "m-hash")
    }

    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("publishing-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every file of a directory and its bytes.
    static func snapshot(_ directory: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            out[name] = try Data(contentsOf: directory.appendingPathComponent(name))
        }
        return out
    }

    /// Makes a published (0444) file writable so a test can tamper with it.
    static func makeWritable(_ url: URL) throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
    }
}
