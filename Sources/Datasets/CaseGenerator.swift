import Foundation
import FourierTransforms
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

    public init(spec: TaskSpec) throws {
        guard spec.physics.equation == "burgers", spec.physics.lengths.count == 1 else {
            throw SpecError(file: spec.id, line: 1, column: 1, message: "no case generator for equation '\(spec.physics.equation)' in \(spec.physics.lengths.count)-D")
        }
        self.spec = spec
    }

    enum Stream: UInt64 { case parameters = 1, initialCondition = 2 }

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
        var parameterRNG = seed.generator(stream: Stream.parameters.rawValue)
        var parameters: [String: Double] = [:]
        for parameter in spec.parameters(for: split) {
            parameters[parameter.name] = parameter.distribution.sample(parameterRNG.uniform())
        }
        var icRNG = seed.generator(stream: Stream.initialCondition.rawValue)
        let initial = initialCondition(using: &icRNG)

        let observation = spec.observation
        let frameCount = observation.inputFrames + observation.outputFrames
        let start = spec.reference.spinUp
        let times = (0..<frameCount).map { start + Double($0) * observation.interval }
        let solver = BurgersSolver(points: spec.reference.points[0], length: spec.physics.lengths[0],
                                   viscosity: parameters["viscosity"] ?? 0.05, timeStep: spec.reference.timeStep)
        let trajectory = solver.integrate(initial: initial, outputTimes: times)
        let frames = trajectory.map { downsample($0) }

        let points = observation.points[0]
        let axes: [Axis] = [.lead, Axis(.space, "x"), Axis(.component, observation.fields.joined(separator: ","))]
        let inputs = Field(axes: axes, shape: [observation.inputFrames, points, 1],
                           values: Array(frames.prefix(observation.inputFrames).joined()))
        let targets = Field(axes: axes, shape: [observation.outputFrames, points, 1],
                            values: Array(frames.dropFirst(observation.inputFrames).joined()))
        return GeneratedCase(split: split.name, index: index, id: String(format: "%@-%04d", split.name, index),
                             seedOrigin: seedOrigin, trajectory: index, startTime: start,
                             outOfDistribution: split.outOfDistribution, parameters: parameters,
                             inputs: inputs, targets: targets)
    }

    /// The initial condition of case `index` of `split` drawn with the public key, on the reference grid.
    public func initialCondition(for split: TaskSpec.Split, index: Int) -> [Double] {
        let seed = SeedDerivation.seed(key: SeedDerivation.publicKey, taskID: spec.id, taskVersion: spec.version, split: split.name, index: index)
        var rng = seed.generator(stream: Stream.initialCondition.rawValue)
        return initialCondition(using: &rng)
    }

    /// The spec's `random-fourier` initial condition on the reference grid:
    /// u₀(x) = mean + Σ_{k=1}^{K} a_k cos(2πkx/L + φ_k), a_k = k^(−decay)·N(0,1), φ_k ~ U[0, 2π),
    /// rescaled so that the fluctuation has the declared RMS amplitude.
    func initialCondition(using rng: inout CounterRNG) -> [Double] {
        let ic = spec.initialCondition
        let n = spec.reference.points[0]
        var u = [Double](repeating: 0, count: n)
        for k in 1...ic.maxWavenumber {
            let amplitude = pow(Double(k), -ic.decay) * rng.normal()
            let phase = 2 * Double.pi * rng.uniform()
            for j in 0..<n {
                u[j] += amplitude * cos(2 * Double.pi * Double(k) * Double(j) / Double(n) + phase)
            }
        }
        let rms = (u.reduce(0) { $0 + $1 * $1 } / Double(n)).squareRoot()
        let scale = rms > 0 ? ic.amplitude / rms : 0
        return u.map { ic.mean + $0 * scale }
    }

    /// Brings a reference frame to the observation grid as the spec declares.
    func downsample(_ frame: [Double]) -> [Double] {
        let target = spec.observation.points[0]
        switch spec.observation.downsampling {
        case "block-average":
            let factor = frame.count / target
            return (0..<target).map { i in frame[(i * factor)..<((i + 1) * factor)].reduce(0, +) / Double(factor) }
        default:
            return SpectralResampler.resample(frame, to: target)
        }
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
