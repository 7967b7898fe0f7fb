import Foundation

extension LeaderboardDocument {
    /// The version's `index.html`: self-contained (inline CSS and SVG, no scripts, no external
    /// resources), so the page shows the same thing offline, in an archive, or years later.
    public func html(version: Int) -> String {
        let title = "\(challengeTitle) — \(roundId) (v\(version))"
        var h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>\(HTML.escape(title))</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n"
        h += "<h1>\(HTML.escape(title))</h1>\n"
        h += "<p>Challenge <code>\(HTML.escape(challengeId))</code>, round <code>\(HTML.escape(roundId))</code>, status <strong>\(roundStatus.rawValue)</strong>"
        h += roundStatus == .open ? " (scores are provisional until the round closes).</p>\n" : ".</p>\n"
        h += "<ul class=\"meta\">\n"
        h += "<li>Scorer version <code>\(HTML.escape(scorerVersion))</code>, harness version <code>\(HTML.escape(harnessVersion))</code></li>\n"
        h += "<li>Machine: \(HTML.escape("\(machine.cpuModel), \(machine.cores) cores, \(Format.bytes(machine.memoryBytes)), \(machine.operatingSystem)"))</li>\n"
        if let c = commitment {
            h += "<li>Commitment: secret SHA-256 <code>\(HTML.escape(c.secretSHA256))</code>, test data SHA-256 <code>\(HTML.escape(c.testDataSHA256))</code>\(c.signature == nil ? "" : " (signed)")</li>\n"
        } else {
            h += "<li>Commitment: none (public data only)</li>\n"
        }
        h += "<li>Per-case results: <a href=\"cases.csv\">cases.csv</a>; hashes of every file and input: <a href=\"manifest.json\">manifest.json</a></li>\n</ul>\n"
        h += "<p>Costs were measured by the harness from outside each method's process on the machine above. Failed cases are scored at the task's failure score and counted in the mean; the failure rate stands beside every mean.</p>\n"
        if let ranking, !ranking.isEmpty {
            h += "<section><h2>Across tasks</h2>\n<p>CASP-style: per-table Z-scores of the headline (outliers below −2 removed, negative Z set to 0), summed.</p>\n"
            h += "<table><thead><tr><th>Method</th><th>Σ Z</th><th>Tables</th></tr></thead><tbody>\n"
            for row in ranking {
                h += "<tr><td>\(HTML.escape(row.method))</td><td>\(Format.number(row.totalZ))</td><td>\(row.tables)</td></tr>\n"
            }
            h += "</tbody></table></section>\n"
        }
        for task in tasks { h += taskSection(task) }
        h += "</body>\n</html>\n"
        return h
    }

