/// A scalar score that the scorer reports per lead and per case.
///
/// Names follow METRICS.md (`rawValue` is the published name). Every metric declares its
/// `orientation` so that "worst", Z-scores and rankings never need a special case.
public enum Metric: String, Codable, Sendable, Hashable, CaseIterable, CodingKeyRepresentable {
    case mse
    case rmse
    case nrmse
    case vrmse
    case maxError = "max-error"
    case frmseLow = "frmse-low"
    case frmseMid = "frmse-mid"
    case frmseHigh = "frmse-high"
    case correlation
    /// Anomaly correlation coefficient against the training climatology (WeatherBench 2).
    case acc
    case validTime = "valid-time"
    case correlationTime = "correlation-time"
    case crps
    case spreadSkill = "spread-skill"

    /// Which direction is better.
    public enum Orientation: String, Codable, Sendable {
        case lowerIsBetter
        case higherIsBetter
        /// Calibration ratios (spread-skill): the best value is 1, worse is farther from 1.
        case closerToOneIsBetter
    }

    public var orientation: Orientation {
        switch self {
        case .correlation, .acc, .validTime, .correlationTime: .higherIsBetter
        case .spreadSkill: .closerToOneIsBetter
        default: .lowerIsBetter
        }
    }

    /// A "badness" that is larger for worse values, whatever the orientation:
    /// v, −v or |v − 1|. Used for worst-case, failure substitutes and Z-scores.
    public func badness(_ value: Double) -> Double {
        switch orientation {
        case .lowerIsBetter: value
        case .higherIsBetter: -value
        case .closerToOneIsBetter: abs(value - 1)
        }
    }
}
