import HoldoutCore

/// Scores one case at a time against a task's `ScoringConfiguration`.
///
/// Inputs: prediction [member, lead, space…, component] (the member axis may be absent for
/// M = 1; a missing component axis means C = 1) and target [lead, space…, component], with
/// 1–3 periodic spatial axes. Deterministic metrics are computed on the ensemble mean
/// x̄ = (1/M) Σ_m X_m; spectra per member; CRPS, spread and ranks on the members.
///
/// Per (lead ℓ, component c), over the N grid points s, with e = x̄ − x:
/// - mse = mean_s e², rmse = √mse, max-error = max_s |e|;
/// - vrmse = √(mse / (var_s x + 1e-7)), var with 1/N (The Well);
/// - nrmse = √(Σ_s e² / Σ_s x²), or vrmse when Σ_s x² < `nrmseFloor` (counted);
/// - frmse-band = √(mean over shells k in band of E(k)), E(k) = Σ_{modes in shell}|ê(k)|²,
///   ê = (1/N) Σ_s e_s e^{−ik·s} (so Σ_k E(k) = mse): the RMS over shells of the shell amplitude;
/// - correlation = Pearson r over space (0 if either field is constant there);
/// - crps = mean_s fair CRPS of the members;
/// - acc = Σ_s x̄′x′ / √(Σ_s x̄′² Σ_s x′²), anomalies x′ = x − μ_s against the training
///   climatology mean μ (uncentred, as WeatherBench 2), 0 if either anomaly vanishes. The
///   estimator is the per-forecast ratio averaged over components, leads and then cases
///   (WeatherBench 2), not WeatherBench-X's ratio of sums aggregated over time.
/// Over leads: valid-time = first lead with √(mean_{s,c} (e/σ_{s,c})²) ≥ threshold;
/// correlation-time = first lead with component-mean r < threshold.
/// See `CaseScore` for how per-lead values become the case summary.
public struct CaseScorer: Sendable {
    public let configuration: ScoringConfiguration
    public let geometry: SpectralGeometry
    let spectrum: ShellSpectrum

    /// - Parameter spatialShape: grid points per spatial axis, as in the target's `.space` axes.
    public init(configuration: ScoringConfiguration, spatialShape: [Int]) throws {
        guard (1...3).contains(spatialShape.count) else {
            throw ScoringError(.configuration, "1–3 spatial axes expected, got \(spatialShape.count)")
        }
        guard configuration.domainLengths.count == spatialShape.count else {
            throw ScoringError(.configuration, "\(configuration.domainLengths.count) domain lengths for \(spatialShape.count) spatial axes")
        }
        guard !configuration.leadTimes.isEmpty else {
            throw ScoringError(.configuration, "no lead times")
        }
        if let sigma = configuration.climatologyStd, !sigma.allSatisfy({ $0 > 0 && $0.isFinite }) {
            throw ScoringError(.configuration, "climatology σ must be positive and finite everywhere")
        }
        self.configuration = configuration
        geometry = SpectralGeometry(spatialShape: spatialShape, domainLengths: configuration.domainLengths,
                                    bands: configuration.bands)
        spectrum = ShellSpectrum(geometry: geometry)
    }

    // MARK: Layout

    struct Layout {
        var members: Int
        var leads: Int
        var points: Int
        var components: Int
    }

    /// Checks that `field` has axes in canonical order and returns its extents.
    func layout(of field: Field, allowMember: Bool, name: String) throws -> Layout {
        let kinds = field.axes.map(\.kind)
        var expected: [AxisKind] = []
        if allowMember, kinds.first == .member { expected.append(.member) }
        expected.append(.lead)
        expected += Array(repeating: .space, count: geometry.spatialShape.count)
        if kinds.last == .component { expected.append(.component) }
        guard kinds == expected else {
            throw ScoringError(.shapeMismatch, "\(name) axes \(field.axes) are not [\(allowMember ? "member, " : "")lead, space×\(geometry.spatialShape.count), component]")
        }
        guard field.spatialShape == geometry.spatialShape else {
            throw ScoringError(.shapeMismatch, "\(name) spatial shape \(field.spatialShape), expected \(geometry.spatialShape)")
        }
        let layout = Layout(members: field.extent(.member), leads: field.extent(.lead),
                            points: geometry.pointCount, components: field.extent(.component))
        guard layout.leads == configuration.leadTimes.count else {
            throw ScoringError(.shapeMismatch, "\(name) has \(layout.leads) leads, configuration \(configuration.leadTimes.count)")
        }
        guard layout.members >= 1 else { throw ScoringError(.shapeMismatch, "\(name) has no members") }
        return layout
    }

