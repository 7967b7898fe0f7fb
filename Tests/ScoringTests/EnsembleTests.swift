import Foundation
import HoldoutCore
import Testing
@testable import Scoring

@Test func ensembleMetricsMatchNumpy() throws {
    // numpy: M = 3, N = 4; fair CRPS = mean|X−y| − ΣΣ|X−X′|/(2M(M−1)), averaged over points;
    // spread² = mean var(ddof=1); spread-skill = √((M+1)/M)·√(spread²/mse of the mean).
    let members: [[Double]] = [[0.0, 1.0, 2.0, -1.0], [0.5, 0.5, 1.5, 0.0], [1.0, 2.0, 1.0, -2.0]]
    let truth: [Double] = [0.2, 2.5, 1.0, -1.0]
    let scorer = try CaseScorer(configuration: ScoringConfiguration(leadTimes: [1], domainLengths: [1]), spatialShape: [4])
    let score = try scorer.score(caseID: "e", prediction: prediction1D(members.map { [$0] }), target: target1D([truth]))
    #expect(close(score.summary[.crps], 0.275, 1e-12))
    #expect(close(score.summary[.mse], 0.5294444444444444, 1e-12))
    #expect(close(score.summary[.spreadSkill], 1.1452717708784403, 1e-12))
    // Ranks (below, ties): (1,0), (3,0), (0,1), (1,1) → ties split between adjacent bins.
    #expect(score.ensemble.rankHistogram == [0.5, 2.0, 0.5, 1.0])
}

@Test func gaussianCRPSMatchesClosedForm() {
    // Members at the normal quantiles (i − ½)/M: the fair CRPS tends to the CRPS of N(0,1),
    // σ[z(2Φ(z)−1) + 2φ(z) − 1/√π] (Gneiting & Raftery 2007).
    let m = 2000
    let members = (0..<m).map { normalQuantile((Double($0) + 0.5) / Double(m)) }
    for y in [-1.3, 0.0, 0.3, 2.0] {
        let closed = y * (2 * normalCDF(y) - 1) + 2 * exp(-y * y / 2) / (2 * Double.pi).squareRoot() - 1 / Double.pi.squareRoot()
        #expect(abs(EnsembleStatistics.crps(sortedMembers: members, truth: y) - closed) < 1e-3, "y = \(y)")
    }
}

@Test func integratedBrierScoreEqualsPlainCRPS() {
    // ∫ (F_M(z) − 1{z ≥ y})² dz by the midpoint rule on a fine grid.
    let members = [0.3, -1.2, 2.0, 0.7, 0.7]
    let y = 0.5
    let dz = 1e-4
    var integral = 0.0
    var z = -5.0 + dz / 2
    while z < 5 {
        let f = Double(members.filter { $0 <= z }.count) / Double(members.count)
        let h: Double = z >= y ? 1 : 0
        integral += (f - h) * (f - h) * dz
        z += dz
    }
    #expect(abs(EnsembleStatistics.crps(members: members, truth: y, fair: false) - integral) < 1e-3)
    // M = 1: fair CRPS is the absolute error.
    #expect(EnsembleStatistics.crps(members: [2.5], truth: 1) == 1.5)
}

@Test func perfectEnsembleHasSpreadSkillOneAndUnbiasedFairCRPS() throws {
    // Truth and M = 4 members i.i.d. N(0,1) at 8192 points: spread-skill → 1 and the expected
    // fair CRPS is E_y CRPS(N(0,1), y) = 1/√π ≈ 0.5642 (the plain CRPS would add E|X−X′|/(2M) ≈ 0.141).
    let n = 8192, m = 4
    let truth = gaussians(n, seed: 100)
    let members = (0..<m).map { gaussians(n, seed: 200 + UInt64($0)) }
    let scorer = try CaseScorer(configuration: ScoringConfiguration(leadTimes: [1], domainLengths: [1]), spatialShape: [n])
    let score = try scorer.score(caseID: "p", prediction: prediction1D(members.map { [$0] }), target: target1D([truth]))
    #expect(abs(score.summary[.spreadSkill]! - 1) < 0.05)
    #expect(abs(score.summary[.crps]! - 1 / Double.pi.squareRoot()) < 0.02)
    // A flat rank histogram: each of the 5 bins holds ≈ n/5.
    #expect(score.ensemble.rankHistogram.allSatisfy { abs($0 / Double(n) - 0.2) < 0.03 })
}
