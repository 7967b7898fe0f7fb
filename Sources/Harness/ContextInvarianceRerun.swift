import Foundation
import HoldoutCore
import Leakage
import MethodHost
import Store

/// Leakage check "context invariance" (Kapoor & Narayanan: preprocessing on train + test).
///
/// A method must predict each case from that case's inputs alone. A few cases, drawn
/// deterministically from the run id, are predicted again, each alone in a fresh prediction
/// process; a case whose prediction differs from the batched one by more than the method's
/// declared determinism tolerance (its manifest; the task's for built-ins) shows that the
/// method looked at the other test cases of its batch, e.g. normalised with batch statistics.
struct ContextInvarianceRerun {
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
        var findings: [FindingRecord] = []
        var pairs: [(caseID: String, batched: Field, alone: Field)] = []
        for record in chosen {
            guard let item = evaluation.data.hiddenCases[record.split]?.first(where: { $0.index == record.caseIndex }),
                  let bytes = record.prediction else { continue }
            let result = Result { () throws(PluginFailure) -> Field in
                try evaluation.predictAlone(item, artifacts: artifacts, scratch: scratch)
            }
            switch result {
            case let .success(alone):
                // Compared flat: a different number of values is a difference too (infinite).
                let stored = [Double](littleEndianBytes: bytes)
                pairs.append((record.caseID, Field(axes: [Axis(.space, "flat")], shape: [stored.count], values: stored),
                              Field(axes: [Axis(.space, "flat")], shape: [alone.count], values: alone.values)))
            case let .failure(failure):
                findings.append(FindingRecord(runID: evaluation.runID, check: Self.name, severity: "warning",
                                              message: "case \(record.caseID) could not be re-run alone: \(failure)"))
            }
        }
        // The comparison and its wording are the Leakage module's.
        let tolerance = max(evaluation.launcher.determinismTolerance, spec.leakage.determinismTolerance)
        let finding = Leakage.ContextInvarianceCheck(tolerance: tolerance, pairs: pairs)
            .finding(method: evaluation.launcher.reference.name)
        findings.append(FindingRecord(finding, runID: evaluation.runID))
        return findings
    }
}
