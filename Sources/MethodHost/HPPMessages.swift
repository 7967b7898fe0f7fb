import HoldoutCore

/// The typed HPP/1 messages (docs/plugin-protocol.md). Arrays travel in the frame payload.
public enum HPP {
    public static let protocolVersion = "HPP/1"

    public struct Hello: Codable, Sendable, Equatable {
        public var type = "hello"
        public var `protocol`: String
        public var method: MethodInfo
        public var capabilities: Capabilities

        public init(method: MethodInfo, capabilities: Capabilities) {
            self.protocol = HPP.protocolVersion
            self.method = method
            self.capabilities = capabilities
        }
    }

    public struct MethodInfo: Codable, Sendable, Equatable {
        public var name: String
        public var version: String
        public init(name: String, version: String) { self.name = name; self.version = version }
    }

    public struct Capabilities: Codable, Sendable, Equatable {
        public var trains: Bool
        public var ensembles: Bool
        public init(trains: Bool, ensembles: Bool) { self.trains = trains; self.ensembles = ensembles }
    }

    /// The public part of a task: everything a method may know, nothing that identifies a case.
    public struct TaskMessage: Codable, Sendable, Equatable {
        public var type = "task"
        public var mode: Mode
        public var task: TaskDescription
        public var options: [String: Double]
        public var paths: Paths

        public enum Mode: String, Codable, Sendable { case train, predict }

        public struct Paths: Codable, Sendable, Equatable {
            /// Read-only HDF5 files of the public splits (The Well's layout), as seen inside the sandbox.
            public var train: String?
            public var validation: String?
            /// The hidden test splits of earlier, closed rounds: public once revealed (absent
            /// before the first reveal).
            public var revealed: [String]?
            /// Writable in training, read-only in prediction: where the trained model lives.
            public var artifacts: String
            /// Private writable scratch space, emptied between processes.
            public var scratch: String

            public init(train: String?, validation: String?, revealed: [String]? = nil, artifacts: String, scratch: String) {
                self.train = train
                self.validation = validation
                self.revealed = revealed
                self.artifacts = artifacts
                self.scratch = scratch
            }
        }

        public init(mode: Mode, task: TaskDescription, options: [String: Double], paths: Paths) {
            self.mode = mode
            self.task = task
            self.options = options
            self.paths = paths
        }
    }

    public struct Train: Codable, Sendable { public var type = "train"; public init() {} }
    public struct Trained: Codable, Sendable { public var type = "trained"; public init() {} }
    public struct Bye: Codable, Sendable { public var type = "bye"; public init() {} }

    /// A batch of cases. Arrays: `inputs` [batch, input_frames, space…, component] and, when the
    /// task declares parameter inputs, `parameters` [batch, parameter] in the declared order.
    /// `points` is the grid of the inputs and of the outputs asked for: the task's `points`, or a
    /// finer one of its `grids` for a resolution-shift split (absent means the task's `points`).
    public struct Predict: Codable, Sendable {
        public var type = "predict"
        public var batch: Int
        public var members: Int
        public var points: [Int]?
        public init(batch: Int, members: Int, points: [Int]? = nil) {
            self.batch = batch
            self.members = members
            self.points = points
        }
    }

    /// The reply to `predict`. Array: `outputs` [batch, member, output_frames, space…, component].
    public struct Prediction: Codable, Sendable {
        public var type = "prediction"
        public init() {}
    }

    public struct ErrorMessage: Codable, Sendable {
        public var type = "error"
        public var message: String
        public init(message: String) { self.message = message }
    }
}

/// The public description of a task sent to every plugin.
public struct TaskDescription: Codable, Sendable, Equatable {
    public var id: String
    public var version: String
    public var equation: String
    public var lengths: [Double]
    public var boundary: String
    public var fields: [String]
    /// The training grid (the public splits' grid).
    public var points: [Int]
    /// Every grid a `predict` may ask for, `points` first, then the finer grids of
    /// resolution-shift splits.
    public var grids: [[Int]]
    public var inputFrames: Int
    public var outputFrames: Int
    public var interval: Double
    public var members: Int
    public var parameterInputs: [String]
    public var batchSize: Int

    enum CodingKeys: String, CodingKey {
        case id, version, equation, lengths, boundary, fields, points, grids, interval, members
        case inputFrames = "input_frames"
        case outputFrames = "output_frames"
        case parameterInputs = "parameter_inputs"
        case batchSize = "batch_size"
    }

    public init(spec: TaskSpec) {
        id = spec.id
        version = spec.version
        equation = spec.physics.equation
        lengths = spec.physics.lengths
        boundary = spec.physics.boundary
        fields = spec.observation.fields
        points = spec.observation.points
        grids = [points]
        for split in spec.splits.compactMap(\.observationPoints) where !grids.contains(split) { grids.append(split) }
        inputFrames = spec.observation.inputFrames
        outputFrames = spec.observation.outputFrames
        interval = spec.observation.interval
        members = spec.observation.members
        parameterInputs = spec.observation.parameterInputs
        batchSize = spec.budgets.batchSize
    }

    /// Axes of one case's input: [lead, space…, component].
    public var frameAxes: [Axis] {
        [.lead] + ["x", "y", "z"].prefix(points.count).map { Axis(.space, $0) } + [Axis(.component, fields.joined(separator: ","))]
    }

    public func inputShape(batch: Int, points: [Int]? = nil) -> [Int] { [batch, inputFrames] + (points ?? self.points) + [fields.count] }
    public func outputShape(batch: Int, members: Int, points: [Int]? = nil) -> [Int] {
        [batch, members, outputFrames] + (points ?? self.points) + [fields.count]
    }

    /// The grid of a `predict` request's inputs [batch, input_frames, space…, component].
    public static func grid(of inputs: Field) -> [Int] { Array(inputs.shape.dropFirst(2).dropLast()) }
}
