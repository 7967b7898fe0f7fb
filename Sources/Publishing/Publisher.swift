import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes immutable, versioned leaderboards and checks them.
///
/// Layout: `<outputRoot>/<challenge>/<round>/v<k>/` holding `leaderboard.json`, `README.md`,
/// `index.html`, `cases.csv`, `CHANGELOG.md`, `manifest.json` and `manifest.sha256`.
///
/// Invariants:
/// - A version directory, once renamed into place, is never written again; its files are
///   made read-only (0444).
/// - A new version is written only when something changed: the inputs fingerprint, the bytes
///   of `leaderboard.json`, or the bytes of `cases.csv`. Publishing unchanged results returns
///   the latest version. (Rendering of README/HTML is deliberately not compared, so that a
///   cosmetic change of the renderer does not mint versions.)
/// - A version appears whole or not at all: files are written into a hidden temporary sibling
///   and the directory is renamed into place (atomic on one file system, and refusing to
///   replace an existing version).
public enum Publisher {
    /// File names in a version directory, in the order they are written.
    public static let leaderboardFile = "leaderboard.json"
    public static let readmeFile = "README.md"
    public static let htmlFile = "index.html"
    public static let casesFile = "cases.csv"
    public static let changelogFile = "CHANGELOG.md"

    /// The result of ``publish(document:cases:inputs:to:publishedAt:)``.
    public struct Publication: Sendable, Equatable {
        /// The `v<k>` directory.
        public var directory: URL
        public var version: Int
        /// `false` when nothing changed and the existing latest version was returned.
        public var created: Bool
        public var manifest: VersionManifest
    }

