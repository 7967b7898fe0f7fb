import Foundation
import Harness
import HoldoutCore
import MethodHost
import Rounds
import Store

/// `holdout submit`: takes a team's plugin directory into a challenge's current round.
///
/// In order: read the manifest; hash the content (identical content from the same team to the
/// same round is recognised, not queued twice); apply the team's daily limit; store an
/// immutable, content-addressed copy (`plugins/<sha256>/`, read-only) with the manifest; install
/// the declared dependencies (`DependencyInstalling`, sandboxed); validate the stored copy with
/// the conformance run of `holdout plugin check` (sandboxed); queue it for `holdout evaluate`.
/// A failure after the copy is kept as a failed submission with its reason (`holdout status`).
public struct SubmissionDesk {
    public let plan: ChallengePlan
    public let workspace: Workspace
    public let store: ResultStore
    public let installer: any DependencyInstalling
    public let validator: any PluginValidating
    /// Injectable so tests can move through the daily limit without waiting.
    public let now: @Sendable () -> Date

    public init(plan: ChallengePlan, workspace: Workspace, store: ResultStore, installer: any DependencyInstalling = SandboxedPipInstaller(),
                validator: any PluginValidating, now: @escaping @Sendable () -> Date = { Date() }) {
        self.plan = plan
        self.workspace = workspace
        self.store = store
        self.installer = installer
        self.validator = validator
        self.now = now
    }

    public enum Outcome: Sendable {
        /// Accepted and waiting for `holdout evaluate`.
        case queued(SubmissionRecord)
        /// The team already submitted exactly this content to this round.
        case alreadySubmitted(SubmissionRecord)
        /// Accepted but failed installation or validation (counted against the limit).
        case failed(SubmissionRecord)
    }

    /// Refused before anything was stored: bad name, unreadable manifest, limit reached.
    public struct Refusal: Error, CustomStringConvertible, Sendable {
        public var description: String
        /// When the team may submit again (for the daily limit).
        public var nextAllowed: Date?
    }

    /// The round a submission made now goes to: the open round, else the challenge's own.
    public func currentRound() throws -> Int {
        try RoundLedger.load(workspace: workspace, challenge: plan.challenge.id).open?.number ?? plan.challenge.round
    }

    public func submit(directory: URL, team: String) throws -> Outcome {
        guard Self.isValidTeamName(team) else {
            throw Refusal(description: "team names may contain only letters, digits, '.', '_' and '-' (1–40 characters, not starting with '.'); found '\(team)'")
        }
        let directory = directory.standardizedFileURL.resolvingSymlinksInPath()
        let manifest: PluginManifest
        do { manifest = try PluginManifest.load(directory: directory) } catch {
            throw Refusal(description: "\(error)")
        }
        let manifestText = try String(contentsOf: directory.appendingPathComponent("plugin.yaml"), encoding: .utf8)
        let hash = try MethodLauncher.hashDirectory(directory)
        let round = try currentRound()
        let challenge = plan.challenge.id
        let time = now()
        let limit = SubmissionLimit(perDay: plan.challenge.submissionsPerDay)
        let id = String(SHA256Digest.hex(of: Array("\(challenge)|\(round)|\(team)|\(hash)".utf8)).prefix(16))
        // Where `Workspace.stagePlugin` keeps it, and where its runs will find it.
        let stored = workspace.plugins.appendingPathComponent(hash)
        var submission = SubmissionRecord(id: id, challenge: challenge, round: round, team: team, contentHash: hash,
                                          pluginName: manifest.name, pluginVersion: manifest.version, manifest: manifestText,
                                          storedPath: stored.path, state: .installing, submittedAt: time)
        if let existing = try store.insert(submission, since: time.addingTimeInterval(-SubmissionLimit.window), admit: { recent in
            if let next = limit.nextAllowed(recent: recent, now: time) {
                throw Refusal(description: "team \(team) has made \(recent.count) submission(s) to \(challenge) in the last 24 hours, the limit is \(limit.perDay); the next is accepted from \(ISO8601DateFormatter().string(from: next))",
                              nextAllowed: next)
            }
        }) {
            return .alreadySubmitted(existing)
        }
        do { _ = try storeImmutableCopy(of: directory, hash: hash) } catch {
            return .failed(try finish(&submission, .failed, reason: "could not store the submitted copy: \(error)"))
        }
        guard (try? MethodLauncher.hashDirectory(stored)) == hash else {
            try? FileManager.default.removeItem(at: stored)
            return .failed(try finish(&submission, .failed, reason: "the directory changed while it was being submitted; submit it again"))
        }
        do {
            try installer.installDependencies(of: stored, manifest: manifest)
        } catch {
            return .failed(try finish(&submission, .failed, reason: "dependency installation failed: \(error)"))
        }
        try store.updateSubmission(id: id, state: .validating, at: now())
        let problems: [String]
        do { problems = try validator.problems(of: stored) } catch {
            return .failed(try finish(&submission, .failed, reason: "validation could not run: \(error)"))
        }
        guard problems.isEmpty else {
            return .failed(try finish(&submission, .failed,
                                      reason: "validation (holdout plugin check) found: " + problems.joined(separator: "; ")))
        }
        return .queued(try finish(&submission, .queued, reason: nil))
    }

    private func finish(_ submission: inout SubmissionRecord, _ state: SubmissionRecord.State, reason: String?) throws -> SubmissionRecord {
        let time = now()
        try store.updateSubmission(id: submission.id, state: state, reason: reason, at: time)
        submission.state = state
        submission.reason = reason
        submission.updatedAt = time
        return submission
    }

    /// Copies the plugin to `plugins/<hash>/` (where its runs will use it) and removes every
    /// write permission: the bytes evaluated are the bytes hashed, which `holdout evaluate`
    /// checks again before running them.
    func storeImmutableCopy(of directory: URL, hash: String) throws -> URL {
        let stored = try workspace.stagePlugin(directory, hash: hash)
        let manager = FileManager.default
        var paths = [stored.path]
        if let enumerator = manager.enumerator(atPath: stored.path) {
            for case let relative as String in enumerator { paths.append(stored.appendingPathComponent(relative).path) }
        }
        for path in paths.reversed() {
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFLNK else { continue }
            chmod(path, info.st_mode & 0o555)
        }
        return stored
    }

    static func isValidTeamName(_ team: String) -> Bool {
        guard (1...40).contains(team.count), !team.hasPrefix(".") else { return false }
        return team.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._-".unicodeScalars.contains($0) }
    }
}
