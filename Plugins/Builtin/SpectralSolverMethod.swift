import FourierTransforms
import HoldoutCore
import MethodHost
import Physics

/// The reference ETDRK4 solver run at a chosen resolution and time step: one rung of the
/// baseline ladder. Options: `points` (grid size the solver runs at) and `time_step`.
///
/// The input frame is brought to `points` by spectral resampling (zero-padding when finer
/// than the observation grid), integrated to every lead time, and truncated back.
final class SpectralSolverMethod: ServedMethod {
    let info = HPP.MethodInfo(name: "spectral", version: "1.0.0")
    let capabilities = HPP.Capabilities(trains: false, ensembles: false)
    private var task: TaskDescription?
    private var points = 0
    private var timeStep = 0.0
    private var solvers: [Double: BurgersSolver] = [:]

    func configure(_ message: HPP.TaskMessage) throws {
        let task = message.task
        guard task.equation == "burgers", task.points.count == 1, task.fields.count == 1 else {
            throw MethodError("the spectral baseline solves 1-D Burgers only; task '\(task.id)' is '\(task.equation)'")
        }
        guard let viscosityIndex = task.parameterInputs.firstIndex(of: "viscosity") else {
            throw MethodError("the spectral baseline needs 'viscosity' among the task's parameter inputs")
        }
        _ = viscosityIndex
        self.task = task
        points = Int(message.options["points"] ?? Double(task.points[0]))
        timeStep = message.options["time_step"] ?? task.interval / 10
        guard points >= 8, points % 2 == 0, timeStep > 0 else {
            throw MethodError("options need an even 'points' ≥ 8 and a positive 'time_step'; got \(message.options)")
        }
    }

    func predict(inputs: Field, parameters: Field?, members: Int) throws -> Field {
        guard let task, let parameters, let column = task.parameterInputs.firstIndex(of: "viscosity") else {
            throw MethodError("predict before configure, or no parameters sent")
        }
        let times = task.interval == 0 ? [] : (1...task.outputFrames).map { Double($0) * task.interval }
        let perCase = (0..<inputs.shape[0]).map { index -> [Double] in
            let viscosity = parameters[index, column]
            let solver = solver(viscosity: viscosity, length: task.lengths[0])
            let initial = SpectralResampler.resample(inputs.slice(index).slice(task.inputFrames - 1).values, to: points)
            return Array(solver.integrate(initial: initial, outputTimes: times)
                .map { SpectralResampler.resample($0, to: task.points[0]) }.joined())
        }
        return .forecast(perCase, members: members, frameShape: [task.outputFrames, task.points[0], 1])
    }

    /// Solvers are cached per viscosity: plans and ETDRK4 coefficients depend on it.
    private func solver(viscosity: Double, length: Double) -> BurgersSolver {
        if let solver = solvers[viscosity] { return solver }
        if solvers.count > 64 { solvers.removeAll() }
        let solver = BurgersSolver(points: points, length: length, viscosity: viscosity, timeStep: timeStep)
        solvers[viscosity] = solver
        return solver
    }
}
