import Foundation
import Testing
@testable import Scoring

/// A minimal CaseScore carrying one summary value.
func caseScore(_ id: String, _ metric: Metric, _ value: Double, failed: Bool = false) -> CaseScore {
    let geometry = SpectralGeometry(spatialShape: [2], domainLengths: [1], bands: .relative())
    return CaseScore(caseID: id, leadTimes: [1], memberCount: 1, perLead: [metric: [value]], summary: [metric: value],
                     validTime: nil, correlationTime: ThresholdCrossing(leadIndex: nil, time: 1, lyapunovExponent: nil),
                     nrmseFallbacks: 0, failure: failed ? CaseFailure(reason: "crash", substitute: .spatialMean) : nil,
                     spectra: SpectrumAccumulator(geometry: geometry, leadCount: 1, componentCount: 1),
                     ensemble: EnsembleCaseStatistics(memberCount: 1, spreadSquared: [0], ensembleMeanSquaredError: [0],
                                                      rankHistogram: [0, 0]))
}

@Test func quantileIsType7() {
    // numpy.quantile([1,2,3,4], 0.95) = 3.85; ([1,2,3,4,10], 0.95) = 8.8.
    #expect(close(Quantile.linear(sorted: [1, 2, 3, 4], 0.95), 3.85))
    #expect(close(Quantile.linear(sorted: [1, 2, 3, 4, 10], 0.95), 8.8))
    #expect(Quantile.linear(sorted: [7], 0.3) == 7)
}

@Test func metricSummaryOverCases() throws {
    let values = [1.0, 2, 3, 4, 10]
    let cases = values.enumerated().map { caseScore("c\($0.offset)", .rmse, $0.element, failed: $0.offset == 4) }
    let summary = try MetricSummary(metric: .rmse, cases: cases)
    #expect(summary.mean == 4 && summary.median == 3)
    #expect(close(summary.percentile95, 8.8))
    #expect(summary.worst == 10 && summary.worstCaseID == "c4")
    #expect(summary.failureRate == 0.2)
    #expect(summary.meanInterval.contains(4))
    #expect(summary.meanInterval.lower >= 1 && summary.meanInterval.upper <= 10)
    // Higher-is-better: worst is the minimum, "95th percentile" the 5 % quantile.
    let corr = try MetricSummary(metric: .correlation, cases: values.map { caseScore("\($0)", .correlation, $0 / 10) })
    #expect(corr.worst == 0.1)
    #expect(close(corr.percentile95, 0.12))  // numpy.quantile([.1,.2,.3,.4,1], 0.05)
}

@Test func bootstrapIsDeterministicAndCoversTheMean() throws {
    let values = gaussians(50, seed: 9).map { 3 + $0 }
    let mean = values.reduce(0, +) / 50
    let a = try Bootstrap(seed: 42).meanInterval(values)
    let b = try Bootstrap(seed: 42).meanInterval(values)
    let c = try Bootstrap(seed: 43).meanInterval(values)
    #expect(a == b)
    #expect(a != c)
    #expect(a.contains(mean) && close(a.estimate, mean))
    // Width ≈ 2·1.96·σ/√n ≈ 0.55 for σ ≈ 1.
    #expect(a.upper - a.lower > 0.35 && a.upper - a.lower < 0.8)
    // Block bootstrap of a strongly autocorrelated series gives a wider interval.
    let walk = values.indices.map { i in (0...i).reduce(0.0) { $0 + values[$1] - 3 } }
    let iid = try Bootstrap(seed: 1).meanInterval(walk)
    let block = try Bootstrap(seed: 1, blockLength: 10).meanInterval(walk)
    #expect(block.upper - block.lower > iid.upper - iid.lower)
    #expect(block.contains(walk.reduce(0, +) / 50))
}

@Test func splitMix64MatchesReferenceOutput() {
    // Reference: the C implementation by Vigna (prng.di.unimi.it/splitmix64.c) seeded with 0,
    // first outputs 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4.
    var rng = SplitMix64(seed: 0)
    #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
    #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
}

@Test func pairedBootstrapDetectsSmallConsistentDifferences() throws {
    // Case difficulty varies hugely, but method b is always 0.05 worse than a (± noise).
    let difficulty = gaussians(40, seed: 5).map { 5 + 2 * $0 }
    let noise = gaussians(40, seed: 6)
    let a = difficulty.enumerated().map { caseScore("c\($0.offset)", .rmse, $0.element) }
    let b = difficulty.enumerated().map { caseScore("c\($0.offset)", .rmse, $0.element + 0.05 + 0.01 * noise[$0.offset]) }
    let comparison = try PairedComparison(metric: .rmse, a, b.reversed())
    #expect(comparison.significant && comparison.firstIsBetter)
    #expect(comparison.difference.upper < 0)
    // Identical methods are not significantly different.
    #expect(try !PairedComparison(metric: .rmse, a, a).significant)
    // For higher-is-better metrics the difference is still a − b in the metric's units.
    let ca = difficulty.enumerated().map { caseScore("c\($0.offset)", .correlation, 0.9 + 0.01 * noise[$0.offset]) }
    let cb = difficulty.enumerated().map { caseScore("c\($0.offset)", .correlation, 0.8 + 0.01 * noise[$0.offset]) }
    let corr = try PairedComparison(metric: .correlation, ca, cb)
    #expect(corr.firstIsBetter && close(corr.difference.estimate, 0.1, 1e-9) && corr.difference.lower > 0)
    // Different case sets are refused.
    #expect(throws: ScoringError.self) { try PairedComparison(metric: .rmse, a, Array(b.dropLast())) }
}

