import Foundation
import HoldoutCore
import Physics

/// Turns a task spec and a key into cases: parameters and a random initial condition drawn
/// from per-case seeds, a reference trajectory at the reference resolution, and its frames
/// brought to the resolution methods see.
///
/// Seeds are HMAC-SHA256(key, task id ‖ version ‖ split ‖ index) (`SeedDerivation`). Each
/// random quantity draws from its own stream of the case's counter-based generator. FFTW plans
/// are made with FFTW_ESTIMATE, so the same seed gives bit-identical data on the same machine;
/// on another CPU FFTW may take other SIMD paths, hence the spec's reproducibility tolerance.
public struct CaseGenerator: Sendable {
    public let spec: TaskSpec
    public let setup: EquationSetup

    public init(spec: TaskSpec) throws {
        self.spec = spec
        setup = try Equations.setup(equation: spec.physics.equation, lengths: spec.physics.lengths)
    }

    enum Stream: UInt64 { case parameters = 1, initialCondition = 2, inputNoise = 3 }

    /// Generates cases `0..<count` of `split`, in parallel over the machine's cores.
    public func generate(split: TaskSpec.Split, count: Int, key: [UInt8], seedOrigin: String,
                         progress: (@Sendable (Int) -> Void)? = nil) -> [GeneratedCase] {
        let results = UnsafeSendableBuffer<GeneratedCase>(count: count)
        let done = AtomicCounter()
        DispatchQueue.concurrentPerform(iterations: count) { index in
            results[index] = generateCase(split: split, index: index, key: key, seedOrigin: seedOrigin)
            progress?(done.increment())
        }
        return results.values.map { $0! }
    }

    public func generateCase(split: TaskSpec.Split, index: Int, key: [UInt8], seedOrigin: String) -> GeneratedCase {
        let seed = SeedDerivation.seed(key: key, taskID: spec.id, taskVersion: spec.version, split: split.name, index: index)
        let parameters = drawParameters(split: split, seed: seed)
        let initial = initialCondition(seed: seed, split: split)
        let observation = spec.observation
        let frameCount = observation.inputFrames + observation.outputFrames
        let start = spec.reference.spinUp
        let times = (0..<frameCount).map { start + Double($0) * observation.interval }
        // The spec was validated against the setup, so a missing parameter is a programming error.
        let model = try! setup.model(parameters: parameters, points: spec.reference.points, timeStep: spec.reference.timeStep)
        // A resolution-shift split brings the same reference trajectory to its own, finer grid.
        let points = spec.points(for: split)
        var frames = model.integrate(initial: initial, outputTimes: times).map { downsample($0, to: points) }
        if observation.inputNoise > 0 {
            // Analysis noise on what methods see; the targets stay the truth.
            var rng = seed.generator(stream: Stream.inputNoise.rawValue)
            for frame in 0..<observation.inputFrames {
                frames[frame] = frames[frame].map { $0 + observation.inputNoise * rng.normal() }
            }
        }

        let components = observation.fields.count
        let axes: [Axis] = [.lead] + ["x", "y", "z"].prefix(points.count).map { Axis(.space, $0) }
            + [Axis(.component, observation.fields.joined(separator: ","))]
        let inputs = Field(axes: axes, shape: [observation.inputFrames] + points + [components],
                           values: Array(frames.prefix(observation.inputFrames).joined()))
        let targets = Field(axes: axes, shape: [observation.outputFrames] + points + [components],
                            values: Array(frames.dropFirst(observation.inputFrames).joined()))
        return GeneratedCase(split: split.name, index: index, id: String(format: "%@-%04d", split.name, index),
                             seedOrigin: seedOrigin, trajectory: index, startTime: start,
                             outOfDistribution: split.outOfDistribution, parameters: parameters,
                             inputs: inputs, targets: targets)
    }

    func drawParameters(split: TaskSpec.Split, seed: CaseSeed) -> [String: Double] {
        var rng = seed.generator(stream: Stream.parameters.rawValue)
        var parameters: [String: Double] = [:]
        for parameter in spec.parameters(for: split) {
            parameters[parameter.name] = parameter.distribution.sample(rng.uniform())
        }
        return parameters
    }

    func initialCondition(seed: CaseSeed, split: TaskSpec.Split) -> [Double] {
        var rng = seed.generator(stream: Stream.initialCondition.rawValue)
        return setup.initialCondition(split.initialCondition ?? spec.initialCondition, points: spec.reference.points,
                                      components: spec.observation.fields.count, using: &rng)
    }

    /// The parameters and reference-grid initial condition of case `index` of `split`, drawn
    /// with the public key (for `holdout tasks validate`).
    public func publicStart(split: TaskSpec.Split, index: Int) -> (parameters: [String: Double], initial: [Double]) {
        let seed = SeedDerivation.seed(key: SeedDerivation.publicKey, taskID: spec.id, taskVersion: spec.version,
                                       split: split.name, index: index)
        return (drawParameters(split: split, seed: seed), initialCondition(seed: seed, split: split))
    }

    /// Brings a reference frame to an observation grid (the task's or a split's) as the spec declares.
    func downsample(_ frame: [Double], to points: [Int]) -> [Double] {
        setup.resample(frame, from: spec.reference.points, to: points,
                       components: spec.observation.fields.count, method: spec.observation.downsampling)
    }
}

/// Fixed-size storage written from `concurrentPerform`, one disjoint index per iteration.
final class UnsafeSendableBuffer<Element>: @unchecked Sendable {
    private var storage: [Element?]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    subscript(index: Int) -> Element? {
        get { lock.withLock { storage[index] } }
        set { lock.withLock { storage[index] = newValue } }
    }
    var values: [Element?] { lock.withLock { storage } }
}

/// A lock-protected counter for progress reporting from parallel work.
public final class AtomicCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    public init() {}
    public func increment() -> Int { lock.withLock { value += 1; return value } }
}
