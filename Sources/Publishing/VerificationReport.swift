import Foundation

/// The result of checking a leaderboard version against its manifest.
public struct VerificationReport: Sendable, Equatable, CustomStringConvertible {
    /// One thing wrong with a version, named in plain words by ``description``.
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        case directoryMissing
        case manifestMissing
        case manifestUnreadable(reason: String)
        case manifestHashFileMissing
        case manifestHashFileMalformed
        /// `manifest.json` does not have the hash recorded in `manifest.sha256`.
        case manifestModified(recorded: String, actual: String)
        /// The manifest's own numbers disagree (version vs directory name, inputs vs fingerprint).
        case manifestInconsistent(detail: String)
        case fileMissing(name: String)
        case fileModified(name: String, recorded: String, actual: String)
        case unexpectedFile(name: String)
        case leaderboardUnreadable(reason: String)

        public var description: String {
            switch self {
            case .directoryMissing: return "the version directory does not exist"
            case .manifestMissing: return "manifest.json is missing, so nothing can be checked"
            case let .manifestUnreadable(reason): return "manifest.json cannot be read: \(reason)"
            case .manifestHashFileMissing: return "manifest.sha256 is missing, so manifest.json itself cannot be checked"
            case .manifestHashFileMalformed: return "manifest.sha256 does not hold a SHA-256 line for manifest.json"
            case let .manifestModified(recorded, actual):
                return "manifest.json was modified: manifest.sha256 records \(recorded), the file hashes to \(actual)"
            case let .manifestInconsistent(detail): return "manifest.json is inconsistent: \(detail)"
            case let .fileMissing(name): return "\(name) is listed in the manifest but missing"
            case let .fileModified(name, recorded, actual):
                return "\(name) was modified: the manifest records SHA-256 \(recorded), the file hashes to \(actual)"
            case let .unexpectedFile(name): return "\(name) is not listed in the manifest (unexpected extra file)"
            case let .leaderboardUnreadable(reason): return "leaderboard.json does not decode as a leaderboard: \(reason)"
            }
        }

        /// The file the problem is about, where there is one.
        public var fileName: String? {
            switch self {
            case .manifestMissing, .manifestUnreadable, .manifestInconsistent: return VersionManifest.fileName
            case .manifestModified: return VersionManifest.fileName
            case .manifestHashFileMissing, .manifestHashFileMalformed: return VersionManifest.hashFileName
            case let .fileMissing(name), let .fileModified(name, _, _), let .unexpectedFile(name): return name
            case .leaderboardUnreadable: return Publisher.leaderboardFile
            case .directoryMissing: return nil
            }
        }
    }

    public var directory: URL
    /// Files whose hashes matched the manifest.
    public var intactFiles: [String]
    public var problems: [Problem]

    /// No problem found: every listed file is present and unmodified, nothing else is there,
    /// and the manifest matches its own recorded hash.
    public var isIntact: Bool { problems.isEmpty }

    public var description: String {
        if isIntact {
            return "\(directory.path): intact (\(intactFiles.count) files match the manifest, manifest matches manifest.sha256)"
        }
        let noun = problems.count == 1 ? "problem" : "problems"
        return "\(directory.path): \(problems.count) \(noun)\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
