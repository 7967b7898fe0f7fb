extension NearDuplicateIndex {
    /// Summarises the matches of a duplicate search as one finding.
    ///
    /// An exact duplicate is `critical` (the hidden case is public, bit for bit). A near
    /// duplicate (d ≤ threshold, i.e. correlation ≥ 1 − threshold²/2 after removing mean and
    /// scale) is `critical` too: a method may have trained on the same state up to noise or a
    /// change of units. Nothing found is `info`. `value` is the smallest distance found.
    public func finding(for matches: [Match], hiddenCount: Int) -> LeakageFinding {
        let exactCases = Self.orderedUnique(matches.filter(\.exact).compactMap(\.hiddenID))
        let nearCases = Self.orderedUnique(matches.filter { !$0.exact }.compactMap(\.hiddenID))
            .filter { !exactCases.contains($0) }
        let searched = "\(hiddenCount) hidden cases searched against \(count) public cases"
        guard !matches.isEmpty else {
            let rho = 1 - threshold * threshold / 2
            return LeakageFinding(
                check: .duplicates, severity: .info,
                message: "No duplicates: \(searched); none is identical or has normalised distance ≤ \(threshold) (correlation ≥ \(Self.rounded(rho))).")
        }
        let closest = matches.map(\.distance).min() ?? 0
        var parts: [String] = []
        if !exactCases.isEmpty { parts.append("\(exactCases.count) hidden cases are exact copies of public cases") }
        if !nearCases.isEmpty {
            parts.append("\(nearCases.count) hidden cases are near duplicates (normalised distance ≤ \(threshold)) of public cases")
        }
        let example = matches[0]
        let source = "e.g. hidden \(example.hiddenID ?? "?") ≈ \(example.source)/\(example.id)"
            + (example.frame.map { " frame \($0)" } ?? "")
        return LeakageFinding(check: .duplicates, severity: .critical,
                              message: parts.joined(separator: "; ") + " (\(searched); \(source)).",
                              caseIDs: exactCases + nearCases, value: closest)
    }

    static func orderedUnique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    static func rounded(_ x: Double) -> String {
        let scaled = (x * 10_000).rounded() / 10_000
        return "\(scaled)"
    }
}
