import Foundation

extension LeaderboardDocument {
    /// The version's `README.md`: one ranked table per task, failures and leakage findings
    /// listed in full. Rendered from the document alone, so it can always be regenerated.
    public func markdown(version: Int) -> String {
        var md = "# \(challengeTitle) — \(roundId) (v\(version))\n\n"
        md += "Challenge `\(challengeId)`, round `\(roundId)`, status **\(roundStatus.rawValue)**"
        md += roundStatus == .open ? " (scores are provisional until the round closes).\n\n" : ".\n\n"
        md += "- Scorer version: `\(scorerVersion)`; harness version: `\(harnessVersion)`\n"
        md += "- Machine: \(machine.cpuModel), \(machine.cores) cores, \(Format.bytes(machine.memoryBytes)), \(machine.operatingSystem)\n"
        if let c = commitment {
            md += "- Commitment: secret SHA-256 `\(c.secretSHA256)`, test data SHA-256 `\(c.testDataSHA256)`"
            md += c.signature == nil ? "\n" : " (signed)\n"
        } else {
            md += "- Commitment: none (public data only)\n"
        }
        md += "- Per-case results: [`cases.csv`](cases.csv). Hashes of every file and input: [`manifest.json`](manifest.json).\n\n"
        md += "All costs were measured by the harness, from outside each method's process, on the machine above. "
        md += "Failed cases are scored at the task's failure score and counted in the mean; the failure rate stands beside every mean.\n\n"

        if let ranking, !ranking.isEmpty {
            md += "## Across tasks\n\nCASP-style: per-table Z-scores of the headline (outliers below −2 removed, negative Z set to 0), summed.\n\n"
            md += "| Method | Σ Z | Tables |\n|---|---:|---:|\n"
            for row in ranking { md += "| \(cell(row.method)) | \(Format.number(row.totalZ)) | \(row.tables) |\n" }
            md += "\n"
        }
        for task in tasks { md += taskSection(task) }
        return md
    }

    private func taskSection(_ task: LeaderboardTask) -> String {
        let direction = task.lowerIsBetter ? "lower is better" : "higher is better"
        var md = "## \(task.taskId) (v\(task.version))\n\n"
        if let labels = task.labels, !labels.isEmpty {
            md += "Split: " + labels.map { "**\(cell($0))**" }.joined(separator: " · ") + ".\n\n"
        }
        md += "Headline metric: **\(task.headlineMetric)** (\(direction)). Spec SHA-256 `\(task.specSHA256)`.\n\n"
        if let description = task.trackDescription { md += description + "\n\n" }
        if task.entries.isEmpty { return md + "No entries.\n\n" }
        let beside = task.besideHeadline
        md += "| Rank | Band | Method | Version | Kind | Track | Sandboxed | Status | \(cell(task.headlineMetric)) mean | 95 % CI | "
        md += beside.map { "\($0.header) | " }.joined() + "Failures "
        md += "| Predict s/case | CPU s/case | Start-up s | Train s | Speedup @ equal error | Error ratio @ equal cost | Dominated | vs best rung |\n"
        md += "|---:|---:|---|---|---|---|---|---|---:|---|" + String(repeating: "---:|", count: beside.count) + "---:|---:|---:|---:|---:|---:|---:|---|---|\n"
        for (rank, e) in task.ranked() {
            let h = e.headline(in: task)
            var row: [String] = [
                rank.map(String.init) ?? "—", Self.band(e), cell(e.markedMethod), cell(e.version), e.kind.rawValue, e.track.rawValue,
                e.sandboxed ? "yes" : "**no**", e.status.rawValue,
                Format.number(h?.mean), h.map { Format.interval($0.ci95Low, $0.ci95High) } ?? "—",
            ]
            row += beside.map { $0.cell(e) }
            row += [
                "\(e.failureCount)/\(e.caseCount) (\(Format.percent(e.failureRate)))",
                Format.number(e.cost.predictWallSecondsPerCase), Format.number(e.cost.predictCPUSecondsPerCase),
                Format.number(e.cost.startupSeconds), Format.number(e.cost.trainWallSeconds),
            ]
            row += [
                (e.ladder?.beyondLadderError == true ? "beyond the ladder" : Format.number(e.ladder?.speedupAtEqualError)),
                (e.ladder?.beyondLadderCost == true ? "beyond the ladder" : Format.number(e.ladder?.errorRatioAtEqualCost)),
                Format.flag(e.ladder?.dominated),
                e.comparison.map { c in
                    "\(cell(c.reference)): Δ \(Format.number(c.meanDifference)) \(Format.interval(c.ci95Low, c.ci95High))"
                        + (c.significant ? " significant" : " not significant")
                } ?? "—",
            ]
            md += "| " + row.joined(separator: " | ") + " |\n"
        }
        md += "\n"

        let failing = task.ranked().map(\.entry).filter { $0.status != .complete || $0.failureCount > 0 }
        md += "### Failures\n\n"
        if failing.isEmpty {
            md += "None: every case of every entry completed.\n\n"
        } else {
            for e in failing {
                md += "- \(e.method) \(e.version): \(e.status.rawValue), \(e.failureCount) of \(e.caseCount) cases failed"
                md += e.failureReason.map { " — \(oneLine($0))" } ?? ""
                md += "\n"
            }
            md += "\n"
        }

        md += "### Leakage findings\n\n"
        let findings = task.entries.flatMap { e in e.findings.map { (e, $0) } }
        if findings.isEmpty {
            md += "None.\n\n"
        } else {
            for (e, f) in findings {
                md += "- **\(f.severity.rawValue)** \(e.method) \(e.version), `\(f.check)`: \(oneLine(f.message))\n"
            }
            md += "\n"
        }

        let noted = task.entries.filter { !$0.notes.isEmpty }
        if !noted.isEmpty {
            md += "### Notes\n\n"
            for e in noted {
                for n in e.notes { md += "- \(e.method) \(e.version): \(oneLine(n))\n" }
                if let manifest = e.manifest { md += "- \(e.method) \(e.version): [submitted manifest](\(manifest))\n" }
            }
            md += "\n"
        }
        let unsandboxed = task.entries.filter { !$0.sandboxed }
        if !unsandboxed.isEmpty {
            md += "Unsandboxed runs (\(unsandboxed.map(\.method).joined(separator: ", "))) are shown for completeness and are not eligible for an official board.\n\n"
        }
        return md
    }

    /// Table cells cannot hold `|` or line breaks.
    private func cell(_ s: String) -> String {
        oneLine(s).replacingOccurrences(of: "|", with: "\\|")
    }

    private func oneLine(_ s: String) -> String {
        s.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// "2 (1–3)": the rank band and the bootstrap rank interval.
    static func band(_ entry: LeaderboardEntry) -> String {
        guard let band = entry.rankBand else { return "—" }
        guard let interval = entry.rankInterval, interval.count == 2 else { return "\(band)" }
        return "\(band) (\(Format.number(interval[0]))–\(Format.number(interval[1])))"
    }
}
