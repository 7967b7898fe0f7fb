import Foundation
import FourierTransforms
import HoldoutCore
import Physics

/// Periodic 1-D Kuramoto–Sivashinsky u_t + u u_x + u_xx + ν u_xxxx = 0: random-Fourier initial
/// conditions (drawn exactly as Burgers draws them; the spec's `reference.spin_up` then carries
/// them onto the attractor), the ETDRK4 solver, spectral resampling (or block averaging)
/// between grids. Parameter: `viscosity` (ν, the coefficient of u_xxxx), 1 when absent: the
/// standard form.
struct KuramotoSivashinskySetup: EquationSetup {
    let length: Double
    var temporalOrder: Double { 4 }

    func initialCondition(_ spec: TaskSpec.InitialCondition, points: [Int], components: Int,
                          using rng: inout CounterRNG) -> [Double] {
        BurgersSetup(length: length).initialCondition(spec, points: points, components: components, using: &rng)
    }

    func model(parameters: [String: Double], points: [Int], timeStep: Double) throws -> TrajectoryModel {
        let viscosity = parameters["viscosity"] ?? 1
        guard viscosity > 0, viscosity.isFinite else {
            throw EquationError("Kuramoto–Sivashinsky needs a positive 'viscosity' (coefficient of u_xxxx); got \(viscosity)")
        }
        return KuramotoSivashinskySolver(points: points[0], length: length, viscosity: viscosity, timeStep: timeStep)
    }

    func resample(_ state: [Double], from: [Int], to: [Int], components: Int, method: String) -> [Double] {
        BurgersSetup(length: length).resample(state, from: from, to: to, components: components, method: method)
    }
}
