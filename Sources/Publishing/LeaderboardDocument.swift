import Foundation

/// Everything one leaderboard version says about one round of a challenge.
///
/// The document is the data of record: `leaderboard.json` is its canonical encoding
/// (``LeaderboardDocument/canonicalJSON()``), and the Markdown and HTML pages are rendered
/// from it and from nothing else. Per-case rows are kept out of it (they would swamp it) and
/// published beside it as `cases.csv`.
///
/// The document carries no timestamp on purpose: publishing the same results twice must
/// produce the same bytes, so that "nothing changed" can be decided by comparing hashes.
public struct LeaderboardDocument: Codable, Sendable, Equatable {
    /// Version of this schema. Bump it when a field changes meaning or is removed; adding an
    /// optional field does not need a bump.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var challengeId: String
    public var challengeTitle: String
    /// Round identifier, e.g. `"round-0"`. Used as a directory name, so keep it path-safe.
    public var roundId: String
    public var roundStatus: RoundStatus
    /// Commit–reveal commitment published when the round opened; `nil` for public-only boards.
    public var commitment: Commitment?
    public var scorerVersion: String
    public var harnessVersion: String
    public var machine: MachineDescription
    public var tasks: [LeaderboardTask]
    /// CASP-style ranking across the tasks: per-task Z-scores of the headline, outliers below −2
    /// removed before mean and sd, negative Z set to 0, summed over tasks. The per-task tables
    /// stay the primary result.
    public var ranking: [ChallengeRank]?

    public init(
        schemaVersion: Int = LeaderboardDocument.currentSchemaVersion,
        challengeId: String,
        challengeTitle: String,
        roundId: String,
        roundStatus: RoundStatus,
        commitment: Commitment? = nil,
        scorerVersion: String,
        harnessVersion: String,
        machine: MachineDescription,
        tasks: [LeaderboardTask]
    ) {
        self.schemaVersion = schemaVersion
        self.challengeId = challengeId
        self.challengeTitle = challengeTitle
        self.roundId = roundId
        self.roundStatus = roundStatus
        self.commitment = commitment
        self.scorerVersion = scorerVersion
        self.harnessVersion = harnessVersion
        self.machine = machine
        self.tasks = tasks
    }
}

/// Where a round is in its lifecycle (see ARCHITECTURE.md, "Rounds, rotation, commit–reveal").
public enum RoundStatus: String, Codable, Sendable, Hashable, CaseIterable {
    /// Commitment published, hidden set in use; scores are provisional.
    case open
    /// Secret and test data revealed; scores are final and re-checkable.
    case closed
    /// The starter challenge (round 0, locally stored secret).
    case starter
}

/// The commit–reveal commitment of a round: hashes published before evaluation.
public struct Commitment: Codable, Sendable, Equatable {
    /// SHA-256 (hex) of the round's 256-bit secret.
    public var secretSHA256: String
    /// SHA-256 (hex) of the canonical bytes of the generated test data.
    public var testDataSHA256: String
    /// Organiser's signature over the two hashes, where a key is set.
    public var signature: String?

    public init(secretSHA256: String, testDataSHA256: String, signature: String? = nil) {
        self.secretSHA256 = secretSHA256
        self.testDataSHA256 = testDataSHA256
        self.signature = signature
    }
}

/// The machine every method of the round was timed on. Costs are only comparable within it.
public struct MachineDescription: Codable, Sendable, Equatable {
    public var cpuModel: String
    public var cores: Int
    public var memoryBytes: Int64
    public var operatingSystem: String

    public init(cpuModel: String, cores: Int, memoryBytes: Int64, operatingSystem: String) {
        self.cpuModel = cpuModel
        self.cores = cores
        self.memoryBytes = memoryBytes
        self.operatingSystem = operatingSystem
    }
}

/// One task of the round: its identity, the headline metric declared before the round opened,
/// and every entry evaluated on it — failures included.
public struct LeaderboardTask: Codable, Sendable, Equatable {
    public var taskId: String
    public var version: String
    /// SHA-256 (hex) of the task spec's canonical bytes.
    public var specSHA256: String
    public var headlineMetric: String
    /// `true` for errors (VRMSE, CRPS), `false` for skills (correlation, spectral ratio → 1 is
    /// handled by the scorer turning it into an error).
    public var lowerIsBetter: Bool
    public var entries: [LeaderboardEntry]
    /// What kind of shift the table's split is, shown beside its title: "out of distribution",
    /// "resolution shift: …". Absent for an in-distribution split on the training grid.
    public var labels: [String]?
    /// `deterministic` or `ensemble` when the task has two tracks (docs/scoring.md, "Tracks"):
    /// the deterministic table lists one-member methods ranked by `headlineMetric` with the
    /// spectral ratio beside it; the ensemble table lists every method ranked by fair CRPS.
    public var track: String?
    /// Lead time of each output frame in `leadUnit`, the x axis of the lead-time plots.
    public var leadTimes: [Double]?
    /// "Lyapunov times" when the spec gives λ₁, otherwise "time units".
    public var leadUnit: String?
    /// λ₁ of the task (per time unit), when the spec gives it: `valid-time` is also shown in
    /// Lyapunov times λ₁·t.
    public var lyapunovExponent: Double?
    /// Wavenumber |k| of each spectrum shell, and the truth's per-shell spectrum averaged over
    /// cases, leads and components (spectra plot).
    public var wavenumbers: [Double]?
    public var truthSpectrum: [Double]?

    public init(
        taskId: String, version: String, specSHA256: String,
        headlineMetric: String, lowerIsBetter: Bool = true, entries: [LeaderboardEntry], labels: [String]? = nil
    ) {
        self.taskId = taskId
        self.version = version
        self.specSHA256 = specSHA256
        self.headlineMetric = headlineMetric
        self.lowerIsBetter = lowerIsBetter
        self.entries = entries
        self.labels = labels
    }
}

/// One method's place across all tasks of a challenge (summed Z-scores).
public struct ChallengeRank: Codable, Sendable, Equatable {
    public var method: String
    public var totalZ: Double
    /// The tables (task and split) the method was scored on.
    public var tables: Int

    public init(method: String, totalZ: Double, tables: Int) {
        self.method = method
        self.totalZ = totalZ
        self.tables = tables
    }
}