    /// Whether `prediction` can be scored against `target` (axes, shape and finiteness);
    /// returns the reason it cannot, or nil.
    public func defect(prediction: Field, target: Field) -> String? {
        do {
            let p = try layout(of: prediction, allowMember: true, name: "prediction")
            let t = try layout(of: target, allowMember: false, name: "target")
            if p.components != t.components { return "prediction has \(p.components) components, target \(t.components)" }
        } catch {
            return "\(error)"
        }
        return prediction.isFinite ? nil : "prediction has non-finite values"
    }

    // MARK: Scoring

    /// Scores a valid prediction. Throws `ScoringError` if shapes do not match; use
    /// `scoreOrSubstitute` to turn a defective prediction into a scored failure instead.
    public func score(caseID: String, prediction: Field, target: Field) throws -> CaseScore {
        let p = try layout(of: prediction, allowMember: true, name: "prediction")
        let t = try layout(of: target, allowMember: false, name: "target")
        guard p.components == t.components else {
            throw ScoringError(.shapeMismatch, "prediction has \(p.components) components, target \(t.components)")
        }
        try checkClimatology(t)
        return compute(caseID: caseID, members: p.members, prediction: prediction.values, target: target.values,
                       leads: t.leads, points: t.points, components: t.components)
    }

    func checkClimatology(_ t: Layout) throws {
        if let sigma = configuration.climatologyStd, sigma.count != t.points * t.components {
            throw ScoringError(.configuration, "climatology σ has \(sigma.count) values, expected \(t.points * t.components)")
        }
        if let mean = configuration.climatologyMean, mean.count != t.points * t.components {
            throw ScoringError(.configuration, "climatology mean has \(mean.count) values, expected \(t.points * t.components)")
        }
    }

