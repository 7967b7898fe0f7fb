import Datasets
import Foundation
import HoldoutCore
import MethodHost

/// The public training split as the statistical baselines need it: every trajectory's frames
/// laid out [case][time][space…, component] (the frame layout of `predict`), read from the
/// HDF5 file the harness mounts at `paths.train`.
struct TrainingSplit {
    let cases: Int
    let times: Int
    /// Values per frame, N·C.
    let frameSize: Int
    let values: [Double]

    init(message: HPP.TaskMessage) throws {
        guard let path = message.paths.train else { throw MethodError("no training data path") }
        let task = message.task
        let points = task.points.reduce(1, *)
        let components = task.fields.count
        var perField: [Field] = []
        for name in task.fields {
            let field = try WellHDF5.readField(name: name, from: URL(fileURLWithPath: path))
            guard field.rank >= 2, field.count == field.shape[0] * field.shape[1] * points else {
                throw MethodError("training field '\(name)' has shape \(field.shape); expected [cases, times, \(task.points)]")
            }
            perField.append(field)
        }
        let cases = perField[0].shape[0], times = perField[0].shape[1]
        self.cases = cases
        self.times = times
        guard perField.allSatisfy({ $0.shape[0] == cases && $0.shape[1] == times }), cases >= 1, times >= 2 else {
            throw MethodError("training fields disagree on [cases, times] or have fewer than 2 frames")
        }
        let frame = points * components
        frameSize = frame
        var values = [Double](repeating: 0, count: cases * times * frame)
        for (c, field) in perField.enumerated() {
            for trajectoryFrame in 0..<(cases * times) {
                let source = trajectoryFrame * points, target = trajectoryFrame * frame + c
                for s in 0..<points { values[target + s * components] = field.values[source + s] }
            }
        }
        self.values = values
    }

    /// Frame `time` of trajectory `trajectory`, N·C values.
    func frame(_ trajectory: Int, _ time: Int) -> ArraySlice<Double> {
        let start = (trajectory * times + time) * frameSize
        return values[start..<(start + frameSize)]
    }

    /// The climatological mean per grid point and component over every case and frame.
    func mean() -> [Double] {
        var sum = [Double](repeating: 0, count: frameSize)
        for index in values.indices { sum[index % frameSize] += values[index] }
        return sum.map { $0 / Double(cases * times) }
    }

    /// Autocorrelation of the anomalies (from `mean`) at a lag of one frame, pooled over points,
    /// components and trajectories: Σ a_t a_{t+1} / √(Σ a_t² Σ a_{t+1}²).
    func lagOneAutocorrelation(mean: [Double]) -> Double {
        var ab = 0.0, aa = 0.0, bb = 0.0
        for trajectory in 0..<cases {
            for time in 0..<(times - 1) {
                let first = (trajectory * times + time) * frameSize
                for i in 0..<frameSize {
                    let a = values[first + i] - mean[i], b = values[first + frameSize + i] - mean[i]
                    ab += a * b; aa += a * a; bb += b * b
                }
            }
        }
        return aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : 0
    }
}

extension Field {
    /// A key for the random draws of one case: a function of its inputs only, so a case gets
    /// the same members whichever batch it arrives in (the context-invariance check).
    var drawKey: UInt64 {
        UInt64(SHA256Digest.hex(of: self).prefix(16), radix: 16) ?? 0
    }
}
