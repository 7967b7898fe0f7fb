import Foundation
import HoldoutCore
import Testing
@testable import Scoring

// Golden values in this file were computed once with numpy 1.24 by an independent script
// (/usr/bin/python3, np.fft.fft with 1/N normalisation, shells = round(|m|), np.corrcoef,
// np.var with ddof 0) and hard-coded; the script is summarised in each test's comment.

/// 1-D, N = 8, L = 2π, two leads, one component, M = 1.
let goldenTarget: [[Double]] = [[1.0, 2.0, 0.5, -1.0, 0.0, 3.0, -2.0, 1.5],
                                [0.5, -0.5, 1.0, 2.0, -1.5, 0.0, 1.0, 2.5]]
let goldenPrediction: [[Double]] = [[1.2, 1.5, 0.7, -0.4, 0.3, 2.5, -1.0, 1.0],
                                    [0.0, 0.5, 1.5, 1.0, -1.0, 1.0, 0.0, 2.0]]

func goldenScorer(std: Double? = nil, lyapunov: Double? = nil) throws -> CaseScorer {
    let configuration = ScoringConfiguration(leadTimes: [0.5, 1.0], domainLengths: [2 * .pi],
                                             climatologyStd: std.map { Array(repeating: $0, count: 8) },
                                             lyapunovExponent: lyapunov)
    return try CaseScorer(configuration: configuration, spatialShape: [8])
}

