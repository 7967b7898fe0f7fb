import Foundation

/// A forecasting challenge task, loaded from `Tasks/**.yaml` (reference: docs/task-spec.md).
///
/// The spec fixes everything that makes results comparable before any round opens: the
/// physics and how cases are drawn, the reference solver, what a method sees and must
/// return, the splits, the metrics and the headline metric, the baseline ladder, the
/// budgets and the leakage thresholds.
public struct TaskSpec: Sendable, Codable, Equatable {
    public var id: String
    public var version: String
    public var title: String
    public var summary: String
    public var kind: Kind
    public var physics: Physics
    public var initialCondition: InitialCondition
    public var reference: Reference
    public var observation: Observation
    public var splits: [Split]
    public var scoring: Scoring
    public var ladder: [MethodReference]
    /// Reference methods every method on this task is shown against, outside the cost ladder
    /// (climatology, damped persistence, a perturbed-initial-condition ensemble…).
    public var baselines: [MethodReference] = []
    public var budgets: Budgets
    public var leakage: Leakage
    public var reproducibility: Reproducibility
    /// SHA-256 of the spec file's bytes, recorded with every result.
    public var sourceHash: String

    public enum Kind: String, Codable, Sendable { case pde, weather }

    public struct Physics: Sendable, Codable, Equatable {
        public var equation: String
        public var lengths: [Double]
        public var boundary: String
        public var parameters: [Parameter]
    }

    public struct Parameter: Sendable, Codable, Equatable {
        public var name: String
        public var distribution: Distribution
    }

    public enum Distribution: Sendable, Codable, Equatable {
        case fixed(Double)
        case uniform(Double, Double)
        case logUniform(Double, Double)

        /// Maps a uniform variate `u ∈ [0, 1)` to a draw.
        public func sample(_ u: Double) -> Double {
            switch self {
            case let .fixed(value): return value
            case let .uniform(low, high): return low + (high - low) * u
            case let .logUniform(low, high): return exp(log(low) + (log(high) - log(low)) * u)
            }
        }

        public var range: ClosedRange<Double> {
            switch self {
            case let .fixed(value): return value...value
            case let .uniform(low, high), let .logUniform(low, high): return low...high
            }
        }
    }

    public struct InitialCondition: Sendable, Codable, Equatable {
        /// `random-fourier`: Σ_{k=1}^{K} a_k cos(2πkx/L + φ_k), a_k ∝ k^(−decay) · N(0,1), rescaled to `amplitude` RMS.
        /// `perturbed-rest`: `mean` + `amplitude` · N(0,1) independently at every site (Lorenz-96).
        public var kind: String
        public var maxWavenumber: Int
        public var amplitude: Double
        public var decay: Double
        public var mean: Double
        /// Vlasov–Poisson kinds (`landau-damping`, `two-stream`, `plasma-mixture`): perturbation
        /// amplitude α ~ U[low, high], mode m ~ U{low…high} (k = 2πm/L_x), beam speed u ~ U[low, high]
        /// (two-stream), and the fraction of two-stream cases (`plasma-mixture`).
        public var amplitudeRange: [Double]? = nil
        public var modeRange: [Int]? = nil
        public var beamVelocityRange: [Double]? = nil
        public var twoStreamFraction: Double? = nil
    }

    public struct Reference: Sendable, Codable, Equatable {
        public var solver: String
        public var points: [Int]
        public var timeStep: Double
        public var dealiasing: String
        /// Time integrated before the first input frame, so inputs are already on the solution manifold.
        public var spinUp: Double
    }

    public struct Observation: Sendable, Codable, Equatable {
        public var fields: [String]
        public var points: [Int]
        public var downsampling: String
        public var inputFrames: Int
        public var outputFrames: Int
        public var interval: Double
        public var members: Int
        /// Physical parameters given to methods as inputs (otherwise they are hidden).
        public var parameterInputs: [String]
        /// Standard deviation of the Gaussian "analysis" noise added to every input value (not to
        /// the targets, which stay the truth); 0 for exact inputs.
        public var inputNoise: Double = 0

        /// Times of the output frames after the last input frame.
        public var leadTimes: [Double] { (1...outputFrames).map { Double($0) * interval } }
    }

    public struct Split: Sendable, Codable, Equatable {
        public var name: String
        public var visibility: Visibility
        public var cases: Int
        public var outOfDistribution: Bool
        /// Parameter distributions that replace the task's for this split (distribution shift).
        public var parameters: [Parameter]
        /// An initial-condition distribution that replaces the task's for this split (distribution shift).
        public var initialCondition: InitialCondition? = nil
        /// The split's own observation grid, finer than the training grid (resolution shift); nil: the task's grid.
        public var observationPoints: [Int]? = nil

        /// Methods are asked for a finer grid than they trained on.
        public var isResolutionShift: Bool { observationPoints != nil }

        public enum Visibility: String, Codable, Sendable { case `public`, hidden }
    }

    public struct Scoring: Sendable, Codable, Equatable {
        public var metrics: [String]
        public var headline: String
        public var nrmseFloor: Double
        public var bands: String
        public var validTimeThreshold: Double
        public var correlationThreshold: Double
        public var lyapunovExponent: Double?
        /// The e-folding time of the autocorrelation on the attractor, measured by the project (informational).
        public var decorrelationTime: Double? = nil
        /// Headline of the ensemble track (methods returning `observation.members` > 1 members);
        /// nil when the task has no ensemble track. `headline` ranks the deterministic track.
        public var ensembleHeadline: String? = nil
        /// Cases per block of the bootstrap over cases (initial times), 1 for the ordinary
        /// bootstrap: > 1 keeps runs of consecutive, serially correlated initial times together.
        public var bootstrapBlockLength: Int = 1
    }

    public struct Budgets: Sendable, Codable, Equatable {
        public var train: Budget
        public var predict: Budget
        /// Cases per prediction request: fixed per task for every method, so cost per case compares.
        public var batchSize: Int
    }

    public struct Budget: Sendable, Codable, Equatable {
        public var wallSeconds: Double
        public var cpuSeconds: Double
        public var memoryMB: Int
        public var processes: Int
        public var threads: Int
        public var diskMB: Int
    }

    public struct Leakage: Sendable, Codable, Equatable {
        /// Normalised L2 distance below which two cases count as near-duplicates.
        public var nearDuplicateDistance: Double
        /// Cases re-run alone in a fresh process by the context-invariance check.
        public var contextInvarianceCases: Int
        /// Largest difference a deterministic method may show between two runs of a case.
        public var determinismTolerance: Double
    }

    public struct Reproducibility: Sendable, Codable, Equatable {
        /// Largest relative difference allowed when data are regenerated on another CPU.
        public var tolerance: Double
    }

    public func split(named name: String) -> Split? { splits.first { $0.name == name } }

    /// The grid a split's inputs and targets are on: its own (resolution shift) or the task's.
    public func points(for split: Split) -> [Int] { split.observationPoints ?? observation.points }

    public func parameters(for split: Split) -> [Parameter] {
        physics.parameters.map { base in split.parameters.first { $0.name == base.name } ?? base }
    }
}

/// A method named by a challenge or a ladder: a built-in served by the `holdout` binary or an
/// external plugin directory, with options passed to it in the `task` message.
public struct MethodReference: Sendable, Codable, Equatable, Hashable {
    public var name: String
    public var source: Source
    public var options: [String: Double]

    public enum Source: Sendable, Codable, Equatable, Hashable {
        case builtin(String)
        case plugin(String)
    }

    public init(name: String, source: Source, options: [String: Double] = [:]) {
        self.name = name
        self.source = source
        self.options = options
    }
}