    private func taskSection(_ task: LeaderboardTask) -> String {
        let e = HTML.escape
        var h = "<section class=\"task\" id=\"task-\(e(task.taskId))\">\n"
        h += "<h2>\(e(task.taskId)) <small>v\(e(task.version))</small></h2>\n"
        if let labels = task.labels, !labels.isEmpty {
            h += "<p class=\"labels\">Split: " + labels.map { "<strong>\(e($0))</strong>" }.joined(separator: " · ") + ".</p>\n"
        }
        h += "<p>Headline metric <strong>\(e(task.headlineMetric))</strong> (\(task.lowerIsBetter ? "lower" : "higher") is better). Spec SHA-256 <code>\(e(task.specSHA256))</code>.</p>\n"
        if let description = task.trackDescription { h += "<p>\(e(description))</p>\n" }
        guard !task.entries.isEmpty else { return h + "<p>No entries.</p>\n</section>\n" }

        let beside = task.besideHeadline
        h += "<div class=\"scroll\"><table>\n<thead><tr>"
        let headers = [
            "Rank", "Band", "Method", "Version", "Kind", "Track", "Sandboxed", "Status", "\(task.headlineMetric) mean", "95 % CI",
        ] + beside.map(\.header) + [
            "Failures", "Predict s/case", "CPU s/case", "Start-up s", "Train s", "Speedup @ equal error",
            "Error ratio @ equal cost", "Dominated", "vs best rung",
        ]
        h += headers.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for (rank, entry) in task.ranked() {
            let s = entry.headline(in: task)
            var classes = ["kind-\(entry.kind.rawValue)"]
            if entry.status != .complete { classes.append("status-\(entry.status.rawValue)") }
            if !entry.sandboxed { classes.append("unsandboxed") }
            var cells: [String] = [
                rank.map(String.init) ?? "—", Self.band(entry), entry.markedMethod, entry.version, entry.kind.rawValue, entry.track.rawValue,
                entry.sandboxed ? "yes" : "no", entry.status.rawValue, Format.number(s?.mean),
                s.map { Format.interval($0.ci95Low, $0.ci95High) } ?? "—",
            ]
            cells += beside.map { $0.cell(entry) }
            cells += [
                "\(entry.failureCount)/\(entry.caseCount) (\(Format.percent(entry.failureRate)))",
                Format.number(entry.cost.predictWallSecondsPerCase), Format.number(entry.cost.predictCPUSecondsPerCase),
                Format.number(entry.cost.startupSeconds), Format.number(entry.cost.trainWallSeconds),
                (entry.ladder?.beyondLadderError == true ? "beyond the ladder" : Format.number(entry.ladder?.speedupAtEqualError)),
                (entry.ladder?.beyondLadderCost == true ? "beyond the ladder" : Format.number(entry.ladder?.errorRatioAtEqualCost)),
                Format.flag(entry.ladder?.dominated),
                entry.comparison.map { c in
                    "\(c.reference): Δ \(Format.number(c.meanDifference)) \(Format.interval(c.ci95Low, c.ci95High))"
                        + (c.significant ? " significant" : " not significant")
                } ?? "—",
            ]
            h += "<tr class=\"\(classes.joined(separator: " "))\">" + cells.map { "<td>\(e($0))</td>" }.joined() + "</tr>\n"
        }
        h += "</tbody>\n</table></div>\n"

        h += "<figure>\n\(CostAccuracyPlot(task: task).svg())\n<figcaption>Cost–accuracy: \(e(task.headlineMetric)) mean against predict wall time per case, log–log; the baseline ladder is the line.</figcaption>\n</figure>\n"
        for plot in task.leadTimePlots() {
            h += "<figure>\n\(plot.svg())\n<figcaption>\(e(plot.title)): mean over cases at each lead, one line per method.</figcaption>\n</figure>\n"
        }
        if let plot = task.spectrumPlot() {
            h += "<figure>\n\(plot.svg())\n<figcaption>\(e(plot.title)): per-sample shell spectra averaged over cases, leads and members; a curve below the truth's at high |k| is a blurred forecast.</figcaption>\n</figure>\n"
        }

        let failing = task.ranked().map(\.entry).filter { $0.status != .complete || $0.failureCount > 0 }
        h += "<h3>Failures</h3>\n"
        if failing.isEmpty {
            h += "<p>None: every case of every entry completed.</p>\n"
        } else {
            h += "<ul>\n"
            for f in failing {
                h += "<li>\(e(f.method)) \(e(f.version)): \(f.status.rawValue), \(f.failureCount) of \(f.caseCount) cases failed\(f.failureReason.map { " — " + e($0) } ?? "")</li>\n"
            }
            h += "</ul>\n"
        }
        h += "<h3>Leakage findings</h3>\n"
        let findings = task.entries.flatMap { en in en.findings.map { (en, $0) } }
        if findings.isEmpty {
            h += "<p>None.</p>\n"
        } else {
            h += "<ul>\n"
            for (en, f) in findings {
                h += "<li class=\"finding-\(f.severity.rawValue)\"><strong>\(f.severity.rawValue)</strong> \(e(en.method)) \(e(en.version)), <code>\(e(f.check))</code>: \(e(f.message))</li>\n"
            }
            h += "</ul>\n"
        }
        let noted = task.entries.filter { !$0.notes.isEmpty }
        if !noted.isEmpty {
            h += "<h3>Notes</h3>\n<ul>\n"
            for en in noted {
                for n in en.notes { h += "<li>\(e(en.method)) \(e(en.version)): \(e(n))</li>\n" }
                if let manifest = en.manifest { h += "<li>\(e(en.method)) \(e(en.version)): <a href=\"\(e(manifest))\">submitted manifest</a></li>\n" }
            }
            h += "</ul>\n"
        }
        return h + "</section>\n"
    }

    static let css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 84rem; padding: 0 1rem; color: #222; }
        h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ccc; } h2 small { color: #666; font-weight: normal; }
        code { font-size: 0.85em; word-break: break-all; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; font-size: 0.85rem; }
        th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; white-space: nowrap; }
        th { background: #f4f4f4; }
        tr.kind-ladder-rung td { color: #444; background: #fafafa; }
        tr.status-failed td { background: #fdecea; } tr.status-partial td { background: #fff8e1; }
        tr.unsandboxed td:nth-child(6) { color: #b00020; font-weight: bold; }
        figure { margin: 1.5rem 0; } figcaption { font-size: 0.85rem; color: #555; }
        svg.cost-accuracy, svg.lead-time, svg.spectra { max-width: 100%; height: auto; font-size: 11px; }
        svg .label { font-size: 10px; } svg .axis-label { font-size: 12px; }
        li.finding-critical { color: #b00020; } li.finding-warning { color: #8a5a00; }

        """
}