@Test func deterministicMetricsMatchNumpy1D() throws {
    let score = try goldenScorer().score(caseID: "c0", prediction: prediction1D([goldenPrediction]),
                                         target: target1D(goldenTarget))
    // numpy: per lead mean(e²), √, √(Σe²/Σx²), √(mse/(var+1e-7)), max|e|, Pearson r.
    let expected: [(Metric, [Double], Double)] = [
        (.mse, [0.285, 0.625], 0.455),
        (.rmse, [0.5338539126015656, 0.7905694150420949], 0.6622116638218303),
        (.nrmse, [0.32564783375282413, 0.5773502691896257], 0.45149905147122493),
        (.vrmse, [0.3522522210730089, 0.6488856626658492], 0.500568941869429),
        (.maxError, [1.0, 1.0], 1.0),
        // shells 0…4, κ = shell/4: low {0}, mid {1}, high {2,3,4}; √(mean shell energy).
        (.frmseLow, [0.1, 0.0], 0.05),
        (.frmseMid, [0.1552272081672456, 0.2326634537691749], 0.19394533096821026),
        (.frmseHigh, [0.289196884402652, 0.43622154817638215], 0.3627092162895171),
        (.correlation, [0.9876507562973996, 0.7614282381264208], 0.8745394972119103),
    ]
    for (metric, perLead, summary) in expected {
        for lead in 0..<2 { #expect(close(score.perLead[metric]?[lead], perLead[lead], 1e-10), "\(metric) lead \(lead)") }
        #expect(close(score.summary[metric], summary, 1e-10), "\(metric) summary")
    }
    #expect(score.nrmseFallbacks == 0)
    // r = 0.988 then 0.761 < 0.8: crossing at the second lead (t = 1.0).
    #expect(score.correlationTime.leadIndex == 1 && score.correlationTime.time == 1.0)
    #expect(score.validTime == nil)
    // M = 1: CRPS is the MAE, mean |e| over both leads = (3.8/8 + 6/8)/2 (by hand).
    #expect(close(score.summary[.crps], (3.8 / 8 + 6.0 / 8) / 2, 1e-12))
}

@Test func spectraAndEffectiveResolutionMatchNumpy() throws {
    let score = try goldenScorer().score(caseID: "c0", prediction: prediction1D([goldenPrediction]),
                                         target: target1D(goldenTarget))
    // numpy: Σ_leads S_p(shell) / Σ_leads S_x(shell).
    let expected = [1.1728, 0.39147944814527147, 0.38512396694214873, 0.6459411673896576, 0.6124444444444443]
    let ratios = score.spectra.shellRatios()
    for k in 0..<5 { #expect(close(ratios[k], expected[k], 1e-10)) }
    #expect(close(score.spectra.bandRatio(.high), 0.4986568206416796, 1e-10))
    // Shell 1 already has ratio 0.39 < 0.5, so nothing is resolved.
    #expect(score.spectra.effectiveResolution() == nil)
    // With threshold 0.3: shells 1–4 all pass, smallest wavelength 2π/4.
    #expect(close(score.spectra.effectiveResolution(threshold: 0.3), 2 * .pi / 4))
}

@Test func validTimeCrossingAndCensoring() throws {
    // σ = 0.8: √mean((e/σ)²) = 0.667, 0.988 (numpy), ≥ 0.5 at the first lead.
    let crossed = try goldenScorer(std: 0.8, lyapunov: 2).score(
        caseID: "c", prediction: prediction1D([goldenPrediction]), target: target1D(goldenTarget))
    #expect(crossed.validTime?.leadIndex == 0)
    #expect(crossed.validTime?.time == 0.5)
    #expect(crossed.validTime?.lyapunovTimes == 1.0)
    // σ = 2: 0.267, 0.395, never crossed: censored at the last lead.
    let censored = try goldenScorer(std: 2).score(
        caseID: "c", prediction: prediction1D([goldenPrediction]), target: target1D(goldenTarget))
    #expect(censored.validTime?.censored == true)
    #expect(censored.validTime?.time == 1.0)
    #expect(censored.summary[.validTime] == 1.0)
}

@Test func twoDimensionalTwoComponentMetricsMatchNumpy() throws {
    // numpy: 4×4 grid, two components, values from default_rng(7) rounded to 2 decimals;
    // shells round(√(mx²+my²)): κ = shell/2, low {0}, mid {}, high {1,2}, shell 3 in no band.
    let x: [Double] = [0.0, 0.3, -0.27, -0.89, -0.45, -0.99, 0.06, 1.34, -0.49, -0.62, 0.49, 0.36, 0.11, -0.93,
                       -0.03, 0.7, -1.34, -0.46, -1.9, -1.29, -1.84, -0.24, -1.27, 0.27, 0.16, -0.19, -2.52, -0.54,
                       -0.05, 0.11, -1.53, -0.48]
    let p: [Double] = [-0.49, -0.1, 0.26, -1.29, -0.47, -0.55, -0.23, 1.28, -0.43, -0.59, -0.12, 0.4, 0.79, -1.7,
                       0.4, 0.76, -1.66, 0.54, -1.52, -1.89, -1.8, 0.05, -1.36, 0.61, 0.13, 0.14, -1.8, -0.88, 0.05,
                       -0.12, -1.47, -1.07]
    let spaceAxes = [Axis(.space, "x"), Axis(.space, "y")]
    let target = Field(axes: [.lead] + spaceAxes + [Axis(.component, "c")], shape: [1, 4, 4, 2], values: x)
    let prediction = Field(axes: [.member, .lead] + spaceAxes + [Axis(.component, "c")], shape: [1, 1, 4, 4, 2], values: p)
    let scorer = try CaseScorer(configuration: ScoringConfiguration(leadTimes: [1], domainLengths: [2 * .pi, 2 * .pi]),
                                spatialShape: [4, 4])
    let score = try scorer.score(caseID: "2d", prediction: prediction, target: target)
    #expect(close(score.summary[.mse], 0.178728125, 1e-10))
    #expect(close(score.summary[.rmse], 0.42149191443379297, 1e-10))
    #expect(close(score.summary[.nrmse], 0.49345387864158, 1e-10))
    #expect(close(score.summary[.vrmse], 0.5557000014994528, 1e-10))
    #expect(close(score.summary[.maxError], 1.0, 1e-10))
    #expect(close(score.summary[.frmseLow], 0.0628125, 1e-10))
    #expect(score.summary[.frmseMid] == nil)
    #expect(close(score.summary[.frmseHigh], 0.28485480894356413, 1e-10))
    #expect(close(score.summary[.correlation], 0.8850153526273334, 1e-10))
    #expect(scorer.geometry.shellOfMode == [0, 1, 2, 1, 1, 1, 2, 1, 2, 2, 3, 2, 1, 1, 2, 1])
}

@Test func pdebenchBandsUseIntegerShells() {
    let geometry = SpectralGeometry(spatialShape: [32], domainLengths: [1], bands: .pdebench)
    #expect(geometry.shells(in: .low) == [0, 1, 2, 3])
    #expect(geometry.shells(in: .mid) == Array(4...11))
    #expect(geometry.shells(in: .high) == Array(12...16))
}

@Test func nrmseFallsBackToVrmseOnNearZeroTarget() throws {
    let configuration = ScoringConfiguration(leadTimes: [1], domainLengths: [1], nrmseFloor: 1e-6)
    let scorer = try CaseScorer(configuration: configuration, spatialShape: [4])
    // Σx² = 4e-8 < 1e-6; var = 1e-8; e = 1e-3 everywhere → vrmse = √(1e-6 / (1e-8 + 1e-7)).
    let target = target1D([[1e-4, -1e-4, 1e-4, -1e-4]])
    let prediction = prediction1D([[[1.1e-3, 0.9e-3, 1.1e-3, 0.9e-3]]])
    let score = try scorer.score(caseID: "tiny", prediction: prediction, target: target)
    #expect(score.nrmseFallbacks == 1)
    #expect(close(score.summary[.nrmse], (1e-6 / 1.1e-7).squareRoot(), 1e-9))
}

@Test func predictingTheSpatialMeanGivesVrmseOne() throws {
    let x = gaussians(64, seed: 3)
    let scorer = try CaseScorer(configuration: ScoringConfiguration(leadTimes: [1], domainLengths: [1]), spatialShape: [64])
    let mean = x.reduce(0, +) / 64
    let score = try scorer.score(caseID: "m", prediction: prediction1D([[Array(repeating: mean, count: 64)]]),
                                 target: target1D([x]))
    #expect(abs(score.summary[.vrmse]! - 1) < 1e-6)
    #expect(score.summary[.correlation] == 0)
}

@Test func blurredFieldHasHighBandSpectralRatioBelowOne() throws {
    let n = 64
    let scorer = try CaseScorer(configuration: ScoringConfiguration(leadTimes: [1], domainLengths: [1]), spatialShape: [n])
    var spectra: [SpectrumAccumulator] = []
    for seed in 0..<4 {
        let x = gaussians(n, seed: UInt64(seed))
        // (1,2,1)/4 smoothing: transfer cos²(πm/N), 1 at m = 0, 0 at Nyquist.
        let blurred = (0..<n).map { (x[($0 + n - 1) % n] + 2 * x[$0] + x[($0 + 1) % n]) / 4 }
        spectra.append(try scorer.score(caseID: "\(seed)", prediction: prediction1D([[blurred]]),
                                        target: target1D([x])).spectra)
    }
    let total = try SpectrumAccumulator.merged(spectra)!
    #expect(total.caseCount == 4)
    #expect(total.bandRatio(.high)! < 0.5)
    #expect(total.bandRatio(.low)! > 0.9)
}

@Test func fourierTransformSatisfiesParsevalForAnySize() {
    for shape in [[8], [6], [4, 6], [2, 3, 4]] {
        let n = shape.reduce(1, *)
        let x = gaussians(n, seed: 11)
        let geometry = SpectralGeometry(spatialShape: shape, domainLengths: shape.map { _ in 1 }, bands: .relative())
        let power = ShellSpectrum(geometry: geometry).shellPowers(x, start: 0, stride: 1)
        let meanSquare = x.reduce(0) { $0 + $1 * $1 } / Double(n)
        #expect(close(power.reduce(0, +), meanSquare, 1e-12), "\(shape)")
        // Shell 0 holds the squared mean.
        let mean = x.reduce(0, +) / Double(n)
        #expect(close(power[0], mean * mean, 1e-10), "\(shape)")
    }
    // A pure cosine of mode 3 on 12 points puts all energy (1/2) in shell 3 (direct DFT path).
    let cosine = (0..<12).map { cos(2 * Double.pi * 3 * Double($0) / 12) }
    let geometry = SpectralGeometry(spatialShape: [12], domainLengths: [1], bands: .relative())
    let power = ShellSpectrum(geometry: geometry).shellPowers(cosine, start: 0, stride: 1)
    #expect(close(power[3], 0.5, 1e-12))
    #expect(power.enumerated().allSatisfy { $0.offset == 3 || abs($0.element) < 1e-20 })
}

@Test func failureIsScoredOnTheWorseSubstitute() throws {
    let scorer = try goldenScorer()
    let target = target1D(goldenTarget)
    // Without a last input: spatial mean, vrmse ≈ 1.
    let meanOnly = try scorer.scoreFailure(caseID: "f", target: target, lastInput: nil, reason: "timeout")
    #expect(meanOnly.failure == CaseFailure(reason: "timeout", substitute: .spatialMean))
    #expect(abs(meanOnly.summary[.vrmse]! - 1) < 1e-6)
    // A wildly wrong last input makes persistence the worse substitute.
    let bad = Field(axes: [Axis(.space, "x"), Axis(.component, "u")], shape: [8, 1], values: Array(repeating: 50, count: 8))
    let persistence = try scorer.scoreFailure(caseID: "f", target: target, lastInput: bad, reason: "crash")
    #expect(persistence.failure?.substitute == .persistence)
    #expect(persistence.summary[.vrmse]! > 10)
    // A good last input (the first target frame) keeps the spatial mean as the worse one.
    let good = Field(axes: [Axis(.space, "x"), Axis(.component, "u")], shape: [8, 1], values: goldenTarget[0])
    let meanWorse = try scorer.scoreFailure(caseID: "f", target: target, lastInput: good, reason: "crash")
    #expect(meanWorse.failure?.substitute == .spatialMean)
    // Non-finite predictions are routed to the substitute.
    var nan = goldenPrediction
    nan[1][3] = .nan
    let routed = try scorer.scoreOrSubstitute(caseID: "f", prediction: prediction1D([nan]), target: target, lastInput: good)
    #expect(routed.failed && routed.failure?.reason == "prediction has non-finite values")
    let wrongShape = Field(axes: [.lead, Axis(.space, "x")], shape: [2, 4], repeating: 0)
    #expect(try scorer.scoreOrSubstitute(caseID: "f", prediction: wrongShape, target: target, lastInput: nil).failed)
}

@Test func caseScoreRoundTripsThroughJSON() throws {
    let score = try goldenScorer(std: 2).score(caseID: "c0", prediction: prediction1D([goldenPrediction]),
                                               target: target1D(goldenTarget))
    let data = try JSONEncoder().encode(score)
    #expect(try JSONDecoder().decode(CaseScore.self, from: data) == score)
}

@Test func perfectPredictionResolvesToNyquistAndSpectraMergeOnlyOnOneGrid() throws {
    let scorer = try goldenScorer()
    let perfect = try scorer.score(caseID: "p", prediction: prediction1D([goldenTarget]), target: target1D(goldenTarget))
    // Ratio 1 in every shell: resolved up to shell 4 = Nyquist, wavelength 2π/4.
    #expect(close(perfect.spectra.effectiveResolution(), 2 * .pi / 4))
    #expect(perfect.summary[.mse] == 0 && perfect.summary[.correlation].map { abs($0 - 1) < 1e-12 } == true)
    var other = try CaseScorer(configuration: ScoringConfiguration(leadTimes: [0.5, 1.0], domainLengths: [1]),
                               spatialShape: [8]).score(caseID: "q", prediction: prediction1D([goldenTarget]),
                                                        target: target1D(goldenTarget)).spectra
    #expect(throws: ScoringError.self) { try other.merge(perfect.spectra) }
    #expect(throws: ScoringError.self) {
        try CaseScorer(configuration: ScoringConfiguration(leadTimes: [1], domainLengths: [1], climatologyStd: [1, 0]),
                       spatialShape: [2])
    }
}

@Test func summariesCoverEveryComputedMetric() throws {
    let scorer = try goldenScorer(std: 0.8)
    let cases = try (0..<3).map { i in
        try scorer.score(caseID: "c\(i)", prediction: prediction1D([goldenPrediction.map { $0.map { $0 * (1 + 0.1 * Double(i)) } }]),
                         target: target1D(goldenTarget))
    } + [try scorer.scoreFailure(caseID: "f", target: target1D(goldenTarget), lastInput: nil, reason: "timeout")]
    let summaries = try MetricSummary.summaries(cases: cases)
    let names = Set(summaries.map(\.metric))
    #expect(names.isSuperset(of: [.mse, .rmse, .nrmse, .vrmse, .maxError, .frmseLow, .frmseMid, .frmseHigh,
                                  .correlation, .validTime, .correlationTime, .crps]))
    #expect(!names.contains(.spreadSkill))
    #expect(summaries.allSatisfy { $0.failureRate == 0.25 && $0.caseCount == 4 })
    #expect(summaries.first { $0.metric == .vrmse }?.worstCaseID == "f")
}
