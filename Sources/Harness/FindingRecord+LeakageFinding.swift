import Leakage
import Store

extension FindingRecord {
    /// A leakage finding as stored with a run, under the check's stable name.
    init(_ finding: LeakageFinding, runID: String) {
        self.init(runID: runID, check: finding.check.rawValue, severity: finding.severity.rawValue, message: finding.message)
    }
}
