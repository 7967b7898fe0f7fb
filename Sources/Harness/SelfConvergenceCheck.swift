import Datasets
import HoldoutCore

/// `holdout tasks validate`'s solver check: on a few cases drawn as the spec draws them, the
/// reference solver at the spec's resolution is run, from the state after the spec's spin-up,
/// with three halving time steps over one output interval, and the observed temporal order
/// (Richardson, against the finest run) must be close to the scheme's. A spec whose time step is too large for its resolution, or whose
/// initial conditions are too rough, fails here before any round opens.
///
/// The probe runs with steps h, h/2, h/4 where h is 8·dt (or 4·dt, 2·dt where 8·dt is unstable)
/// of the spec's time step: at dt itself a fourth-order scheme's differences sit at round-off and
/// the measured order would be noise.
public struct SelfConvergenceCheck: Sendable {
    public var orders: [Double]
    public var expectedOrder: Double
    public var minimumOrder: Double

    public var passed: Bool { orders.allSatisfy { $0 >= minimumOrder } }
    public var summary: String {
        let list = orders.map { String(format: "%.2f", $0) }.joined(separator: ", ")
        return "reference solver self-convergence order \(list) (expected \(expectedOrder), minimum \(minimumOrder))"
    }

    public static func run(spec: TaskSpec, cases: Int = 2) throws -> SelfConvergenceCheck {
        let generator = try CaseGenerator(spec: spec)
        let split = spec.splits.first { $0.visibility == .public } ?? spec.splits[0]
        let orders = try (0..<cases).map { index -> Double in
            let start = generator.publicStart(split: split, index: index)
            // Probe where the cases live, after the spin-up: a stiff solver started from raw random
            // data first passes an initial layer, and chaotic systems only show their typical
            // behaviour on the attractor. The spin-up runs at the spec's own step (the coarse probe
            // step can be unstable on the transient, e.g. 2-D turbulence).
            var initial = start.initial
            if spec.reference.spinUp > 0 {
                let spinUp = try generator.setup.model(parameters: start.parameters, points: spec.reference.points,
                                                       timeStep: spec.reference.timeStep)
                initial = spinUp.integrate(initial: start.initial, outputTimes: [spec.reference.spinUp])[0]
            }
            // The largest probe step (8, 4 or 2 times the spec's) at which the runs stay finite:
            // turbulent states are unstable at steps a smooth initial condition tolerates.
            var order = Double.nan
            for factor in [8.0, 4, 2] {
                let model = try generator.setup.model(parameters: start.parameters, points: spec.reference.points,
                                                      timeStep: spec.reference.timeStep * factor)
                order = model.selfConvergenceOrder(initial: initial, time: spec.observation.interval)
                if order.isFinite { break }
            }
            return order
        }
        let expected = generator.setup.temporalOrder
        return SelfConvergenceCheck(orders: orders, expectedOrder: expected, minimumOrder: expected - 0.5)
    }
}
