import Foundation

/// Renders per-case rows as RFC 4180 CSV (`cases.csv`).
///
/// Rows are sorted by task, method and case id (numeric-aware), and metric columns are the
/// sorted union of metric names, so the same rows in any order give the same bytes.
enum CaseTable {
    static let fixedColumns = [
        "task", "method", "case_id", "split", "out_of_distribution", "failed", "failure_reason",
        "wall_seconds", "cpu_seconds",
    ]

    static func csv(_ rows: [CaseRow]) -> String {
        let metricNames = Set(rows.flatMap { $0.metrics.keys }).sorted()
        let sorted = rows.sorted { a, b in
            if a.task != b.task { return a.task < b.task }
            if a.method != b.method { return a.method < b.method }
            return a.caseId.compare(b.caseId, options: .numeric) == .orderedAscending
        }
        var out = (fixedColumns + metricNames).map(field).joined(separator: ",") + "\r\n"
        for row in sorted {
            var cells = [
                row.task, row.method, row.caseId, row.split,
                row.outOfDistribution ? "true" : "false", row.failed ? "true" : "false",
                row.failureReason ?? "", number(row.wallSeconds), number(row.cpuSeconds),
            ]
            cells += metricNames.map { row.metrics[$0].map(number) ?? "" }
            out += cells.map(field).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// Shortest round-trip digits, as in the JSON.
    private static func number(_ x: Double) -> String { "\(x)" }

    private static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
