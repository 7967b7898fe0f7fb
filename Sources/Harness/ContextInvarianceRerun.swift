import Datasets
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
        var items: [String: GeneratedCase] = [:]
        for record in chosen {
            guard let item = evaluation.data.hiddenCases[record.split]?.first(where: { $0.index == record.caseIndex }),
                  let bytes = record.prediction else { continue }
            items[record.caseID] = item
            let result = Result { () throws(PluginFailure) -> Field in
                try evaluation.predictAlone(item, artifacts: artifacts, scratch: scratch)
            }
            switch result {
            case let .success(alone):
                // Compared flat: a different number of values is a difference too (infinite).
                let stored = [Double](littleEndianBytes: bytes)
                pairs.append((record.caseID, Self.flat(stored), Self.flat(alone.values)))
            case let .failure(failure):
                findings.append(FindingRecord(runID: evaluation.runID, check: Self.name, severity: "warning",
                                              message: "case \(record.caseID) could not be re-run alone: \(failure)"))
            }
        }
        // The comparison and its wording are the Leakage module's.
        let tolerance = max(evaluation.launcher.determinismTolerance, spec.leakage.determinismTolerance)
        let check = Leakage.ContextInvarianceCheck(tolerance: tolerance, pairs: pairs)
        if let nondeterminism = repeatAlone(check, pairs: pairs, items: items, tolerance: tolerance,
                                                artifacts: artifacts, scratch: scratch) {
            return findings + nondeterminism
        }
        let finding = check.finding(method: evaluation.launcher.reference.name)
        findings.append(FindingRecord(finding, runID: evaluation.runID))
        return findings
    }

    /// A case whose lone prediction differs from its batched one is predicted alone once more.
    /// When the two lone predictions disagree as well, the method is non-deterministic: that is
    /// the finding (its scores cannot be reproduced), and batch dependence cannot be told apart
    /// from it. Returns nil when nothing differed or the repeat agreed (a genuine batch dependence).
    private func repeatAlone(_ check: Leakage.ContextInvarianceCheck, pairs: [(caseID: String, batched: Field, alone: Field)],
                             items: [String: GeneratedCase], tolerance: Double, artifacts: URL, scratch: URL) -> [FindingRecord]? {
        guard let worst = check.flagged.max(by: { $0.maxAbsDifference < $1.maxAbsDifference }),
              let first = pairs.first(where: { $0.caseID == worst.caseID }), let item = items[worst.caseID],
              let again = try? evaluation.predictAlone(item, artifacts: artifacts, scratch: scratch) else { return nil }
        let repeated = Leakage.ContextInvarianceCheck(tolerance: tolerance, pairs: [(worst.caseID, first.alone, Self.flat(again.values))])
        guard let difference = repeated.flagged.first else { return nil }
        let method = evaluation.launcher.reference.name
        let text = String(format: "%.3g", difference.maxAbsDifference)
        return [
            FindingRecord(runID: evaluation.runID, check: Self.determinism, severity: "critical",
                          message: "\(method): case \(worst.caseID) predicted alone in two fresh processes gives different predictions (largest difference \(text), more than the declared tolerance \(tolerance)); the method is not deterministic, so its scores cannot be reproduced."),
            FindingRecord(runID: evaluation.runID, check: Self.name, severity: "warning",
                          message: "\(method): context invariance cannot be judged: the method's predictions differ from run to run (see the determinism finding)."),
        ]
    }

    /// The check that a repeated lone prediction agrees with the first.
    static let determinism = "determinism"

    static func flat(_ values: [Double]) -> Field {
        Field(axes: [Axis(.space, "flat")], shape: [values.count], values: values)
    }
}
