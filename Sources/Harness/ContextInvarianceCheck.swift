import Foundation
import HoldoutCore
import MethodHost
import Store

/// Leakage check "context invariance" (Kapoor & Narayanan: preprocessing on train + test).
///
/// A method must predict each case from that case's inputs alone. A few cases, drawn
/// deterministically from the run id, are predicted again, each alone in a fresh prediction
/// process; a case whose prediction differs from the batched one by more than the method's
/// declared determinism tolerance (its manifest; the task's for built-ins) shows that the
/// method looked at the other test cases of its batch, e.g. normalised with batch statistics.
struct ContextInvarianceCheck {
    let evaluation: MethodEvaluation
    static let name = "context-invariance"

    func run(artifacts: URL, scratch: URL) throws -> [FindingRecord] {
        let spec = evaluation.spec
        let count = spec.leakage.contextInvarianceCases
        guard count > 0, spec.budgets.batchSize > 1 else { return [] }
        let stored = try evaluation.store.caseResults(runID: evaluation.runID)
            .filter { !$0.failed && $0.prediction != nil && evaluation.data.hiddenCases[$0.split] != nil }
        guard !stored.isEmpty else { return [] }
        var rng = CounterRNG(key: UInt64(evaluation.runID.prefix(15), radix: 16) ?? 1, stream: 7)
        let chosen = Array(stored.map { ($0, rng.next()) }.sorted { $0.1 < $1.1 }.prefix(count).map(\.0))
        let tolerance = max(evaluation.launcher.determinismTolerance, spec.leakage.determinismTolerance)
        var findings: [FindingRecord] = []
        var worst = 0.0
        for record in chosen {
            guard let item = evaluation.data.hiddenCases[record.split]?.first(where: { $0.index == record.caseIndex }),
                  let batched = record.prediction.map({ [Double](littleEndianBytes: $0) }) else { continue }
            let result = Result { () throws(PluginFailure) -> Field in
                try evaluation.predictAlone(item, artifacts: artifacts, scratch: scratch)
            }
            guard case let .success(alone) = result else {
                if case let .failure(failure) = result {
                    findings.append(FindingRecord(runID: evaluation.runID, check: Self.name, severity: "warning",
                                                  message: "case \(record.caseID) could not be re-run alone: \(failure)"))
                }
                continue
            }
            let difference = zip(alone.values, batched).map { abs($0 - $1) }.max() ?? .infinity
            worst = max(worst, difference)
            if alone.values.count != batched.count || difference > tolerance {
                findings.append(FindingRecord(
                    runID: evaluation.runID, check: Self.name, severity: "critical",
                    message: String(format: "case %@ predicted alone differs from its batched prediction by %.3g (tolerance %.3g): the method depends on the other test cases it sees", record.caseID, difference, tolerance)))
            }
        }
        if findings.isEmpty {
            findings.append(FindingRecord(runID: evaluation.runID, check: Self.name, severity: "info",
                                          message: String(format: "%d case(s) re-run alone in fresh processes; largest difference %.3g (tolerance %.3g)", chosen.count, worst, tolerance)))
        }
        return findings
    }
}
