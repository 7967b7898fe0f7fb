import Datasets
import HoldoutCore
import Leakage

/// Leakage check "temporal separation", for weather-like tasks: are the hidden initial states
/// independent of the public trajectories?
///
/// Two findings. From the cases' own times: public and hidden segments that share a trajectory
/// must be at least `requiredDecorrelationTimes` decorrelation times apart (`TemporalSeparation`;
/// today every case is its own spin-up, so this holds by construction and says so). From the
/// data, whatever the generator claims: every hidden initial state's largest correlation with
/// any public frame against the same statistic for independent public spin-ups, and the
/// decorrelation time measured from the public trajectories (`MeasuredSeparation`).
enum TemporalSeparationCheck {
    static let name = LeakageCheck.temporalSeparation.rawValue
    /// Three decorrelation times: correlation across the gap ≤ e⁻³ ≈ 0.05.
    static let requiredDecorrelationTimes = 3.0

    static func run(spec: TaskSpec, publicCases: [GeneratedCase], hidden: [GeneratedCase]) -> [LeakageFinding] {
        guard spec.kind == .weather, !publicCases.isEmpty else { return [] }
        let interval = spec.observation.interval
        let mean = PublicMeanState(publicCases: publicCases)
        guard let setup = try? Equations.setup(equation: spec.physics.equation, lengths: spec.physics.lengths) else { return [] }
        let trajectories = publicCases.map { item in
            MeasuredSeparation.Trajectory(id: item.id, frames: mean.anomalyFrames(item).map(\.values),
                                          initialFrame: item.inputs.shape[0] - 1)
        }
        let measured = MeasuredSeparation(
            publicTrajectories: trajectories,
            hidden: hidden.map { ($0.id, mean.anomaly(DuplicateCheck.onTrainingGrid($0.lastInput, spec: spec, setup: setup)).values) },
            interval: interval, declaredDecorrelationTime: spec.scoring.decorrelationTime)
        var findings = [measured.finding]
        if let tau = spec.scoring.decorrelationTime ?? measured.measuredDecorrelationTime {
            func segment(_ item: GeneratedCase) -> TemporalSeparation.Segment {
                let frames = item.inputs.shape[0] + item.targets.shape[0]
                return TemporalSeparation.Segment(id: item.id, trajectory: "\(item.seedOrigin)/\(item.split)/\(item.trajectory)",
                                                  start: item.startTime, end: item.startTime + Double(frames - 1) * interval)
            }
            findings.insert(TemporalSeparation(public: publicCases.map(segment), hidden: hidden.map(segment),
                                               decorrelationTime: tau,
                                               requiredDecorrelationTimes: requiredDecorrelationTimes).finding, at: 0)
        }
        return findings
    }
}
