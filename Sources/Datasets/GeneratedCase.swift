import HoldoutCore

/// One forecasting case: what a method is given, what it is scored against, and where it came from.
public struct GeneratedCase: Sendable, Equatable {
    public var split: String
    public var index: Int
    /// Opaque identifier shown on the board; never sent to a plugin.
    public var id: String
    /// `public` (published key) or the round whose secret keyed the seed, e.g. `round-0`.
    public var seedOrigin: String
    /// The trajectory this case was cut from (each case is its own trajectory, so splits never share one).
    public var trajectory: Int
    /// Simulation time of the first input frame.
    public var startTime: Double
    public var outOfDistribution: Bool
    /// Physical parameters in the spec's order.
    public var parameters: [String: Double]
    /// [lead (input frames), space…, component]
    public var inputs: Field
    /// [lead (output frames), space…, component]
    public var targets: Field

    public init(split: String, index: Int, id: String, seedOrigin: String, trajectory: Int, startTime: Double,
                outOfDistribution: Bool, parameters: [String: Double], inputs: Field, targets: Field) {
        self.split = split
        self.index = index
        self.id = id
        self.seedOrigin = seedOrigin
        self.trajectory = trajectory
        self.startTime = startTime
        self.outOfDistribution = outOfDistribution
        self.parameters = parameters
        self.inputs = inputs
        self.targets = targets
    }

    /// The last input frame [space…, component]: the persistence forecast and the failure substitute's base.
    public var lastInput: Field { inputs.slice(inputs.shape[0] - 1) }
}
