/// Everything the scorer needs to know about a task that is not in the arrays themselves.
///
/// One configuration is built per task from its spec and shared by every case. Spatial axes
/// are periodic with physical lengths `domainLengths` (one per spatial axis, in the order of
/// the field's `.space` axes); wavenumbers are `k = 2π m / L`.
public struct ScoringConfiguration: Codable, Sendable, Equatable {
    /// Physical time of each scored output frame (only predicted frames, never inputs).
    public var leadTimes: [Double]
    /// Physical length of each periodic spatial axis.
    public var domainLengths: [Double]
    /// If Σ_s x² of the target at one (lead, component) is below this floor, `nrmse` falls
    /// back to `vrmse` there and the switch is counted in `CaseScore.nrmseFallbacks`.
    public var nrmseFloor: Double
    /// Wavenumber bands for `frmse-*` and the band summaries of `spectral-ratio`.
    public var bands: SpectralBands
    /// Training-climatology standard deviation σ per grid point and component, laid out as
    /// [space…, component] in row-major order (count N·C). `valid-time` is not computed
    /// without it.
    public var climatologyStd: [Double]?
    /// Training-climatology mean per grid point and component, same layout as
    /// `climatologyStd`; the reference for the anomalies of `acc`, which is not computed without it.
    public var climatologyMean: [Double]? = nil
    /// Leading Lyapunov exponent λ₁ (per time unit), to report `valid-time` in Lyapunov times.
    public var lyapunovExponent: Double?
    /// `valid-time` threshold on √(mean_s,c ((x̂−x)/σ)²). Vlachas et al. use 0.5.
    public var validTimeThreshold: Double
    /// `correlation-time` threshold on the Pearson r. PDE-Refiner uses 0.8 (also 0.9, 0.95).
    public var correlationThreshold: Double
    /// The metric that ranks methods on this task; it decides which failure substitute is worse.
    public var headlineMetric: Metric
    /// Spectral-ratio threshold defining `effective-resolution`.
    public var effectiveResolutionThreshold: Double

    public init(leadTimes: [Double],
                domainLengths: [Double],
                nrmseFloor: Double = 1e-10,
                bands: SpectralBands = .relative(),
                climatologyStd: [Double]? = nil,
                climatologyMean: [Double]? = nil,
                lyapunovExponent: Double? = nil,
                validTimeThreshold: Double = 0.5,
                correlationThreshold: Double = 0.8,
                headlineMetric: Metric = .vrmse,
                effectiveResolutionThreshold: Double = 0.5) {
        self.leadTimes = leadTimes
        self.domainLengths = domainLengths
        self.nrmseFloor = nrmseFloor
        self.bands = bands
        self.climatologyStd = climatologyStd
        self.climatologyMean = climatologyMean
        self.lyapunovExponent = lyapunovExponent
        self.validTimeThreshold = validTimeThreshold
        self.correlationThreshold = correlationThreshold
        self.headlineMetric = headlineMetric
        self.effectiveResolutionThreshold = effectiveResolutionThreshold
    }
}

/// Which wavenumber shells make up the low, mid and high bands.
public enum SpectralBands: Codable, Sendable, Equatable {
    /// Bands as fractions κ = k / k_Nyquist of the (smallest) Nyquist wavenumber:
    /// low κ < `lowBelow`, mid `lowBelow` ≤ κ < `midBelow`, high `midBelow` ≤ κ ≤ 1.
    /// Relative bands mean the same thing at every resolution. Defaults 1/8 and 1/2.
    case relative(lowBelow: Double = 0.125, midBelow: Double = 0.5)
    /// PDEBench's bands on the integer shell index (k in units of the fundamental 2π/L):
    /// low k ≤ 3, mid 4 ≤ k ≤ 11, high k ≥ 12 (up to Nyquist), for comparison with published numbers.
    case pdebench
}

/// A wavenumber band.
public enum FrequencyBand: String, Codable, Sendable, Hashable, CaseIterable {
    case low, mid, high

    /// The `frmse` metric of this band.
    public var frmseMetric: Metric {
        switch self {
        case .low: .frmseLow
        case .mid: .frmseMid
        case .high: .frmseHigh
        }
    }
}
