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
final class ReferenceSolverMethod: ServedMethod {
    let info = HPP.MethodInfo(name: "reference-solver", version: "1.0.0")
    let capabilities = HPP.Capabilities(trains: false, ensembles: false)
    private var task: TaskDescription?
    private var setup: EquationSetup?
    private var points: [Int] = []
    private var timeStep = 0.0

    func configure(_ message: HPP.TaskMessage) throws {
        let task = message.task
        setup = try Equations.setup(equation: task.equation, lengths: task.lengths)
        self.task = task
        points = message.options["points"].map { Array(repeating: Int($0), count: task.points.count) } ?? task.points
        timeStep = message.options["time_step"] ?? task.interval / 10
        guard points.allSatisfy({ $0 >= 4 && $0 % 2 == 0 }), timeStep > 0 else {
            throw MethodError("options need an even 'points' ≥ 4 and a positive 'time_step'; got \(message.options)")
        }
    }

    func predict(inputs: Field, parameters: Field?, members: Int) throws -> Field {
        guard let task, let setup else { throw MethodError("predict before configure") }
        let times = (1...task.outputFrames).map { Double($0) * task.interval }
        let components = task.fields.count
        let grid = TaskDescription.grid(of: inputs)
        let perCase = try (0..<inputs.shape[0]).map { index -> [Double] in
            var values: [String: Double] = [:]
            for (column, name) in task.parameterInputs.enumerated() { values[name] = parameters?[index, column] }
            let model = try setup.model(parameters: values, points: points, timeStep: timeStep)
            let last = inputs.slice(index).slice(task.inputFrames - 1).values
            let initial = setup.resample(last, from: grid, to: points, components: components, method: "spectral-truncation")
            return Array(model.integrate(initial: initial, outputTimes: times).map {
                setup.resample($0, from: points, to: grid, components: components, method: "spectral-truncation")
            }.joined())
        }
        return .forecast(perCase, members: members, frameShape: [task.outputFrames] + grid + [components])
    }
}
