import Foundation

extension CaseTable {
    /// Reads `cases.csv` back into rows (RFC 4180: quoted fields, doubled quotes, CRLF), so a
    /// verifier can compare re-scored numbers with the published ones exactly.
    static func parse(_ text: String) throws -> [CaseRow] {
        let records = splitRecords(text)
        guard let header = records.first else { return [] }
        let index = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        for column in fixedColumns where index[column] == nil {
            throw PublishingError(.invalidInput, path: "cases.csv", "cases.csv has no column '\(column)'")
        }
        let metricColumns = header.filter { !fixedColumns.contains($0) }
        return try records.dropFirst().filter { !($0.count == 1 && $0[0].isEmpty) }.map { cells in
            guard cells.count == header.count else {
                throw PublishingError(.invalidInput, path: "cases.csv", "cases.csv row has \(cells.count) cells; the header has \(header.count)")
            }
            func cell(_ name: String) -> String { cells[index[name]!] }
            var metrics: [String: Double] = [:]
            for name in metricColumns where !cells[index[name]!].isEmpty { metrics[name] = Double(cells[index[name]!]) }
            return CaseRow(task: cell("task"), method: cell("method"), caseId: cell("case_id"), split: cell("split"),
                           outOfDistribution: cell("out_of_distribution") == "true", failed: cell("failed") == "true",
                           failureReason: cell("failure_reason").isEmpty ? nil : cell("failure_reason"), metrics: metrics,
                           wallSeconds: Double(cell("wall_seconds")) ?? 0, cpuSeconds: Double(cell("cpu_seconds")) ?? 0)
        }
    }

    private static func splitRecords(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = ""
        var quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { field.unicodeScalars.append(c); characters.removeFirst() } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\r" || c == "\n" {
                if c == "\r", characters.first == "\n" { characters.removeFirst() }
                record.append(field); records.append(record); record = []; field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}

extension CaseRow {
    /// Parses a published `cases.csv`.
    public static func parseTable(_ text: String) throws -> [CaseRow] { try CaseTable.parse(text) }
}
