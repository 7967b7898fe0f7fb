import Foundation
import HoldoutCore
import Testing
@testable import Scoring

// Golden values computed once with numpy (/usr/bin/python3) by this independent script, then
// hard-coded (the fair CRPS is the naive O(M²) double sum there, the scorer's is O(M log M)):
//
//   X = members [3, 2, 8] below; x = target [2, 8]; mu = climatology mean [8]; M = 3
//   mean = X.mean(0); a = mean - mu; b = x - mu
//   acc = (a*b).sum(1) / sqrt((a*a).sum(1) * (b*b).sum(1))                 # per lead
//   crps = (abs(X - x).mean(0) - abs(X[:,None] - X[None]).sum((0,1)) / (2*M*(M-1))).mean(1)
//   spread_skill = sqrt((M+1)/M) * sqrt(X.var(0, ddof=1).mean(1).sum() / ((mean-x)**2).mean(1).sum())
//   shell(v) = bincount(round|fftfreq(8)*8|, |fft(v)/8|²); S_p = Σ_{m,l} shell(X[m,l]) / M; S_x = Σ_l shell(x[l])
//   ratio = S_p / S_x; bands (relative, N = 8): mid = shell 1, high = shells 2–4
let weatherMembers: [[[Double]]] = [
    [[1.2, 1.5, 0.7, -0.4, 0.3, 2.5, -1.0, 1.0], [0.0, 0.5, 1.5, 1.0, -1.0, 1.0, 0.0, 2.0]],
    [[0.8, 2.2, 0.1, -1.1, 0.4, 2.9, -1.6, 1.7], [0.9, -0.2, 0.6, 2.4, -1.2, 0.3, 0.7, 2.1]],
    [[1.5, 1.9, 0.9, -0.6, -0.5, 3.3, -2.4, 1.1], [0.2, -0.9, 1.3, 1.6, -1.9, -0.4, 1.4, 2.8]],
]
let weatherClimatology: [Double] = [0.5, 0.6, 0.4, 0.3, 0.2, 0.9, 0.1, 0.7]

func weatherScore(threshold: Double = 0.5) throws -> CaseScore {
    let configuration = ScoringConfiguration(leadTimes: [0.5, 1.0], domainLengths: [2 * .pi], climatologyStd: Array(repeating: 1, count: 8),
                                             climatologyMean: weatherClimatology, lyapunovExponent: 2,
                                             effectiveResolutionThreshold: threshold)
    return try CaseScorer(configuration: configuration, spatialShape: [8])
        .score(caseID: "w", prediction: prediction1D(weatherMembers), target: target1D(goldenTarget))
}

@Test func anomalyCorrelationMatchesNumpy() throws {
    let score = try weatherScore()
    #expect(close(score.perLead[.acc]?[0] ?? nil, 0.99381706, 1e-8))
    #expect(close(score.perLead[.acc]?[1] ?? nil, 0.99056992, 1e-8))
    // Per-forecast ratio averaged over leads (the WeatherBench 2 estimator).
    #expect(close(score.summary[.acc], 0.9921934914786259, 1e-12))
    // Without a climatology mean there is no anomaly and no acc.
    let plain = try goldenScorer().score(caseID: "p", prediction: prediction1D([goldenPrediction]), target: target1D(goldenTarget))
    #expect(plain.summary[.acc] == nil)
}

@Test func ensembleScoresPerLeadMatchNaiveNumpy() throws {
    let score = try weatherScore()
    #expect(close(score.perLead[.crps]?[0] ?? nil, 0.0875, 1e-12))
    #expect(close(score.perLead[.crps]?[1] ?? nil, 0.10833333333333334, 1e-12))
    #expect(close(score.summary[.crps], 0.09791666666666668, 1e-12))
    #expect(close(score.perLead[.rmse]?[0] ?? nil, 0.2, 1e-12))
    #expect(close(score.perLead[.rmse]?[1] ?? nil, 0.24352732, 1e-8))
    #expect(close(score.summary[.spreadSkill], 2.7215791384769625, 1e-12))
    // Truth ranks among 3 members over 2 leads × 8 points (no ties): numpy [0, 9, 7, 0].
    #expect(score.ensemble.rankHistogram == [0, 9, 7, 0])
    #expect(score.memberCount == 3)
}

@Test func spectralRatioIsFromPerMemberSpectraAndMatchesNumpy() throws {
    let spectra = try weatherScore().spectra
    let ratios = spectra.shellRatios()
    let golden = [1.08673333, 0.93520046, 0.84269972, 0.93163556, 0.88422222]
    for (k, value) in golden.enumerated() { #expect(close(ratios[k], value, 1e-8), "shell \(k)") }
    // The spectrum of the ensemble-mean field would give 0.7529 at shell 1: never used.
    #expect(close(spectra.bandRatio(.mid), 0.935200458064284, 1e-10))
    #expect(close(spectra.bandRatio(.high), 0.8741990967546852, 1e-10))
    // effective-resolution: every shell ≥ 0.5 → Nyquist wavelength 2π/4; at 0.9 shell 2 fails → 2π/1.
    #expect(close(spectra.effectiveResolution(threshold: 0.5), Double.pi / 2))
    #expect(close(spectra.effectiveResolution(threshold: 0.9), 2 * Double.pi))
}

@Test func validTimeIsReportedInLyapunovTimes() throws {
    // σ = 1: √mean(e²) per lead = rmse of the mean = 0.2, 0.2435 < 0.5 → censored at the last
    // lead, t = 1.0, i.e. λ₁ t = 2 Lyapunov times.
    let score = try weatherScore()
    #expect(score.validTime?.censored == true)
    #expect(score.validTime?.lyapunovTimes == 2)
}

@Test func fairCRPSOfOneMemberIsTheAbsoluteErrorAndMatchesTheNaiveSum() {
    #expect(EnsembleStatistics.crps(members: [0.7], truth: -0.3) == 1.0)
    // The sorted-member formula against the O(M²) definition on random ensembles.
    for seed in 0..<5 {
        let members = gaussians(37, seed: UInt64(900 + seed))
        let y = 0.3 * Double(seed) - 0.5
        let m = Double(members.count)
        var absolute = 0.0, pairs = 0.0
        for a in members {
            absolute += abs(a - y)
            for b in members { pairs += abs(a - b) }
        }
        let naive = absolute / m - pairs / (2 * m * (m - 1))
        #expect(abs(EnsembleStatistics.crps(members: members, truth: y) - naive) < 1e-12)
    }
}
