import Foundation

extension Publisher {
    /// Checks a `v<k>` directory against its manifest.
    ///
    /// Checks, in order: `manifest.json` against the hash in `manifest.sha256`; the manifest's
    /// internal consistency (its version equals the directory's `k`, its inputs hash to its
    /// fingerprint); every listed file present with the recorded SHA-256 and size; no file or
    /// directory that the manifest does not list; `leaderboard.json` decodes. Every problem is
    /// reported, not just the first. Never throws: an unreadable version is a report with
    /// problems.
    public static func verify(versionDirectory: URL) -> VerificationReport {
        let fm = FileManager.default
        var report = VerificationReport(directory: versionDirectory, intactFiles: [], problems: [])
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: versionDirectory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            report.problems.append(.directoryMissing)
            return report
        }
        func read(_ name: String) -> Data? { try? Data(contentsOf: versionDirectory.appendingPathComponent(name)) }

        // The manifest and its own hash.
        let manifestBytes = read(VersionManifest.fileName)
        if let manifestBytes {
            if let line = read(VersionManifest.hashFileName).flatMap({ String(data: $0, encoding: .utf8) }) {
                let parts = line.split(whereSeparator: { $0 == " " || $0 == "\n" })
                if parts.count == 2, parts[1] == Substring(VersionManifest.fileName), parts[0].count == 64 {
                    let actual = SHA256Hex.of(manifestBytes)
                    if String(parts[0]).lowercased() != actual {
                        report.problems.append(.manifestModified(recorded: String(parts[0]), actual: actual))
                    }
                } else {
                    report.problems.append(.manifestHashFileMalformed)
                }
            } else {
                report.problems.append(.manifestHashFileMissing)
            }
        } else {
            report.problems.append(.manifestMissing)
        }
        var manifest: VersionManifest?
        if let manifestBytes {
            do { manifest = try CanonicalJSON.decode(VersionManifest.self, from: manifestBytes) } catch {
                report.problems.append(.manifestUnreadable(reason: "\(error)"))
            }
        }

        // Every file present on disk (recursively; a version is flat, so any subdirectory is extra).
        var present: Set<String> = []
        if let enumerator = fm.enumerator(atPath: versionDirectory.path) {
            while let relative = enumerator.nextObject() as? String { present.insert(relative) }
        }
        // A subdirectory's contents are reported through the subdirectory itself.
        let topLevelExtras = present.filter { path in
            !path.contains("/") || !present.contains(String(path[..<path.firstIndex(of: "/")!]))
        }

        guard let manifest else {
            // Without a manifest nothing more can be checked file by file.
            return report
        }

        let expectedName = versionDirectory.lastPathComponent
        if expectedName != "v\(manifest.version)" {
            report.problems.append(.manifestInconsistent(detail: "it describes version \(manifest.version) but lies in directory \(expectedName)"))
        }
        if PublicationInputs(manifest.inputs).fingerprint != manifest.inputsFingerprint {
            report.problems.append(.manifestInconsistent(detail: "its inputs do not hash to its inputsFingerprint"))
        }

        for name in manifest.files.keys.sorted() {
            let record = manifest.files[name]!
            // A version is flat: a listed name with a slash (or `..`) would be read from elsewhere.
            guard !name.isEmpty, name != ".", name != "..", !name.contains("/") else {
                report.problems.append(.manifestInconsistent(detail: "it lists '\(name)', which is not a file name inside the version"))
                continue
            }
            guard let data = read(name) else {
                report.problems.append(.fileMissing(name: name))
                continue
            }
            let actual = SHA256Hex.of(data)
            if actual != record.sha256 || data.count != record.bytes {
                report.problems.append(.fileModified(name: name, recorded: record.sha256, actual: actual))
            } else {
                report.intactFiles.append(name)
            }
        }
        let allowed = Set(manifest.files.keys).union([VersionManifest.fileName, VersionManifest.hashFileName])
        for name in topLevelExtras.sorted() where !allowed.contains(name) {
            report.problems.append(.unexpectedFile(name: name))
        }

        if let data = read(Publisher.leaderboardFile), manifest.files[Publisher.leaderboardFile] != nil {
            do { _ = try LeaderboardDocument.decode(from: data) } catch {
                report.problems.append(.leaderboardUnreadable(reason: "\(error)"))
            }
        }
        return report
    }
}
