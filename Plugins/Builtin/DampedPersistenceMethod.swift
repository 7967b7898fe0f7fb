import Foundation
import HoldoutCore
import MethodHost

/// Damped anomaly persistence: x̂(t) = μ + (x₀ − μ) e^{−t/τ}, with μ the training mean per grid
/// point and component and x₀ the last input frame. It relaxes from persistence at short leads
/// to climatology at long ones, the classic statistical reference of weather verification.
///
/// τ is the option `decorrelation_time` when given (e.g. the spec's measured value), otherwise
/// fitted on the public training split from the lag-one (one output interval Δt)
/// autocorrelation ρ of the anomalies, pooled over points: τ = −Δt / ln ρ (an AR(1) fit; ρ ≤ 0
/// gives climatology, ρ ≥ 1 persistence).
final class DampedPersistenceMethod: ServedMethod {
    let info = HPP.MethodInfo(name: "damped-persistence", version: "1.0.0")
    let capabilities = HPP.Capabilities(trains: false, ensembles: false)
    private var task: TaskDescription?
    private var mean: [Double] = []
    /// e-folding time of the anomalies; 0 for climatology, ∞ for persistence.
    private(set) var decorrelationTime = 0.0

    func configure(_ message: HPP.TaskMessage) throws {
        task = message.task
        let training = try TrainingSplit(message: message)
        mean = training.mean()
        if let given = message.options["decorrelation_time"] {
            guard given > 0 else { throw MethodError("option 'decorrelation_time' must be > 0; got \(given)") }
            decorrelationTime = given
        } else {
            let rho = training.lagOneAutocorrelation(mean: mean)
            decorrelationTime = rho <= 0 ? 0 : rho >= 1 ? .infinity : -message.task.interval / log(rho)
        }
    }

    func predict(inputs: Field, parameters: Field?, members: Int) throws -> Field {
        guard let task else { throw MethodError("predict before configure") }
        // Fitted on the training grid; a resolution-shift split's finer grid is not supported.
        guard TaskDescription.grid(of: inputs) == task.points else {
            throw MethodError("\(info.name) knows the training grid \(task.points) only; the request is on \(TaskDescription.grid(of: inputs))")
        }
        let perCase = (0..<inputs.shape[0]).map { index -> [Double] in
            let last = inputs.slice(index).slice(task.inputFrames - 1).values
            return Array((1...task.outputFrames).map { lead -> [Double] in
                let damping = decorrelationTime == 0 ? 0 : exp(-Double(lead) * task.interval / decorrelationTime)
                return zip(last, mean).map { x, mu in mu + (x - mu) * damping }
            }.joined())
        }
        return .forecast(perCase, members: members, frameShape: [task.outputFrames] + task.points + [task.fields.count])
    }
}
