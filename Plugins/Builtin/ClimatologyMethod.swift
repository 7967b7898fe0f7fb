import HoldoutCore
import MethodHost

/// Climatology from the public training split: the forecast that knows the attractor and
/// nothing about the initial state, the floor of skill at long leads.
///
/// Deterministic (`climatology`): the training mean per grid point and component at every
/// lead, the RMSE-optimal forecast once all skill is lost — and maximally blurred (its
/// spectral ratio is ≈ 0 away from the mean). Ensemble (`climatology-ensemble`): each member at
/// each lead is a training frame drawn uniformly from every trajectory and time, keyed by the
/// case's inputs so a case always gets the same draws: a calibrated but skill-less ensemble
/// (spread-skill → 1 at long leads, sharp spectra).
final class ClimatologyMethod: ServedMethod {
    let ensemble: Bool
    var info: HPP.MethodInfo { HPP.MethodInfo(name: ensemble ? "climatology-ensemble" : "climatology", version: "1.0.0") }
    var capabilities: HPP.Capabilities { HPP.Capabilities(trains: false, ensembles: ensemble) }
    private var task: TaskDescription?
    private var training: TrainingSplit?
    private var mean: [Double] = []

    init(ensemble: Bool) { self.ensemble = ensemble }

    /// Reads the training split (read-only at /data in both modes); its cost is start-up cost.
    func configure(_ message: HPP.TaskMessage) throws {
        task = message.task
        let training = try TrainingSplit(message: message)
        self.training = training
        mean = training.mean()
    }

    func predict(inputs: Field, parameters: Field?, members: Int) throws -> Field {
        guard let task, let training else { throw MethodError("predict before configure") }
        // Fitted on the training grid; a resolution-shift split's finer grid is not supported.
        guard TaskDescription.grid(of: inputs) == task.points else {
            throw MethodError("\(info.name) knows the training grid \(task.points) only; the request is on \(TaskDescription.grid(of: inputs))")
        }
        let frameShape = [task.outputFrames] + task.points + [task.fields.count]
        guard ensemble else {
            let forecast = Array((0..<task.outputFrames).map { _ in mean }.joined())
            return .forecast(Array(repeating: forecast, count: inputs.shape[0]), members: members, frameShape: frameShape)
        }
        var values: [Double] = []
        values.reserveCapacity(inputs.shape[0] * members * task.outputFrames * training.frameSize)
        for index in 0..<inputs.shape[0] {
            let key = inputs.slice(index).drawKey
            for member in 0..<members {
                var rng = CounterRNG(key: key, stream: UInt64(member))
                for _ in 0..<task.outputFrames {
                    let trajectory = Int(rng.next() % UInt64(training.cases))
                    let time = Int(rng.next() % UInt64(training.times))
                    values.append(contentsOf: training.frame(trajectory, time))
                }
            }
        }
        return .members(values, batch: inputs.shape[0], members: members, frameShape: frameShape)
    }
}
