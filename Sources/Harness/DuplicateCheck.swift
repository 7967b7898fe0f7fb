import Datasets
import Foundation
import HoldoutCore
import Leakage
import Store

/// Leakage check "duplicates": every hidden case's input frame (brought to the training grid)
/// against every frame of every public case (so a revisit of a public trajectory's state is
/// found too), both taken as anomalies from the public mean state (`PublicMeanState`), exact by canonical hash and
/// near by the normalised distance d = ‖â − b̂‖ (x̂ the centred, unit-norm anomaly;
/// d = √(2(1 − ρ))) below the spec's `leakage.near_duplicate_distance`, found with
/// random-projection sketches and confirmed exactly (`NearDuplicateIndex`).
enum DuplicateCheck {
    static let name = "duplicates"

    static func run(spec: TaskSpec, publicCases: [GeneratedCase], hidden: [GeneratedCase]) throws -> LeakageFinding {
        guard !publicCases.isEmpty else {
            return LeakageFinding(check: .duplicates, severity: .info, message: "no public cases to compare with")
        }
        let mean = PublicMeanState(publicCases: publicCases)
        var index = NearDuplicateIndex(dimension: mean.frameSize, threshold: spec.leakage.nearDuplicateDistance, seed: 0x5EED_D0D0)
        for item in publicCases {
            let trajectory = Field.stack(mean.anomalyFrames(item), along: .lead)
            try index.addTrajectory(trajectory, frameAxis: .lead, id: item.id, source: item.split)
        }
        let setup = try Equations.setup(equation: spec.physics.equation, lengths: spec.physics.lengths)
        let queries = hidden.map { (id: $0.id, field: mean.anomaly(onTrainingGrid($0.lastInput, spec: spec, setup: setup))) }
        let matches = try index.findings(hidden: queries)
        return index.finding(for: matches, hiddenCount: hidden.count)
    }

    /// A frame [space…, component] brought to the training grid with the task's downsampling, so a
    /// resolution-shift case is compared with the public cases at the scales both resolve.
    static func onTrainingGrid(_ frame: Field, spec: TaskSpec, setup: EquationSetup) -> Field {
        let points = spec.observation.points
        let grid = Array(frame.shape.dropLast())
        guard grid != points else { return frame }
        let components = frame.shape.last!
        return Field(axes: frame.axes, shape: points + [components],
                     values: setup.resample(frame.values, from: grid, to: points, components: components,
                                            method: spec.observation.downsampling))
    }

}
