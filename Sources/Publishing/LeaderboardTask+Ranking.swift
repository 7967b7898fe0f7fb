import Foundation

extension LeaderboardTask {
    /// Entries in board order, each with its rank.
    ///
    /// Entries are ranked by the mean of the headline metric (ascending when lower is better).
    /// Failed cases are already in that mean at the task's failure score, so a method cannot
    /// climb by failing; ties break on method name and version so the order is reproducible.
    /// Entries without a finite headline mean are listed last, unranked (`rank == nil`),
    /// never dropped.
    public func ranked() -> [(rank: Int?, entry: LeaderboardEntry)] {
        let withMean = entries.filter { headlineMean(of: $0) != nil }
        let without = entries.filter { headlineMean(of: $0) == nil }
        let sorted = withMean.sorted { a, b in
            let ma = headlineMean(of: a)!, mb = headlineMean(of: b)!
            if ma != mb { return lowerIsBetter ? ma < mb : ma > mb }
            return (a.method, a.version) < (b.method, b.version)
        }
        let rest = without.sorted { ($0.method, $0.version) < ($1.method, $1.version) }
        return sorted.enumerated().map { (rank: Optional($0.offset + 1), entry: $0.element) }
            + rest.map { (rank: nil, entry: $0) }
    }

    func headlineMean(of entry: LeaderboardEntry) -> Double? {
        guard let mean = entry.metrics[headlineMetric]?.mean, mean.isFinite else { return nil }
        return mean
    }
}
