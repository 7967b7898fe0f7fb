import Datasets
import Foundation
import HoldoutCore
import Leakage
import Store

/// Leakage check "duplicates": every hidden case's input frame against every frame of every
/// public case (so a revisit of a public trajectory's state is found too), both taken as
/// anomalies from the public mean state, exact by canonical hash and near by the normalised
/// distance d = ‖â − b̂‖ (x̂ the centred, unit-norm anomaly;
/// d = √(2(1 − ρ))) below the spec's `leakage.near_duplicate_distance`, found with
/// random-projection sketches and confirmed exactly (`NearDuplicateIndex`).
enum DuplicateCheck {
    static let name = "duplicates"

    static func run(spec: TaskSpec, publicCases: [GeneratedCase], hidden: [GeneratedCase]) throws -> LeakageFinding {
        guard let first = publicCases.first else {
            return LeakageFinding(check: .duplicates, severity: .info, message: "no public cases to compare with")
        }
        let frame = first.inputs.count / first.inputs.shape[0]
        let meanState = Self.meanState(publicCases, frame: frame)
        func anomaly(_ field: Field) -> Field { Self.anomaly(field, from: meanState) }
        var index = NearDuplicateIndex(dimension: frame, threshold: spec.leakage.nearDuplicateDistance, seed: 0x5EED_D0D0)
        for item in publicCases {
            let trajectory = Field.stack([item.inputs, item.targets].flatMap { field in
                (0..<field.shape[0]).map { anomaly(field.slice($0)) }
            }, along: .lead)
            try index.addTrajectory(trajectory, frameAxis: .lead, id: item.id, source: item.split)
        }
        let queries = hidden.map { (id: $0.id, field: anomaly($0.lastInput)) }
        let matches = try index.findings(hidden: queries)
        return index.finding(for: matches, hiddenCount: hidden.count)
    }

    /// The mean frame of every frame of `cases`. Duplicates are compared as anomalies from it,
    /// not raw frames: where every case shares a large common part (the Maxwellian of a Vlasov
    /// task), raw frames all correlate near 1.
    static func meanState(_ cases: [GeneratedCase], frame: Int) -> [Double] {
        var meanState = [Double](repeating: 0, count: frame)
        var frames = 0.0
        for item in cases {
            for field in [item.inputs, item.targets] {
                for (index, value) in field.values.enumerated() { meanState[index % frame] += value }
                frames += Double(field.shape[0])
            }
        }
        return meanState.map { $0 / max(frames, 1) }
    }

    static func anomaly(_ field: Field, from meanState: [Double]) -> Field {
        var copy = field
        for index in copy.values.indices { copy.values[index] -= meanState[index % meanState.count] }
        return copy
    }

    /// The finding as stored with a run.
    static func record(_ finding: LeakageFinding, runID: String) -> FindingRecord {
        FindingRecord(runID: runID, check: name, severity: finding.severity.rawValue, message: finding.message)
    }
}
