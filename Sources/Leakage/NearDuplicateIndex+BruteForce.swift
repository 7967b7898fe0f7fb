import HoldoutCore

extension NearDuplicateIndex {
    /// The reference the sketch is measured against: every hidden case against every public
    /// case, same normalisation and distance (in double precision), O(n_hidden · n_public · d).
    /// Returns every pair with d ≤ `threshold` or bit-identical flattened values, grouped by
    /// hidden case in input order, closest first.
    public static func bruteForce(hidden: [(id: String, field: Field)],
                                  public publicCases: [(id: String, source: String, field: Field)],
                                  threshold: Double) -> [Match] {
        let publicUnits = publicCases.map { unitVector($0.field.values) }
        let publicHashes = publicCases.map { flatHash($0.field.values) }
        var result: [Match] = []
        for item in hidden {
            let hash = flatHash(item.field.values)
            let unit = unitVector(item.field.values)
            var exact: [Match] = [], near: [Match] = []
            for (j, candidate) in publicCases.enumerated() {
                if publicHashes[j] == hash {
                    exact.append(Match(hiddenID: item.id, id: candidate.id, source: candidate.source,
                                       distance: 0, exact: true))
                    continue
                }
                guard let u = unit, let v = publicUnits[j], u.count == v.count else { continue }
                var sum = 0.0
                for k in 0..<u.count { sum += (u[k] - v[k]) * (u[k] - v[k]) }
                let d = sum.squareRoot()
                if d <= threshold {
                    near.append(Match(hiddenID: item.id, id: candidate.id, source: candidate.source,
                                      distance: d, exact: false))
                }
            }
            near.sort { ($0.distance, $0.id) < ($1.distance, $1.id) }
            result += exact + near
        }
        return result
    }

    /// (x − x̄)/‖x − x̄‖ in double precision, nil for a constant vector.
    static func unitVector(_ values: [Double]) -> [Double]? {
        let mean = values.reduce(0, +) / Double(values.count)
        let norm = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }.squareRoot()
        guard norm > 0, norm > 1e-12 * abs(mean) * Double(values.count).squareRoot() else { return nil }
        return values.map { ($0 - mean) / norm }
    }
}
