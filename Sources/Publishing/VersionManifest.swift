import Foundation

/// `manifest.json` of a leaderboard version: the hash of every file in the version, the
/// inputs the results were computed from, and what changed against the previous version.
///
/// The manifest cannot hash itself, so its own SHA-256 is written beside it in
/// `manifest.sha256`, in `sha256sum` format (`sha256sum -c manifest.sha256` checks it).
public struct VersionManifest: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1
    public static let fileName = "manifest.json"
    public static let hashFileName = "manifest.sha256"

    public var schemaVersion: Int
    public var challengeId: String
    public var roundId: String
    /// `k` of the `v<k>` directory.
    public var version: Int
    /// ISO-8601 UTC time of publication (informational; not part of the no-op decision).
    public var publishedAt: String
    /// File name → hash and size of every file in the version except the manifest pair.
    public var files: [String: FileRecord]
    /// Input name → hash or version string.
    public var inputs: [String: String]
    /// ``PublicationInputs/fingerprint`` of ``inputs``.
    public var inputsFingerprint: String
    /// Changes against the previous version; `nil` for `v1`.
    public var changes: VersionChanges?

    public struct FileRecord: Codable, Sendable, Equatable {
        public var sha256: String
        public var bytes: Int

        public init(sha256: String, bytes: Int) {
            self.sha256 = sha256
            self.bytes = bytes
        }
    }

    public init(
        schemaVersion: Int = VersionManifest.currentSchemaVersion, challengeId: String, roundId: String,
        version: Int, publishedAt: String, files: [String: FileRecord], inputs: [String: String],
        inputsFingerprint: String, changes: VersionChanges?
    ) {
        self.schemaVersion = schemaVersion
        self.challengeId = challengeId
        self.roundId = roundId
        self.version = version
        self.publishedAt = publishedAt
        self.files = files
        self.inputs = inputs
        self.inputsFingerprint = inputsFingerprint
        self.changes = changes
    }

    /// Reads `manifest.json` from a version directory.
    public static func read(from versionDirectory: URL) throws -> VersionManifest {
        let data = try Data(contentsOf: versionDirectory.appendingPathComponent(fileName))
        return try CanonicalJSON.decode(VersionManifest.self, from: data)
    }
}

/// What changed between a version and the one before it, in terms a reader cares about.
public struct VersionChanges: Codable, Sendable, Equatable {
    public var previousVersion: Int
    /// Inputs added, removed, or whose hash changed.
    public var inputs: [InputChange]
    public var entriesAdded: [EntryKey]
    public var entriesRemoved: [EntryKey]
    /// Entries present in both versions whose headline mean moved.
    public var headlineMoves: [HeadlineMove]
    /// Everything else, in plain words (scorer version, round status, tasks added, …).
    public var other: [String]

    public init(
        previousVersion: Int, inputs: [InputChange] = [], entriesAdded: [EntryKey] = [],
        entriesRemoved: [EntryKey] = [], headlineMoves: [HeadlineMove] = [], other: [String] = []
    ) {
        self.previousVersion = previousVersion
        self.inputs = inputs
        self.entriesAdded = entriesAdded
        self.entriesRemoved = entriesRemoved
        self.headlineMoves = headlineMoves
        self.other = other
    }

    public struct InputChange: Codable, Sendable, Equatable {
        public var name: String
        /// `nil` when the input is new.
        public var previous: String?
        /// `nil` when the input was removed.
        public var current: String?
    }

    /// Identity of an entry across versions: a new method version is a new entry.
    public struct EntryKey: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
        public var task: String
        public var method: String
        public var version: String

        public static func < (a: EntryKey, b: EntryKey) -> Bool {
            (a.task, a.method, a.version) < (b.task, b.method, b.version)
        }

        public var description: String { "\(method) \(version) on \(task)" }
    }

    public struct HeadlineMove: Codable, Sendable, Equatable {
        public var entry: EntryKey
        public var metric: String
        public var previousMean: Double
        public var currentMean: Double
    }
}