    /// Publishes `document` (with its per-case rows) computed from `inputs` under `outputRoot`.
    ///
    /// - Returns: the new version, or the latest existing one when neither the inputs nor the
    ///   results changed (`created == false`).
    /// - Throws: ``PublishingError`` when ids are not path-safe or the file system fails.
    @discardableResult
    public static func publish(
        document: LeaderboardDocument, cases: [CaseRow], inputs: PublicationInputs,
        to outputRoot: URL, publishedAt: Date = Date()
    ) throws -> Publication {
        for name in [document.challengeId, document.roundId] where !isPathSafe(name) {
            throw PublishingError(.invalidName, path: name,
                                  "ids used as directory names may contain only letters, digits, '.', '_' and '-', and may not start with '.'")
        }
        let roundDirectory = outputRoot
            .appendingPathComponent(document.challengeId, isDirectory: true)
            .appendingPathComponent(document.roundId, isDirectory: true)
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: roundDirectory, withIntermediateDirectories: true)
        } catch {
            throw PublishingError(.io, path: roundDirectory.path, "cannot create the round directory: \(error.localizedDescription)")
        }

        let leaderboardBytes = try wrapIO(roundDirectory) { try document.canonicalJSON() }
        let casesBytes = Data(CaseTable.csv(cases).utf8)
        let fingerprint = inputs.fingerprint

        // Compare with the latest version.
        let latest = existingVersions(in: roundDirectory).last
        var changes: VersionChanges?
        if let latest {
            let latestDirectory = versionDirectory(roundDirectory, latest)
            let previousManifest = try? VersionManifest.read(from: latestDirectory)
            if let previousManifest,
               previousManifest.inputsFingerprint == fingerprint,
               previousManifest.files[leaderboardFile]?.sha256 == SHA256Hex.of(leaderboardBytes),
               previousManifest.files[casesFile]?.sha256 == SHA256Hex.of(casesBytes) {
                return Publication(directory: latestDirectory, version: latest, created: false, manifest: previousManifest)
            }
            let previousDocument = (try? Data(contentsOf: latestDirectory.appendingPathComponent(leaderboardFile)))
                .flatMap { try? LeaderboardDocument.decode(from: $0) }
            var diff = VersionChanges(
                previousVersion: latest,
                previousInputs: previousManifest?.inputs ?? [:], currentInputs: inputs.values,
                previousDocument: previousDocument, currentDocument: document,
                casesChanged: previousManifest?.files[casesFile]?.sha256 != SHA256Hex.of(casesBytes))
            if previousManifest == nil { diff.other.insert("the previous manifest.json could not be read", at: 0) }
            changes = diff
        }

        let version = (latest ?? 0) + 1
        var files: [(String, Data)] = [
            (leaderboardFile, leaderboardBytes),
            (readmeFile, Data(document.markdown(version: version).utf8)),
            (htmlFile, Data(document.html(version: version).utf8)),
            (casesFile, casesBytes),
        ]
        let changelog = changes?.markdown(version: version, challengeId: document.challengeId, roundId: document.roundId)
            ?? "# Changelog: \(document.challengeId) / \(document.roundId) v1\n\nFirst published version.\n"
        files.append((changelogFile, Data(changelog.utf8)))

        var records: [String: VersionManifest.FileRecord] = [:]
        for (name, data) in files { records[name] = .init(sha256: SHA256Hex.of(data), bytes: data.count) }
        let manifest = VersionManifest(
            challengeId: document.challengeId, roundId: document.roundId, version: version,
            publishedAt: iso8601(publishedAt), files: records, inputs: inputs.values,
            inputsFingerprint: fingerprint, changes: changes)
        let manifestBytes = try wrapIO(roundDirectory) { try CanonicalJSON.encode(manifest) }
        files.append((VersionManifest.fileName, manifestBytes))
        files.append((VersionManifest.hashFileName, Data("\(SHA256Hex.of(manifestBytes))  \(VersionManifest.fileName)\n".utf8)))

        let target = versionDirectory(roundDirectory, version)
        try writeAtomically(files, to: target, in: roundDirectory)
        return Publication(directory: target, version: version, created: true, manifest: manifest)
    }

    /// `v<k>` numbers present in a round directory, ascending. Hidden and other entries are ignored.
    public static func existingVersions(in roundDirectory: URL) -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: roundDirectory.path)) ?? []
        return names.compactMap { name -> Int? in
            guard name.hasPrefix("v"), let k = Int(name.dropFirst()), k > 0, name == "v\(k)" else { return nil }
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: roundDirectory.appendingPathComponent(name).path, isDirectory: &isDirectory)
            return exists && isDirectory.boolValue ? k : nil
        }.sorted()
    }

    static func versionDirectory(_ roundDirectory: URL, _ k: Int) -> URL {
        roundDirectory.appendingPathComponent("v\(k)", isDirectory: true)
    }

    // MARK: - Writing

    private static func writeAtomically(_ files: [(String, Data)], to target: URL, in roundDirectory: URL) throws {
        let fm = FileManager.default
        let staging = roundDirectory.appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)", isDirectory: true)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for (name, data) in files {
                let url = staging.appendingPathComponent(name)
                try data.write(to: url)
                try fm.setAttributes([.posixPermissions: 0o444], ofItemAtPath: url.path)
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw PublishingError(.io, path: staging.path, "cannot write the new version: \(error.localizedDescription)")
        }
        if fm.fileExists(atPath: target.path) {
            try? fm.removeItem(at: staging)
            throw PublishingError(.versionExists, path: target.path, "this version already exists (another publisher was faster); nothing was written")
        }
        // rename(2) is atomic and will not replace a non-empty directory, so a version that
        // appeared since the check above is never overwritten either.
        if rename(staging.path, target.path) != 0 {
            let code = errno
            try? fm.removeItem(at: staging)
            if code == ENOTEMPTY || code == EEXIST {
                throw PublishingError(.versionExists, path: target.path, "this version already exists (another publisher was faster); nothing was written")
            }
            throw PublishingError(.io, path: target.path, "cannot move the new version into place: \(String(cString: strerror(code)))")
        }
    }

    private static func wrapIO<T>(_ directory: URL, _ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            throw PublishingError(.io, path: directory.path, "cannot encode: \(error)")
        }
    }

    static func isPathSafe(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != "." else { return false }
        return name.unicodeScalars.allSatisfy { s in
            (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "." || s == "_" || s == "-"
        }
    }

    private static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