@Test func casZScoresRemoveOutliersAndClampNegatives() {
    // By hand: goodness −1…−5, −100; first pass mean −19.17, sd 36.17, Z(F) = −2.23 < −2 → outlier.
    // Second pass over −1…−5: mean −3, population sd √2. Z: A √2, B √2/2, C 0, D,E,F < 0 → 0.
    let scores = ["A": 1.0, "B": 2, "C": 3, "D": 4, "E": 5, "F": 100]
    let z = CrossTaskRanking.zScores(scores, metric: .rmse)
    #expect(close(z["A"], 2.squareRoot()) && close(z["B"], 2.squareRoot() / 2))
    #expect(z["C"] == 0 && z["D"] == 0 && z["F"] == 0)
    // Higher-is-better metrics invert; totals sum over tasks.
    let total = CrossTaskRanking.totalZScores([(.rmse, scores), (.correlation, ["A": 0.5, "B": 0.9])])
    // Task 2: goodness 0.5, 0.9; mean 0.7, sd 0.2 → B = 1, A = 0.
    #expect(close(total["A"], 2.squareRoot()) && close(total["B"], 2.squareRoot() / 2 + 1))
}

@Test func rankBandsGroupIndistinguishableMethods() throws {
    let difficulty = gaussians(30, seed: 21).map { 3 + $0 }
    let noise = gaussians(90, seed: 22)
    func method(_ offset: Double, _ k: Int) -> [CaseScore] {
        difficulty.enumerated().map { caseScore("c\($0.offset)", .rmse, $0.element + offset + 0.05 * noise[k * 30 + $0.offset]) }
    }
    let ranks = try CrossTaskRanking.rankBands(metric: .rmse, methods: ["good": method(0, 0), "b1": method(1, 1), "b2": method(1.005, 2)],
                                               bootstrap: Bootstrap(resamples: 500))
    let byName = Dictionary(uniqueKeysWithValues: ranks.map { ($0.method, $0) })
    #expect(byName["good"]?.rank == 1 && byName["good"]?.band == 1)
    #expect(byName["good"]?.rankUpper == 1)
    #expect(byName["b1"]?.band == 2 && byName["b2"]?.band == 2)
    #expect(byName["b1"]!.rankLower >= 2 && byName["b2"]!.rankUpper <= 3)
}

@Test func ladderInterpolatesInLogLog() throws {
    // Rungs on error = 1/cost; (10, 0.5) lies above the hull and (1000, 0.05) costs more than the
    // most accurate rung: both dropped from the curve.
    let ladder = try CostLadder(rungs: [.init(cost: 1, error: 1), .init(cost: 10, error: 0.1), .init(cost: 100, error: 0.01),
                                        .init(cost: 10, error: 0.5), .init(cost: 1000, error: 0.05)])
    #expect(ladder.curve.map(\.cost) == [1, 10, 100])
    #expect(close(ladder.error(atCost: 2), 0.5, 1e-12))
    #expect(close(ladder.cost(atError: 0.05), 20, 1e-12))
    let placement = ladder.place(cost: 2, error: 0.1, trainingCost: 80)
    #expect(close(placement.speedupAtEqualError, 5, 1e-12))   // ladder needs cost 10 for error 0.1
    #expect(close(placement.errorAtEqualCost, 0.2, 1e-12))    // ladder error at cost 2 is 0.5
    #expect(close(placement.breakEvenCases, 10, 1e-12))       // 80 / (10 − 2)
    #expect(!placement.dominated && placement.costBeyondLadder == nil && placement.errorBeyondLadder == nil)
}

@Test func ladderFlagsDominatedAndBeyond() throws {
    let ladder = try CostLadder(rungs: [.init(cost: 1, error: 1), .init(cost: 10, error: 0.1), .init(cost: 100, error: 0.01)])
    let slow = ladder.place(cost: 50, error: 0.5, trainingCost: 5)
    #expect(slow.dominated)                                  // (10, 0.1) is cheaper and better
    #expect(close(slow.speedupAtEqualError, 2.0 / 50, 1e-12))
    #expect(slow.breakEvenCases == nil)                      // ladder cost 2 − 50 < 0
    let cheap = ladder.place(cost: 0.5, error: 0.001)
    #expect(cheap.costBeyondLadder == .below && cheap.errorBeyondLadder == .below)
    #expect(cheap.speedupAtEqualError == nil && cheap.errorAtEqualCost == nil)
    let costly = ladder.place(cost: 500, error: 2)
    #expect(costly.costBeyondLadder == .above && costly.errorBeyondLadder == .above && costly.dominated)
}
