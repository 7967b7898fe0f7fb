/// Ensemble scores of a single scalar truth against M members.
public enum EnsembleStatistics {
    /// CRPS from members sorted ascending, in O(M) after the O(M log M) sort.
    ///
    /// Uses Σ_{m,m′} |X_m − X_m′| = 2 Σ_i (2i − M − 1) X_(i) (1-based order statistics), so
    /// - fair:  (1/M) Σ|X_m − x| − Σ_i (2i−M−1) X_(i) / (M(M−1)), the unbiased estimator of the
    ///   CRPS of the distribution the members are drawn from (for M = 1 the spread term is 0: MAE);
    /// - plain: (1/M) Σ|X_m − x| − Σ_i (2i−M−1) X_(i) / M², the CRPS of the empirical CDF,
    ///   equal to the integrated Brier score ∫ (F_M(z) − 1{z ≥ x})² dz.
    public static func crps(sortedMembers x: [Double], truth: Double, fair: Bool = true) -> Double {
        let m = x.count
        precondition(m >= 1, "at least one member")
        var absolute = 0.0
        var weighted = 0.0
        for i in 0..<m {
            absolute += abs(x[i] - truth)
            weighted += Double(2 * (i + 1) - m - 1) * x[i]
        }
        let md = Double(m)
        if m == 1 { return absolute }
        return absolute / md - weighted / (fair ? md * (md - 1) : md * md)
    }

    /// CRPS from members in any order (sorts a copy).
    public static func crps(members: [Double], truth: Double, fair: Bool = true) -> Double {
        crps(sortedMembers: members.sorted(), truth: truth, fair: fair)
    }

    /// Adds the truth's rank among sorted members to a histogram of M+1 bins. With `below`
    /// members strictly below the truth and `ties` equal to it, the rank is uniform on
    /// below…below+ties, so each of those bins gets 1/(ties+1): deterministic and unbiased.
    public static func addRank(sortedMembers x: [Double], truth: Double, to histogram: inout [Double]) {
        var below = 0
        var ties = 0
        for v in x {
            if v < truth { below += 1 } else if v == truth { ties += 1 }
        }
        let share = 1 / Double(ties + 1)
        for r in below...(below + ties) { histogram[r] += share }
    }
}
