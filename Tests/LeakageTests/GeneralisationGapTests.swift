import HoldoutCore
@testable import Leakage
import Scoring
import Testing

@Suite struct GeneralisationGapTests {
    static func normal(_ n: Int, mean: Double, sd: Double, stream: UInt64) -> [Double] {
        var rng = CounterRNG(key: 77, stream: stream)
        return (0..<n).map { _ in mean + sd * rng.normal() }
    }

    @Test func estimateIsTheDifferenceOfMeans() {
        // By hand: mean([2,3,4]) − mean([1,2,3]) = 1.
        let gap = GeneralisationGap(validation: [1, 2, 3], hidden: [2, 3, 4], bootstrap: Bootstrap(resamples: 200))
        #expect(abs(gap.gap.estimate - 1) < 1e-15)
        #expect(gap.gap.lower <= 1 && gap.gap.upper >= 1)
    }

    @Test func plantedGapIsFlagged() {
        // Hidden losses 0.1 worse on average; standard error of the gap ≈ 0.1·√(2/400) ≈ 0.007.
        let gap = GeneralisationGap(validation: Self.normal(400, mean: 1.0, sd: 0.1, stream: 1),
                                    hidden: Self.normal(400, mean: 1.1, sd: 0.1, stream: 2))
        #expect(gap.significant)
        #expect(abs(gap.gap.estimate - 0.1) < 0.03)
        #expect(gap.gap.lower > 0.07 && gap.gap.upper < 0.13)
        let finding = gap.finding(method: "overfit-net")
        #expect(finding.severity == .warning && finding.check == .generalisationGap)
    }

    @Test func noGapRaisesNoAlarm() {
        let gap = GeneralisationGap(validation: Self.normal(400, mean: 1.0, sd: 0.1, stream: 3),
                                    hidden: Self.normal(300, mean: 1.0, sd: 0.1, stream: 4))
        #expect(!gap.significant)
        #expect(gap.gap.contains(0))
        #expect(gap.finding(method: "honest").severity == .info)
    }

    @Test func betterOnHiddenIsInformationNotAWarning() {
        let gap = GeneralisationGap(validation: Self.normal(400, mean: 1.1, sd: 0.1, stream: 5),
                                    hidden: Self.normal(400, mean: 1.0, sd: 0.1, stream: 6))
        #expect(gap.significant && gap.gap.estimate < 0)
        #expect(gap.finding(method: "m").severity == .info)
    }

    @Test func deterministicForASeed() {
        let v = Self.normal(100, mean: 1, sd: 0.2, stream: 7), h = Self.normal(100, mean: 1.05, sd: 0.2, stream: 8)
        #expect(GeneralisationGap(validation: v, hidden: h) == GeneralisationGap(validation: v, hidden: h))
    }
}
