import Foundation

extension TaskSpec {
    /// Every equation the physics module can solve, with the reference solvers it offers.
    public static let knownEquations = ["burgers", "kuramoto-sivashinsky", "navier-stokes-2d", "vlasov-poisson", "lorenz96",
                                        "lorenz96-two-scale"]
    public static let knownMetrics = [
        "mse", "rmse", "nrmse", "vrmse", "max-error", "frmse-low", "frmse-mid", "frmse-high",
        "spectral-ratio", "correlation", "acc", "valid-time", "correlation-time", "crps", "spread-skill",
    ]
    /// Metrics that need an ensemble: listed only by tasks with `observation.members` > 1.
    public static let ensembleMetrics = ["crps", "spread-skill"]

    /// Loads and validates a task spec; every problem is a `SpecError` with `file:line:col`.
    public static func load(from url: URL, displayPath: String? = nil) throws -> TaskSpec {
        let file = displayPath ?? url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SpecError(file: file, line: 1, column: 1, message: "cannot read the file: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SpecError(file: file, line: 1, column: 1, message: "the file is not valid UTF-8")
        }
        return try parse(text, file: file)
    }

    public static func parse(_ text: String, file: String) throws -> TaskSpec {
        let root = try SpecNode.parse(text, file: file).mapping(allowed: [
            "id", "version", "title", "summary", "kind", "physics", "initial_condition", "reference",
            "observation", "splits", "scoring", "ladder", "baselines", "budgets", "leakage", "reproducibility",
        ])
        let id = try root.string("id")
        guard id.range(of: #"^[a-z0-9][a-z0-9-]*$"#, options: .regularExpression) != nil else {
            throw root["id"]!.error("'id' must be lower-case letters, digits and dashes; found '\(id)'")
        }
        let version = try root.string("version")
        guard version.range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression) != nil else {
            throw root["version"]!.error("'version' must be a semantic version such as 1.0.0; found '\(version)'")
        }
        let physics = try parsePhysics(root.required("physics", "a mapping with equation, domain, parameters"))
        let observation = try parseObservation(root.required("observation", "a mapping"), dimensions: physics.lengths.count,
                                               parameters: physics.parameters)
        let reference = try parseReference(root.required("reference", "a mapping"), dimensions: physics.lengths.count)
        for (coarse, fine) in zip(observation.points, reference.points) where coarse > fine {
            throw root["observation"]!.error("'observation.points' (\(coarse)) must not exceed 'reference.points' (\(fine))")
        }
        let scoring = try parseScoring(root.required("scoring", "a mapping with metrics and headline"),
                                       members: observation.members)
        let splits = try parseSplits(root.required("splits", "a mapping of split names"), parameters: physics.parameters,
                                     equation: physics.equation, observation: observation, reference: reference)
        return TaskSpec(
            id: id, version: version,
            title: try root.string("title"),
            summary: try root.string("summary", default: ""),
            kind: try TaskSpec.Kind(rawValue: root.choice("kind", ["pde", "weather"], default: "pde"))!,
            physics: physics,
            initialCondition: try parseInitialCondition(root.required("initial_condition", "a mapping"), equation: physics.equation),
            reference: reference,
            observation: observation,
            splits: splits,
            scoring: scoring,
            ladder: try root["ladder"].map { try $0.sequence().map(MethodReference.parse) } ?? [],
            baselines: try root["baselines"].map { try $0.sequence().map(MethodReference.parse) } ?? [],
            budgets: try parseBudgets(root["budgets"]),
            leakage: try parseLeakage(root["leakage"]),
            reproducibility: Reproducibility(tolerance: try root["reproducibility"].map {
                try $0.mapping(allowed: ["tolerance"]).double("tolerance", default: 1e-9, where: { $0 > 0 }, "> 0")
            } ?? 1e-9),
            sourceHash: SHA256Digest.hex(of: Array(text.utf8))
        )
    }

    private static func parsePhysics(_ node: SpecNode) throws -> Physics {
        let map = try node.mapping(allowed: ["equation", "domain", "parameters"])
        let equation = try map.choice("equation", knownEquations)
        let domain = try map.required("domain", "a mapping with lengths and boundary").mapping(allowed: ["lengths", "boundary"])
        let lengthsNode = try domain.required("lengths", "a list of domain lengths, one per spatial axis")
        let lengths = try lengthsNode.doubles()
        guard (1...3).contains(lengths.count), lengths.allSatisfy({ $0 > 0 }) else {
            throw lengthsNode.error("'physics.domain.lengths' must list 1 to 3 positive lengths; found \(lengths)")
        }
        let parameters = try map["parameters"].map(parseParameters) ?? []
        return Physics(equation: equation, lengths: lengths,
                       boundary: try domain.choice("boundary", ["periodic"], default: "periodic"),
                       parameters: parameters)
    }

    static func parseParameters(_ node: SpecNode) throws -> [Parameter] {
        try node.dictionary().map { name, value in
            let map = try value.mapping(allowed: ["distribution", "range", "value"])
            let kind = try map.choice("distribution", ["fixed", "uniform", "log-uniform"], default: "fixed")
            if kind == "fixed" {
                return Parameter(name: name, distribution: .fixed(try map.double("value")))
            }
            let rangeNode = try map.required("range", "[low, high]")
            let range = try rangeNode.doubles()
            guard range.count == 2, range[0] < range[1], kind == "uniform" || range[0] > 0 else {
                throw rangeNode.error("'\(value.path).range' must be [low, high] with low < high\(kind == "log-uniform" ? " and low > 0" : ""); found \(range)")
            }
            return Parameter(name: name, distribution: kind == "uniform" ? .uniform(range[0], range[1]) : .logUniform(range[0], range[1]))
        }
    }

    /// Initial-condition kinds of the Vlasov–Poisson equation (and only of it).
    static let plasmaKinds = ["landau-damping", "two-stream", "plasma-mixture"]

    private static func parseInitialCondition(_ node: SpecNode, equation: String) throws -> InitialCondition {
        if equation == "vlasov-poisson" { return try parsePlasmaInitialCondition(node) }
        let map = try node.mapping(allowed: ["kind", "max_wavenumber", "amplitude", "decay", "mean"])
        let kind = try map.choice("kind", ["random-fourier", "perturbed-rest"])
        return InitialCondition(
            kind: kind,
            maxWavenumber: kind == "random-fourier" ? try map.int("max_wavenumber", where: { $0 >= 1 }, ">= 1")
                : try map.int("max_wavenumber", default: 1, where: { $0 >= 1 }, ">= 1"),
            amplitude: try map.double("amplitude", default: 1, where: { $0 > 0 }, "> 0"),
            decay: try map.double("decay", default: 1, where: { $0 >= 0 }, ">= 0"),
            mean: try map.double("mean", default: 0))
    }

    /// `landau-damping` / `two-stream` / `plasma-mixture`: f₀ = (1 + α cos(2πm x/L_x + φ))·g(v),
    /// g a unit Maxwellian or two beams at ±u; see docs/task-spec.md.
    private static func parsePlasmaInitialCondition(_ node: SpecNode) throws -> InitialCondition {
        let map = try node.mapping(allowed: ["kind", "amplitude_range", "modes", "beam_velocity_range", "two_stream_fraction"])
        let kind = try map.choice("kind", plasmaKinds)
        func range(_ key: String, _ valid: (Double, Double) -> Bool, _ expected: String) throws -> [Double] {
            let rangeNode = try map.required(key, "[low, high]")
            let values = try rangeNode.doubles()
            guard values.count == 2, values[0] <= values[1], valid(values[0], values[1]) else {
                throw rangeNode.error("'\(map.path(key))' must be [low, high] with \(expected); found \(values)")
            }
            return values
        }
        let amplitudes = try range("amplitude_range", { $0 >= 0 && $1 < 1 }, "0 ≤ low ≤ high < 1 (f₀ stays positive)")
        let modesNode = try map.required("modes", "[lowest, highest] mode number m, k = 2πm/L_x")
        let modes = try modesNode.ints()
        guard modes.count == 2, modes[0] >= 1, modes[0] <= modes[1] else {
            throw modesNode.error("'\(map.path("modes"))' must be [lowest, highest] mode numbers with 1 ≤ lowest ≤ highest; found \(modes)")
        }
        let beams = kind == "landau-damping" ? nil
            : try range("beam_velocity_range", { $0 >= 0 && $1.isFinite }, "0 ≤ low ≤ high")
        if kind == "landau-damping", let extra = map["beam_velocity_range"] {
            throw extra.error("'\(map.path("beam_velocity_range"))' is only for the kinds two-stream and plasma-mixture")
        }
        let fractionNode = map["two_stream_fraction"]
        if kind != "plasma-mixture", let fractionNode {
            throw fractionNode.error("'\(map.path("two_stream_fraction"))' is only for the kind plasma-mixture")
        }
        let fraction = kind == "plasma-mixture"
            ? try map.double("two_stream_fraction", default: 0.5, where: { $0 >= 0 && $0 <= 1 }, "in [0, 1]") : nil
        return InitialCondition(kind: kind, maxWavenumber: modes[1], amplitude: amplitudes[1], decay: 0, mean: 1,
                                amplitudeRange: amplitudes, modeRange: modes, beamVelocityRange: beams,
                                twoStreamFraction: fraction)
    }

    private static func parsePoints(_ map: SpecMapping, dimensions: Int) throws -> [Int] {
        let node = try map.required("points", "a list of grid sizes, one per spatial axis")
        let points = try node.ints()
        guard points.count == dimensions, points.allSatisfy({ $0 >= 4 && $0 % 2 == 0 }) else {
            throw node.error("'\(node.path)' must list \(dimensions) even grid size(s) ≥ 4, one per axis of 'physics.domain.lengths'; found \(points)")
        }
        return points
    }

    private static func parseReference(_ node: SpecNode, dimensions: Int) throws -> Reference {
        let map = try node.mapping(allowed: ["solver", "points", "time_step", "dealiasing", "spin_up"])
        return Reference(
            solver: try map.choice("solver", ["etdrk4", "strang-semi-lagrangian", "rk4"]),
            points: try parsePoints(map, dimensions: dimensions),
            timeStep: try map.double("time_step", where: { $0 > 0 }, "> 0"),
            dealiasing: try map.choice("dealiasing", ["two-thirds", "none"], default: "two-thirds"),
            spinUp: try map.double("spin_up", default: 0, where: { $0 >= 0 }, ">= 0"))
    }

    private static func parseObservation(_ node: SpecNode, dimensions: Int, parameters: [Parameter]) throws -> Observation {
        let map = try node.mapping(allowed: ["fields", "points", "downsampling", "input_frames", "output_frames",
                                             "interval", "members", "parameter_inputs", "input_noise"])
        for input in try map["parameter_inputs"]?.sequence() ?? [] where !parameters.contains(where: { $0.name == (try? input.string()) }) {
            throw input.error("'observation.parameter_inputs' names '\(try input.string())', which is not a parameter in 'physics.parameters'")
        }
        return Observation(
            fields: try map["fields"]?.strings() ?? ["u"],
            points: try parsePoints(map, dimensions: dimensions),
            downsampling: try map.choice("downsampling", ["spectral-truncation", "block-average", "none"], default: "spectral-truncation"),
            inputFrames: try map.int("input_frames", default: 1, where: { $0 >= 1 }, ">= 1"),
            outputFrames: try map.int("output_frames", where: { $0 >= 1 }, ">= 1"),
            interval: try map.double("interval", where: { $0 > 0 }, "> 0"),
            members: try map.int("members", default: 1, where: { $0 >= 1 }, ">= 1"),
            parameterInputs: try map["parameter_inputs"]?.strings() ?? [],
            inputNoise: try map.double("input_noise", default: 0, where: { $0 >= 0 && $0.isFinite }, ">= 0"))
    }

    private static func parseSplits(_ node: SpecNode, parameters: [Parameter], equation: String,
                                    observation: Observation, reference: Reference) throws -> [Split] {
        let splits = try node.dictionary().map { name, value in
            let map = try value.mapping(allowed: ["cases", "visibility", "out_of_distribution", "parameters", "initial_condition",
                                                  "observation"])
            let defaultVisibility = (name == "train" || name == "validation") ? "public" : "hidden"
            let overrides = try map["parameters"].map(parseParameters) ?? []
            for override in overrides where !parameters.contains(where: { $0.name == override.name }) {
                throw map["parameters"]!.error("split '\(name)' overrides '\(override.name)', which is not a parameter in 'physics.parameters'")
            }
            return Split(
                name: name,
                visibility: Split.Visibility(rawValue: try map.choice("visibility", ["public", "hidden"], default: defaultVisibility))!,
                cases: try map.int("cases", where: { $0 >= 1 }, ">= 1"),
                outOfDistribution: try map.bool("out_of_distribution", default: false),
                parameters: overrides,
                initialCondition: try map["initial_condition"].map { try parseInitialCondition($0, equation: equation) },
                observationPoints: try map["observation"].map {
                    try parseSplitGrid($0, split: name, observation: observation, reference: reference)
                })
        }
        for required in ["train", "validation", "test"] where !splits.contains(where: { $0.name == required }) {
            throw node.error("'splits' must define '\(required)' (train and validation are public, test is hidden)")
        }
        return splits
    }

    /// `observation: {points: [256]}` of a resolution-shift split: a grid finer than the training
    /// grid (`observation.points`, every axis at least as fine, one finer) and no finer than the
    /// reference grid, reached from the reference by the task's own downsampling.
    private static func parseSplitGrid(_ node: SpecNode, split: String, observation: Observation,
                                       reference: Reference) throws -> [Int] {
        guard split != "train", split != "validation" else {
            throw node.error("split '\(split)' cannot declare its own grid: the training grid is 'observation.points'; "
                             + "a resolution-shift split is a further split, e.g. 'test-fine'")
        }
        let map = try node.mapping(allowed: ["points"])
        let points = try parsePoints(map, dimensions: observation.points.count)
        let pointsNode = map["points"]!
        guard zip(points, observation.points).allSatisfy({ $0 >= $1 }), points != observation.points else {
            throw pointsNode.error("'\(pointsNode.path)' must be finer than the training grid 'observation.points' "
                                   + "\(observation.points) (every axis at least as fine, one finer); found \(points)")
        }
        guard zip(points, reference.points).allSatisfy({ $0 <= $1 }) else {
            throw pointsNode.error("'\(pointsNode.path)' must not exceed 'reference.points' \(reference.points); found \(points)")
        }
        if observation.downsampling == "block-average",
           !zip(reference.points, points).allSatisfy({ $0 % $1 == 0 }) {
            throw pointsNode.error("'\(pointsNode.path)' must divide 'reference.points' \(reference.points) axis by axis "
                                   + "for block-average downsampling; found \(points)")
        }
        return points
    }

    private static func parseScoring(_ node: SpecNode, members: Int) throws -> Scoring {
        let map = try node.mapping(allowed: ["metrics", "headline", "nrmse_floor", "bands", "valid_time_threshold",
                                             "correlation_threshold", "lyapunov_exponent", "decorrelation_time",
                                             "ensemble_headline", "bootstrap_block_length"])
        let metricsNode = try map.required("metrics", "a list of metric names")
        let metrics = try metricsNode.sequence().map { node -> String in
            let name = try node.choice(knownMetrics)
            if members < 2 && ensembleMetrics.contains(name) {
                throw node.error("'\(name)' needs an ensemble track: set 'observation.members' to 2 or more")
            }
            return name
        }
        let headlineNode = try map.required("headline", "one of the listed metrics")
        let headline = try headlineNode.choice(metrics.filter { $0 != "spectral-ratio" && !ensembleMetrics.contains($0) })
        var ensembleHeadline: String?
        if members >= 2 {
            // The ensemble track's headline: a proper score of the members, fair CRPS by default.
            ensembleHeadline = try map.choice("ensemble_headline", ["crps"], default: "crps")
            guard metrics.contains(ensembleHeadline!) else {
                throw (map["ensemble_headline"] ?? metricsNode).error("'scoring.metrics' must list the ensemble headline '\(ensembleHeadline!)'")
            }
        } else if let node = map["ensemble_headline"] {
            throw node.error("'ensemble_headline' needs 'observation.members' ≥ 2 (the task has no ensemble track)")
        }
        return Scoring(
            metrics: metrics, headline: headline,
            nrmseFloor: try map.double("nrmse_floor", default: 1e-10, where: { $0 >= 0 }, ">= 0"),
            bands: try map.choice("bands", ["relative", "pdebench"], default: "relative"),
            validTimeThreshold: try map.double("valid_time_threshold", default: 0.5, where: { $0 > 0 }, "> 0"),
            correlationThreshold: try map.double("correlation_threshold", default: 0.8, where: { $0 > 0 && $0 < 1 }, "in (0, 1)"),
            lyapunovExponent: try map["lyapunov_exponent"]?.double(),
            decorrelationTime: try map["decorrelation_time"].map { _ in
                try map.double("decorrelation_time", where: { $0 > 0 && $0.isFinite }, "> 0") },
            ensembleHeadline: ensembleHeadline,
            bootstrapBlockLength: try map.int("bootstrap_block_length", default: 1, where: { $0 >= 1 }, ">= 1"))
    }

    private static func parseBudget(_ node: SpecNode?, default base: Budget) throws -> Budget {
        guard let node else { return base }
        let map = try node.mapping(allowed: ["wall_seconds", "cpu_seconds", "memory_mb", "processes", "threads", "disk_mb"])
        let wall = try map.double("wall_seconds", default: base.wallSeconds, where: { $0 > 0 }, "> 0")
        return Budget(
            wallSeconds: wall,
            cpuSeconds: try map.double("cpu_seconds", default: max(base.cpuSeconds, 2 * wall), where: { $0 > 0 }, "> 0"),
            memoryMB: try map.int("memory_mb", default: base.memoryMB, where: { $0 >= 16 }, ">= 16"),
            processes: try map.int("processes", default: base.processes, where: { $0 >= 1 }, ">= 1"),
            threads: try map.int("threads", default: base.threads, where: { $0 >= 1 }, ">= 1"),
            diskMB: try map.int("disk_mb", default: base.diskMB, where: { $0 >= 1 }, ">= 1"))
    }

    static let defaultTrainBudget = Budget(wallSeconds: 300, cpuSeconds: 600, memoryMB: 4096, processes: 64, threads: 2, diskMB: 1024)
    static let defaultPredictBudget = Budget(wallSeconds: 120, cpuSeconds: 240, memoryMB: 2048, processes: 64, threads: 1, diskMB: 256)

    private static func parseBudgets(_ node: SpecNode?) throws -> Budgets {
        guard let node else { return Budgets(train: defaultTrainBudget, predict: defaultPredictBudget, batchSize: 8) }
        let map = try node.mapping(allowed: ["train", "predict", "batch_size"])
        return Budgets(train: try parseBudget(map["train"], default: defaultTrainBudget),
                       predict: try parseBudget(map["predict"], default: defaultPredictBudget),
                       batchSize: try map.int("batch_size", default: 8, where: { $0 >= 1 }, ">= 1"))
    }

    private static func parseLeakage(_ node: SpecNode?) throws -> Leakage {
        guard let node else { return Leakage(nearDuplicateDistance: 0.05, contextInvarianceCases: 2, determinismTolerance: 1e-9) }
        let map = try node.mapping(allowed: ["near_duplicate_distance", "context_invariance_cases", "determinism_tolerance"])
        return Leakage(
            nearDuplicateDistance: try map.double("near_duplicate_distance", default: 0.05, where: { $0 >= 0 }, ">= 0"),
            contextInvarianceCases: try map.int("context_invariance_cases", default: 2, where: { $0 >= 0 }, ">= 0"),
            determinismTolerance: try map.double("determinism_tolerance", default: 1e-9, where: { $0 >= 0 }, ">= 0"))
    }
}

extension MethodReference {
    /// `{name: spectral-64, builtin: reference-solver, options: {points: 64}}` or `{name: x, plugin: Plugins/x}`.
    static func parse(_ node: SpecNode) throws -> MethodReference {
        let map = try node.mapping(allowed: ["name", "builtin", "plugin", "options"])
        let source: Source
        switch (map["builtin"], map["plugin"]) {
        case let (builtin?, nil): source = .builtin(try builtin.string())
        case let (nil, plugin?): source = .plugin(try plugin.string())
        default: throw node.error("'\(node.path)' must name exactly one of 'builtin' or 'plugin'")
        }
        var options: [String: Double] = [:]
        for (key, value) in try map["options"]?.dictionary() ?? [] { options[key] = try value.double() }
        let fallback: String
        switch source { case let .builtin(name): fallback = name; case let .plugin(path): fallback = (path as NSString).lastPathComponent }
        return MethodReference(name: try map.string("name", default: fallback), source: source, options: options)
    }
}
