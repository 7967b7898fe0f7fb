import HoldoutCore
import MethodHost

/// Persistence: every output frame is the last input frame. The floor any method must beat.
final class PersistenceMethod: ServedMethod {
    let info = HPP.MethodInfo(name: "persistence", version: "1.0.0")
    let capabilities = HPP.Capabilities(trains: false, ensembles: false)
    private var task: TaskDescription?

    func configure(_ message: HPP.TaskMessage) throws { task = message.task }

    func predict(inputs: Field, parameters: Field?, members: Int) throws -> Field {
        guard let task else { throw MethodError("no task") }
        // The request's grid: the training grid, or a finer one on a resolution-shift split.
        let points = TaskDescription.grid(of: inputs)
        let frame = points.reduce(1, *) * task.fields.count
        let perCase = (0..<inputs.shape[0]).map { index -> [Double] in
            let last = inputs.slice(index).slice(task.inputFrames - 1).values
            return Array((0..<task.outputFrames).map { _ in last }.joined())
        }
        precondition(perCase.allSatisfy { $0.count == frame * task.outputFrames })
        return .forecast(perCase, members: members, frameShape: [task.outputFrames] + points + [task.fields.count])
    }
}
