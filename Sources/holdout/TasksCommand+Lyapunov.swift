import ArgumentParser
import Datasets
import Foundation
import HoldoutCore
import Physics

extension TasksCommand {
    /// `holdout tasks lyapunov SPEC`: measures the leading Lyapunov exponent of a task's dynamics
    /// with its own reference solver (Benettin's two-trajectory method, `LyapunovEstimate`), on
    /// initial conditions and parameters drawn as the spec draws them for a split, after the
    /// spec's spin-up. The result is what `scoring.lyapunov_exponent` should declare.
    struct Lyapunov: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure the leading Lyapunov exponent of a task's reference dynamics (Benettin).")
        @OptionGroup var location: LocationOptions
        @Argument(help: "A task id or a path to a spec.") var task: String
        @Option(help: "Split whose parameter distribution is sampled.") var split = "train"
        @Option(help: "Trajectories (cases of the split, public key).") var cases = 4
        @Option(help: "Measured time per trajectory, after the spin-up and a transient.") var time = 5000.0
        @Option(help: "Extra transient after the spin-up, for the perturbation to align.") var transient = 100.0
        @Option(help: "Renormalisation interval τ (default: the observation interval).") var interval: Double?
        @Option(help: "Initial separation, relative to the state's norm.") var separation = 1e-8
        @Option(help: "Solver time step (default: the reference's; a larger stable step is far cheaper and changes λ₁ negligibly).")
        var timeStep: Double?

        func run() throws {
            let url = try TasksCommand.resolve(task, in: location.repositoryURL)
            let spec = try TaskSpec.load(from: url, displayPath: TasksCommand.display(url, location.repositoryURL))
            guard let chosen = spec.split(named: split) else { throw fail("no split '\(split)' in \(spec.id)") }
            let generator = try CaseGenerator(spec: spec)
            let tau = interval ?? spec.observation.interval
            let step = timeStep ?? spec.reference.timeStep
            let intervals = max(10, Int((time / tau).rounded()))
            print("\(spec.id): Benettin, \(cases) trajectories of split '\(split)', N = \(spec.reference.points), "
                  + "h = \(step), spin-up \(spec.reference.spinUp) + transient \(transient), "
                  + "τ = \(tau), T = \(Double(intervals) * tau) each, δ₀ = \(separation)·‖u‖")
            var exponents: [Double] = []
            for index in 0..<cases {
                let start = generator.publicStart(split: chosen, index: index)
                let model = try generator.setup.model(parameters: start.parameters, points: spec.reference.points,
                                                      timeStep: step)
                // A fixed, generic direction: a smooth random-looking field from the case's own IC.
                let direction = start.initial.indices.map { sin(Double($0) * 0.7548776662 * 2 * .pi) + 0.5 * start.initial[$0] }
                let estimate = LyapunovEstimate.benettin(
                    model: model, initial: start.initial, perturbation: direction, separation: separation,
                    renormalisationInterval: tau, transient: spec.reference.spinUp + transient,
                    intervals: intervals, blocks: 10)
                exponents.append(estimate.exponent)
                let parameters = start.parameters.sorted { $0.key < $1.key }.map { "\($0.key) = \(String(format: "%.4g", $0.value))" }
                print(String(format: "  case %d (%@): λ₁ = %.5g ± %.5g (block standard error)", index,
                             parameters.joined(separator: ", "), estimate.exponent, estimate.standardError))
            }
            let mean = exponents.reduce(0, +) / Double(exponents.count)
            let spread = exponents.count > 1
                ? (exponents.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(exponents.count - 1) / Double(exponents.count)).squareRoot()
                : .nan
            print(String(format: "λ₁ = %.5g ± %.5g (mean over trajectories ± its standard error); Lyapunov time %.5g", mean, spread, 1 / mean))
        }
    }
}
