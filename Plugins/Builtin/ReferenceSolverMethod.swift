import Datasets
import HoldoutCore
import MethodHost

/// The task's own reference solver run at a chosen resolution and time step: one rung of the
/// baseline ladder, for any equation in `Equations`. Options: `points` (grid size per spatial
/// axis the solver runs at; default the observation grid) and `time_step`.
///
/// The last input frame is brought to the solver's grid (spectral zero-padding when finer),
/// integrated to every lead time with the physical parameters the task gives as inputs, and
/// brought back to the grid of the request (the observation grid, or the finer grid of a
/// resolution-shift split: the rung still runs at its own resolution).
///
/// `reference-ensemble` is the same solver from M perturbed analyses (the "ENS" analogue):
/// member m starts from the last input plus independent Gaussian noise of std `perturbation`
/// (option; set it to the spec's `input_noise`, so the members' spread around the analysis
/// matches the truth's distance from it) at every grid point, drawn from a generator keyed by
/// the case's inputs and the member index, so a case gets the same ensemble in any batch.
final class ReferenceSolverMethod: ServedMethod {
    let ensemble: Bool
    var info: HPP.MethodInfo { HPP.MethodInfo(name: ensemble ? "reference-ensemble" : "reference-solver", version: "1.0.0") }
    var capabilities: HPP.Capabilities { HPP.Capabilities(trains: false, ensembles: ensemble) }
    private var task: TaskDescription?
    private var setup: EquationSetup?
    private var points: [Int] = []
    private var timeStep = 0.0
    private var perturbation = 0.0

    init(ensemble: Bool) { self.ensemble = ensemble }

    func configure(_ message: HPP.TaskMessage) throws {
        let task = message.task
        setup = try Equations.setup(equation: task.equation, lengths: task.lengths)
        self.task = task
        points = message.options["points"].map { Array(repeating: Int($0), count: task.points.count) } ?? task.points
        timeStep = message.options["time_step"] ?? task.interval / 10
        guard points.allSatisfy({ $0 >= 4 && $0 % 2 == 0 }), timeStep > 0 else {
            throw MethodError("options need an even 'points' ≥ 4 and a positive 'time_step'; got \(message.options)")
        }
        perturbation = message.options["perturbation"] ?? 0
        guard perturbation >= 0, ensemble || perturbation == 0 else {
            throw MethodError("'perturbation' must be ≥ 0 and is only for reference-ensemble; got \(perturbation)")
        }
    }

    func predict(inputs: Field, parameters: Field?, members: Int) throws -> Field {
        guard let task, let setup else { throw MethodError("predict before configure") }
        let times = (1...task.outputFrames).map { Double($0) * task.interval }
        let components = task.fields.count
        let grid = TaskDescription.grid(of: inputs)
        let frameShape = [task.outputFrames] + grid + [components]
        var values: [Double] = []
        for index in 0..<inputs.shape[0] {
            var parameterValues: [String: Double] = [:]
            for (column, name) in task.parameterInputs.enumerated() { parameterValues[name] = parameters?[index, column] }
            let model = try setup.model(parameters: parameterValues, points: points, timeStep: timeStep)
            let last = inputs.slice(index).slice(task.inputFrames - 1).values
            let key = inputs.slice(index).drawKey
            // A deterministic forecast is computed once and repeated for every member asked.
            for member in 0..<(ensemble ? members : 1) {
                var start = last
                if ensemble && perturbation > 0 {
                    var rng = CounterRNG(key: key, stream: UInt64(member))
                    for i in start.indices { start[i] += perturbation * rng.normal() }
                }
                let initial = setup.resample(start, from: grid, to: points, components: components, method: "spectral-truncation")
                for frame in model.integrate(initial: initial, outputTimes: times) {
                    values += setup.resample(frame, from: points, to: grid, components: components, method: "spectral-truncation")
                }
            }
            if !ensemble {
                let forecast = values.suffix(frameShape.reduce(1, *))
                for _ in 1..<max(members, 1) { values += forecast }
            }
        }
        return .members(values, batch: inputs.shape[0], members: members, frameShape: frameShape)
    }
}