    /// The core loop on raw row-major buffers ([m][ℓ][s][c] and [ℓ][s][c]).
    func compute(caseID: String, members m: Int, prediction: [Double], target: [Double],
                 leads: Int, points n: Int, components cc: Int) -> CaseScore {
        let frame = n * cc
        let nd = Double(n)
        var perLead: [Metric: [Double?]] = [:]
        let climatologyMean = configuration.climatologyMean
        var metrics: [Metric] = [.mse, .rmse, .nrmse, .vrmse, .maxError, .frmseLow, .frmseMid, .frmseHigh, .correlation, .crps]
        if climatologyMean != nil { metrics.append(.acc) }
        for metric in metrics {
            perLead[metric] = Array(repeating: nil, count: leads)
        }
        var fallbacks = 0
        var spectra = SpectrumAccumulator(geometry: geometry, leadCount: leads, componentCount: cc)
        spectra.caseCount = 1
        var ensemble = EnsembleCaseStatistics(memberCount: m, spreadSquared: Array(repeating: 0, count: leads),
                                              ensembleMeanSquaredError: Array(repeating: 0, count: leads),
                                              rankHistogram: Array(repeating: 0, count: m + 1))
        var normalisedError: [Double] = []
        let bandShells = FrequencyBand.allCases.map { geometry.shells(in: $0) }

        var mean = Array(repeating: 0.0, count: frame)
        var error = Array(repeating: 0.0, count: frame)
        var sorted = Array(repeating: 0.0, count: m)
        for lead in 0..<leads {
            let tBase = lead * frame
            // Ensemble mean, spread, CRPS and ranks, point by point.
            var crpsSum = Array(repeating: 0.0, count: cc)
            var spreadSum = 0.0
            for i in 0..<frame {
                for member in 0..<m { sorted[member] = prediction[(member * leads + lead) * frame + i] }
                let avg = sorted.reduce(0, +) / Double(m)
                mean[i] = avg
                error[i] = avg - target[tBase + i]
                if m >= 2 {
                    var v = 0.0
                    for x in sorted { v += (x - avg) * (x - avg) }
                    spreadSum += v / Double(m - 1)
                }
                sorted.sort()
                crpsSum[i % cc] += EnsembleStatistics.crps(sortedMembers: sorted, truth: target[tBase + i])
                EnsembleStatistics.addRank(sortedMembers: sorted, truth: target[tBase + i], to: &ensemble.rankHistogram)
            }
            ensemble.spreadSquared[lead] = spreadSum / Double(frame)

            var mseC = 0.0, rmseC = 0.0, nrmseC = 0.0, vrmseC = 0.0, corrC = 0.0, accC = 0.0, maxE = 0.0
            var bandSums = Array(repeating: 0.0, count: 3)
            var bandDefined = Array(repeating: true, count: 3)
            for c in 0..<cc {
                var se = 0.0, sx = 0.0, sxx = 0.0, sp = 0.0, spp = 0.0, spx = 0.0
                var aa = 0.0, bb = 0.0, ab = 0.0
                for s in 0..<n {
                    let i = s * cc + c
                    let x = target[tBase + i], e = error[i], y = mean[i]
                    se += e * e; sx += x; sxx += x * x; sp += y; spp += y * y; spx += y * x
                    maxE = max(maxE, abs(e))
                    if let climatologyMean {
                        let a = y - climatologyMean[i], b = x - climatologyMean[i]
                        aa += a * a; bb += b * b; ab += a * b
                    }
                }
                accC += aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : 0
                let mse = se / nd
                let variance = max(0, sxx / nd - (sx / nd) * (sx / nd))
                let vrmse = (mse / (variance + 1e-7)).squareRoot()
                mseC += mse
                rmseC += mse.squareRoot()
                vrmseC += vrmse
                if sxx < configuration.nrmseFloor {
                    fallbacks += 1
                    nrmseC += vrmse
                } else {
                    nrmseC += (se / sxx).squareRoot()
                }
                let covariance = spx / nd - (sp / nd) * (sx / nd)
                let predictedVariance = max(0, spp / nd - (sp / nd) * (sp / nd))
                corrC += variance > 0 && predictedVariance > 0 ? covariance / (variance * predictedVariance).squareRoot() : 0

                let errorPower = spectrum.shellPowers(error, start: c, stride: cc)
                for (b, shells) in bandShells.enumerated() {
                    if shells.isEmpty { bandDefined[b] = false; continue }
                    bandSums[b] += (shells.reduce(0.0) { $0 + errorPower[$1] } / Double(shells.count)).squareRoot()
                }
                let targetPower = spectrum.shellPowers(target, start: tBase + c, stride: cc)
                let base = spectra.offset(lead: lead, component: c)
                for k in 0..<geometry.shellCount { spectra.target[base + k] = targetPower[k] }
                for member in 0..<m {
                    let memberPower = spectrum.shellPowers(prediction, start: (member * leads + lead) * frame + c, stride: cc)
                    for k in 0..<geometry.shellCount { spectra.predicted[base + k] += memberPower[k] / Double(m) }
                }
            }
            let ccd = Double(cc)
            perLead[.mse]![lead] = mseC / ccd
            perLead[.rmse]![lead] = rmseC / ccd
            perLead[.nrmse]![lead] = nrmseC / ccd
            perLead[.vrmse]![lead] = vrmseC / ccd
            perLead[.maxError]![lead] = maxE
            perLead[.correlation]![lead] = corrC / ccd
            if climatologyMean != nil { perLead[.acc]![lead] = accC / ccd }
            perLead[.crps]![lead] = crpsSum.reduce(0, +) / Double(frame)
            for (b, band) in FrequencyBand.allCases.enumerated() where bandDefined[b] {
                perLead[band.frmseMetric]![lead] = bandSums[b] / ccd
            }
            ensemble.ensembleMeanSquaredError[lead] = mseC / ccd

            if let sigma = configuration.climatologyStd {
                var z = 0.0
                for i in 0..<frame {
                    let r = error[i] / sigma[i]
                    z += r * r
                }
                normalisedError.append((z / Double(frame)).squareRoot())
            }
        }

        var summary: [Metric: Double] = [:]
        for (metric, values) in perLead {
            let defined = values.compactMap { $0 }
            guard !defined.isEmpty else { continue }
            summary[metric] = metric == .maxError ? defined.max()! : defined.reduce(0, +) / Double(defined.count)
        }
        let correlation = perLead[.correlation]!.map { $0 ?? 0 }
        let correlationTime = crossing { correlation[$0] < configuration.correlationThreshold }
        summary[.correlationTime] = correlationTime.time
        var validTime: ThresholdCrossing?
        if !normalisedError.isEmpty {
            let crossed = crossing { normalisedError[$0] >= configuration.validTimeThreshold }
            validTime = crossed
            summary[.validTime] = crossed.time
        }
        if let ratio = ensemble.spreadSkill() { summary[.spreadSkill] = ratio }
        return CaseScore(caseID: caseID, leadTimes: configuration.leadTimes, memberCount: m, perLead: perLead,
                         summary: summary, validTime: validTime, correlationTime: correlationTime,
                         nrmseFallbacks: fallbacks, failure: nil, spectra: spectra, ensemble: ensemble)
    }

    /// First lead satisfying `condition`, or a censored crossing at the last lead.
    func crossing(_ condition: (Int) -> Bool) -> ThresholdCrossing {
        let times = configuration.leadTimes
        let index = times.indices.first(where: condition)
        return ThresholdCrossing(leadIndex: index, time: times[index ?? times.count - 1],
                                 lyapunovExponent: configuration.lyapunovExponent)
    }
}
