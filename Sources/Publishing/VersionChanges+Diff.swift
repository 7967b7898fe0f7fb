import Foundation

extension VersionChanges {
    /// Compares a new version with the previous one.
    ///
    /// `previousDocument` is `nil` when the previous `leaderboard.json` could not be read
    /// (e.g. an older schema); entries are then not compared and the changelog says so.
    init(
        previousVersion: Int,
        previousInputs: [String: String], currentInputs: [String: String],
        previousDocument: LeaderboardDocument?, currentDocument: LeaderboardDocument,
        casesChanged: Bool
    ) {
        self.init(previousVersion: previousVersion)
        for name in Set(previousInputs.keys).union(currentInputs.keys).sorted()
        where previousInputs[name] != currentInputs[name] {
            inputs.append(InputChange(name: name, previous: previousInputs[name], current: currentInputs[name]))
        }
        guard let old = previousDocument else {
            other.append("the previous leaderboard.json could not be read, so entries were not compared")
            return
        }
        let new = currentDocument
        func note(_ what: String, _ a: String, _ b: String) { if a != b { other.append("\(what): \(a) → \(b)") } }
        note("schema version", "\(old.schemaVersion)", "\(new.schemaVersion)")
        note("challenge title", old.challengeTitle, new.challengeTitle)
        note("round status", old.roundStatus.rawValue, new.roundStatus.rawValue)
        note("scorer version", old.scorerVersion, new.scorerVersion)
        note("harness version", old.harnessVersion, new.harnessVersion)
        if old.commitment != new.commitment { other.append("commitment changed") }
        if old.machine != new.machine { other.append("machine description changed") }

        let oldTasks = Dictionary(old.tasks.map { ($0.taskId, $0) }, uniquingKeysWith: { a, _ in a })
        let newTasks = Dictionary(new.tasks.map { ($0.taskId, $0) }, uniquingKeysWith: { a, _ in a })
        for id in Set(oldTasks.keys).union(newTasks.keys).sorted() {
            switch (oldTasks[id], newTasks[id]) {
            case (nil, _?): other.append("task \(id) added")
            case (_?, nil): other.append("task \(id) removed")
            case let (a?, b?):
                note("task \(id) version", a.version, b.version)
                note("task \(id) spec hash", a.specSHA256, b.specSHA256)
                note("task \(id) headline metric", a.headlineMetric, b.headlineMetric)
            default: break
            }
        }

        func entries(_ doc: LeaderboardDocument) -> [EntryKey: (LeaderboardTask, LeaderboardEntry)] {
            var out: [EntryKey: (LeaderboardTask, LeaderboardEntry)] = [:]
            for task in doc.tasks {
                for entry in task.entries {
                    out[EntryKey(task: task.taskId, method: entry.method, version: entry.version)] = (task, entry)
                }
            }
            return out
        }
        let oldEntries = entries(old), newEntries = entries(new)
        entriesAdded = Set(newEntries.keys).subtracting(oldEntries.keys).sorted()
        entriesRemoved = Set(oldEntries.keys).subtracting(newEntries.keys).sorted()
        var otherEntryChanges: [EntryKey] = []
        for key in Set(oldEntries.keys).intersection(newEntries.keys).sorted() {
            let (oldTask, oldEntry) = oldEntries[key]!, (newTask, newEntry) = newEntries[key]!
            if oldTask.headlineMetric == newTask.headlineMetric,
               let a = oldEntry.headline(in: oldTask)?.mean, let b = newEntry.headline(in: newTask)?.mean,
               a != b || a.isNaN != b.isNaN {
                headlineMoves.append(HeadlineMove(entry: key, metric: newTask.headlineMetric, previousMean: a, currentMean: b))
            } else if oldEntry != newEntry {
                otherEntryChanges.append(key)
            }
        }
        for key in otherEntryChanges { other.append("\(key): details changed (headline mean unchanged)") }
        if casesChanged { other.append("per-case results (cases.csv) changed") }
    }

    /// `true` when the comparison found nothing to report.
    var isEmpty: Bool {
        inputs.isEmpty && entriesAdded.isEmpty && entriesRemoved.isEmpty && headlineMoves.isEmpty && other.isEmpty
    }

    /// The `CHANGELOG.md` of the version that carries these changes.
    func markdown(version: Int, challengeId: String, roundId: String) -> String {
        var md = "# Changelog: \(challengeId) / \(roundId) v\(version)\n\n"
        md += "Changes against v\(previousVersion).\n\n"
        if isEmpty { md += "No differences were found in inputs or results.\n"; return md }
        if !inputs.isEmpty {
            md += "## Inputs\n\n"
            for change in inputs {
                switch (change.previous, change.current) {
                case (nil, let c?): md += "- `\(change.name)` added: `\(c)`\n"
                case (let p?, nil): md += "- `\(change.name)` removed (was `\(p)`)\n"
                case let (p?, c?): md += "- `\(change.name)` changed: `\(p)` → `\(c)`\n"
                default: break
                }
            }
            md += "\n"
        }
        if !entriesAdded.isEmpty {
            md += "## Entries added\n\n" + entriesAdded.map { "- \($0)\n" }.joined() + "\n"
        }
        if !entriesRemoved.isEmpty {
            md += "## Entries removed\n\n" + entriesRemoved.map { "- \($0)\n" }.joined() + "\n"
        }
        if !headlineMoves.isEmpty {
            md += "## Headline means that moved\n\n"
            for move in headlineMoves {
                md += "- \(move.entry): \(move.metric) \(Format.number(move.previousMean)) → \(Format.number(move.currentMean))"
                if move.previousMean != 0, move.previousMean.isFinite, move.currentMean.isFinite {
                    md += " (\(Format.signedPercent((move.currentMean - move.previousMean) / abs(move.previousMean))))"
                }
                md += "\n"
            }
            md += "\n"
        }
        if !other.isEmpty {
            md += "## Other changes\n\n" + other.map { "- \($0)\n" }.joined() + "\n"
        }
        return md
    }
}
