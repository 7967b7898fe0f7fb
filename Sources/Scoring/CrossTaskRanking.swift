/// Rankings across methods: CASP-style Z-scores across tasks, and rank intervals and bands
/// within a task.
public enum CrossTaskRanking {
    /// CASP-style Z-score of each method on one task.
    ///
    /// Scores are first turned into "goodness" g = −badness (so higher is better whatever the
    /// metric). Z = (g − mean)/sd over the methods with population sd (1/n); methods with
    /// Z < −2 are outliers, removed, and mean and sd recomputed over the rest; every method's Z
    /// is then recomputed with those, and negative Z set to 0 (a bad method cannot pull down
    /// the others' totals nor be punished twice). If sd = 0 every Z is 0.
    public static func zScores(_ scores: [String: Double], metric: Metric) -> [String: Double] {
        let goodness = scores.mapValues { -metric.badness($0) }
        func stats(_ values: [Double]) -> (Double, Double) {
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            return (mean, variance.squareRoot())
        }
        guard !goodness.isEmpty else { return [:] }
        // Sum in method-name order: dictionary order changes from process to process, and a
        // different summation order changes the last bits, which would make an unchanged board
        // look changed.
        let ordered = goodness.keys.sorted().map { goodness[$0]! }
        var (mean, sd) = stats(ordered)
        if sd > 0 {
            let kept = ordered.filter { ($0 - mean) / sd >= -2 }
            (mean, sd) = stats(kept)
        }
        return goodness.mapValues { sd > 0 ? max(0, ($0 - mean) / sd) : 0 }
    }

    /// Sum of per-task Z-scores (see `zScores`); a method missing from a task contributes 0.
    /// - Parameter tasks: per task, the metric and each method's task-level score.
    public static func totalZScores(_ tasks: [(metric: Metric, scores: [String: Double])]) -> [String: Double] {
        var total: [String: Double] = [:]
        for task in tasks {
            for (method, z) in zScores(task.scores, metric: task.metric) { total[method, default: 0] += z }
        }
        return total
    }

    /// Rank intervals and rank bands of methods on one task.
    ///
    /// Every method must have scored the same cases. The same bootstrap resamples of cases are
    /// applied to all methods; in each replicate methods are ranked by mean (1 = best), and the
    /// interval is the (α/2, 1−α/2) quantiles of each method's ranks. Bands: methods sorted by
    /// mean; a method joins the current band if its paired difference with the band's leader
    /// is not significant, otherwise it opens a new band.
    public static func rankBands(metric: Metric, methods: [String: [CaseScore]],
                                 bootstrap: Bootstrap = Bootstrap()) throws -> [MethodRank] {
        let names = methods.keys.sorted()
        guard let reference = names.first else { return [] }
        var columns: [[Double]] = []
        for name in names {
            let (x, _) = try PairedComparison.paired(metric: metric, methods[name]!, methods[reference]!)
            // Re-order to the reference's case order so indices align across methods.
            let byID = Dictionary(uniqueKeysWithValues: zip(methods[name]!.map(\.caseID), x))
            columns.append(methods[reference]!.map { metric.badness(byID[$0.caseID]!) })
        }
        let n = columns[0].count
        var ranks = Array(repeating: [Double](), count: names.count)
        bootstrap.forEachResample(count: n) { idx in
            let means = columns.map { col in idx.reduce(0.0) { $0 + col[$1] } }
            let order = means.indices.sorted { means[$0] < means[$1] }
            for (rank, method) in order.enumerated() { ranks[method].append(Double(rank + 1)) }
        }
        let means = columns.map { $0.reduce(0, +) / Double(n) }
        let order = means.indices.sorted { means[$0] < means[$1] }
        var band = 0
        var leader = order[0]
        var result: [MethodRank] = []
        let alpha = 1 - bootstrap.confidence
        for (position, method) in order.enumerated() {
            if position > 0 {
                let comparison = try PairedComparison(metric: metric, methods[names[leader]]!, methods[names[method]]!,
                                                      bootstrap: bootstrap)
                if comparison.significant { band += 1; leader = method }
            }
            let sortedRanks = ranks[method].sorted()
            result.append(MethodRank(method: names[method], rank: position + 1,
                                     rankLower: Quantile.linear(sorted: sortedRanks, alpha / 2),
                                     rankUpper: Quantile.linear(sorted: sortedRanks, 1 - alpha / 2),
                                     band: band + 1))
        }
        return result
    }
}

/// A method's place on one task.
public struct MethodRank: Codable, Sendable, Equatable {
    public var method: String
    /// Rank by mean badness (1 = best).
    public var rank: Int
    /// Bootstrap rank interval.
    public var rankLower: Double
    public var rankUpper: Double
    /// Rank band (1 = top): methods in one band are not significantly different from its leader.
    public var band: Int
}
