import HoldoutCore
@testable import Leakage
import Testing

@Suite struct ContextInvarianceCheckTests {
    static func field(_ v: [Double]) -> Field { TestData.field(v) }

    /// A method that normalises every case with the statistics of the whole batch: run in a
    /// batch it subtracts the batch mean, run alone it subtracts the case's own mean.
    @Test func batchNormalisingMethodIsFlagged() {
        let inputs = (0..<8).map { k in TestData.gaussian(16, key: 12, stream: UInt64(k)).map { $0 + Double(k) } }
        let batchMean = inputs.joined().reduce(0, +) / Double(8 * 16)
        let pairs = inputs.enumerated().map { k, x in
            let ownMean = x.reduce(0, +) / 16
            return (caseID: "c\(k)", batched: Self.field(x.map { $0 - batchMean }), alone: Self.field(x.map { $0 - ownMean }))
        }
        let check = ContextInvarianceCheck(tolerance: 1e-9, pairs: pairs)
        // Each case's difference is |batch mean − own mean|, constant over the case.
        for (k, x) in inputs.enumerated() {
            let expected = abs(batchMean - x.reduce(0, +) / 16)
            #expect(abs(check.cases[k].maxAbsDifference - expected) < 1e-12)
        }
        #expect(check.flagged.count == 8)
        let finding = check.finding(method: "batchnorm")
        #expect(finding.severity == .critical && finding.check == .contextInvariance)
        #expect(finding.caseIDs.count == 8)
        // Case 0 (offset 0) and case 7 (offset 7) are farthest from the batch mean (≈ 3.5).
        #expect(["c0", "c7"].contains(check.worst?.caseID ?? ""))
    }

    @Test func deterministicMethodWithinToleranceIsClean() {
        let pairs = (0..<5).map { k in
            let x = TestData.gaussian(10, key: 13, stream: UInt64(k))
            // Differences of 1e-14 (a reduction in another order) are within the tolerance 1e-12.
            return (caseID: "c\(k)", batched: Self.field(x), alone: Self.field(x.map { $0 + 1e-14 }))
        }
        let check = ContextInvarianceCheck(tolerance: 1e-12, pairs: pairs)
        #expect(check.flagged.isEmpty)
        #expect(check.finding(method: "ok").severity == .info)
        #expect((check.worst?.maxAbsDifference ?? 0) < 1e-12)
    }

    @Test func shapeMismatchAndOneSidedNaNAreInfinite() {
        let nan = Double.nan
        let check = ContextInvarianceCheck(tolerance: 1, pairs: [
            (caseID: "shape", batched: Self.field([1, 2]), alone: Self.field([1, 2, 3])),
            (caseID: "nan", batched: Self.field([1, nan]), alone: Self.field([1, 2])),
            (caseID: "both-nan", batched: Self.field([1, nan]), alone: Self.field([1, nan])),
            (caseID: "exact", batched: Self.field([0.5, 4]), alone: Self.field([0.5, 3.25])),
        ])
        #expect(check.cases.map(\.maxAbsDifference) == [.infinity, .infinity, 0, 0.75])
        #expect(check.flagged.map(\.caseID) == ["shape", "nan"])
    }
}
