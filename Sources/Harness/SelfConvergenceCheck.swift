import Datasets
import HoldoutCore

/// `holdout tasks validate`'s solver check: on a few cases drawn as the spec draws them, the
/// reference solver at the spec's resolution is run, from the state after the spec's spin-up,
/// with three halving time steps over one output interval, and the observed temporal order
/// (Richardson, against the finest run) must be close to the scheme's. A spec whose time step is too large for its resolution, or whose
/// initial conditions are too rough, fails here before any round opens.
///
/// The probe steps are 8·dt, 4·dt and 2·dt of the spec's time step: at dt itself a fourth-order
/// scheme's differences sit at round-off and the measured order would be noise.
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
            let model = try generator.setup.model(parameters: start.parameters, points: spec.reference.points,
                                                  timeStep: spec.reference.timeStep * 8)
            // Probe where the cases live, after the spin-up (at the probe's coarse step: only the
            // state reached matters): a stiff solver started from raw random data first passes an
            // initial layer, and chaotic systems only show their typical behaviour on the attractor.
            let initial = spec.reference.spinUp > 0
                ? model.integrate(initial: start.initial, outputTimes: [spec.reference.spinUp])[0] : start.initial
            return model.selfConvergenceOrder(initial: initial, time: spec.observation.interval)
        }
        let expected = generator.setup.temporalOrder
        return SelfConvergenceCheck(orders: orders, expectedOrder: expected, minimumOrder: expected - 0.5)
    }
}
