/// Mergeable sums behind `spectral-ratio` and `effective-resolution`.
///
/// Per lead, component and wavenumber shell it holds Σ_c S_x̂(k) and Σ_c S_x(k): spectra are
/// computed per sample (per case, and per member, averaged over members so each case weighs
/// one) and only then summed, never the spectrum of an averaged field, which would be blurred
/// by construction. The ratio E_c[S_x̂]/E_c[S_x] is taken only when asked, over everything
/// merged so far, so shards combine exactly: `merge` is addition (WeatherBench-X style).
public struct SpectrumAccumulator: Codable, Sendable, Equatable {
    public var geometry: SpectralGeometry
    public var leadCount: Int
    public var componentCount: Int
    /// Σ over cases of the predicted per-shell spectrum, laid out [lead][component][shell].
    public var predicted: [Double]
    /// Σ over cases of the target per-shell spectrum, laid out [lead][component][shell].
    public var target: [Double]
    /// Number of cases merged.
    public var caseCount: Int

    public init(geometry: SpectralGeometry, leadCount: Int, componentCount: Int) {
        self.geometry = geometry
        self.leadCount = leadCount
        self.componentCount = componentCount
        let count = leadCount * componentCount * geometry.shellCount
        predicted = Array(repeating: 0, count: count)
        target = Array(repeating: 0, count: count)
        caseCount = 0
    }

    func offset(lead: Int, component: Int) -> Int {
        (lead * componentCount + component) * geometry.shellCount
    }

    /// Adds the sums of `other`; both must describe the same grid, leads and components.
    public mutating func merge(_ other: SpectrumAccumulator) throws {
        guard other.geometry == geometry, other.leadCount == leadCount, other.componentCount == componentCount else {
            throw ScoringError(.incompatible, "spectra on different grids, leads or components cannot be merged")
        }
        for i in predicted.indices {
            predicted[i] += other.predicted[i]
            target[i] += other.target[i]
        }
        caseCount += other.caseCount
    }

    /// The merge of many accumulators (e.g. `cases.map(\.spectra)`); nil for an empty list.
    public static func merged(_ parts: [SpectrumAccumulator]) throws -> SpectrumAccumulator? {
        guard var total = parts.first else { return nil }
        for part in parts.dropFirst() { try total.merge(part) }
        return total
    }

    /// Sums over components and over `lead` (all leads if nil), per shell.
    private func shellSums(lead: Int?) -> (predicted: [Double], target: [Double]) {
        var p = Array(repeating: 0.0, count: geometry.shellCount)
        var t = p
        let leads = lead.map { [$0] } ?? Array(0..<leadCount)
        for l in leads {
            for c in 0..<componentCount {
                let base = offset(lead: l, component: c)
                for k in 0..<geometry.shellCount {
                    p[k] += predicted[base + k]
                    t[k] += target[base + k]
                }
            }
        }
        return (p, t)
    }

    /// Mean per-shell spectra of the prediction and the target over the merged cases, every
    /// lead and every component (the curves of a spectra plot); zeros when nothing is merged.
    public func meanSpectra() -> (predicted: [Double], target: [Double]) {
        let (p, t) = shellSums(lead: nil)
        let count = Double(max(caseCount, 1) * max(leadCount, 1) * max(componentCount, 1))
        return (p.map { $0 / count }, t.map { $0 / count })
    }

    /// Per-shell ratio Σ S_x̂ / Σ S_x summed over components (and leads if `lead` is nil);
    /// nil where the target has no energy.
    public func shellRatios(lead: Int? = nil) -> [Double?] {
        let (p, t) = shellSums(lead: lead)
        return zip(p, t).map { $0.1 > 0 ? $0.0 / $0.1 : nil }
    }

    /// Band ratio Σ_{k∈band} Σ S_x̂(k) / Σ_{k∈band} Σ S_x(k); nil if the band is empty or the
    /// target has no energy there.
    public func bandRatio(_ band: FrequencyBand, lead: Int? = nil) -> Double? {
        let (p, t) = shellSums(lead: lead)
        let shells = geometry.shells(in: band)
        let tp = shells.reduce(0.0) { $0 + p[$1] }
        let tt = shells.reduce(0.0) { $0 + t[$1] }
        return shells.isEmpty || tt <= 0 ? nil : tp / tt
    }

    /// Smallest wavelength 2π/k such that the shell ratio is ≥ `threshold` for every shell
    /// 1…k within Nyquist (shell 0, the mean, has no wavelength; shells where the target has
    /// no energy are skipped). nil if already shell 1 fails.
    public func effectiveResolution(threshold: Double = 0.5, lead: Int? = nil) -> Double? {
        let ratios = shellRatios(lead: lead)
        var resolved: Int?
        for shell in 1..<max(1, geometry.shellCount) where geometry.shellBands[shell] != nil {
            guard let ratio = ratios[shell] else { continue }
            if ratio < threshold { break }
            resolved = shell
        }
        return resolved.map { 2 * Double.pi / geometry.shellWavenumbers[$0] }
    }
}
