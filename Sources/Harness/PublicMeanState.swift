import Datasets
import HoldoutCore

/// The mean state of the public data per grid point and component, over every frame of every
/// public case. The leakage checks compare anomalies from it, not raw frames: where every case
/// shares a large common part (the Maxwellian of a Vlasov task, the forcing of Lorenz-96), raw
/// frames all correlate near 1.
struct PublicMeanState {
    let values: [Double]

    /// - Parameter frame: values per frame, for a mean of zero when there are no cases.
    init(publicCases: [GeneratedCase], frame fallbackFrame: Int = 0) {
        guard let first = publicCases.first else {
            values = [Double](repeating: 0, count: fallbackFrame)
            return
        }
        let frame = first.inputs.count / first.inputs.shape[0]
        var mean = [Double](repeating: 0, count: frame)
        var frames = 0.0
        for item in publicCases {
            for field in [item.inputs, item.targets] {
                for (index, value) in field.values.enumerated() { mean[index % frame] += value }
                frames += Double(field.shape[0])
            }
        }
        values = mean.map { $0 / max(frames, 1) }
    }

    var frameSize: Int { values.count }

    /// `field` (one frame or a stack of frames) minus the mean state, frame by frame.
    func anomaly(_ field: Field) -> Field {
        var copy = field
        for index in copy.values.indices { copy.values[index] -= values[index % values.count] }
        return copy
    }

    /// Every frame of a case (inputs, then targets) as an anomaly, in time order.
    func anomalyFrames(_ item: GeneratedCase) -> [Field] {
        [item.inputs, item.targets].flatMap { field in (0..<field.shape[0]).map { anomaly(field.slice($0)) } }
    }
}
