import HoldoutCore

/// Exact and near-duplicate search of (hidden) cases against a large set of public cases,
/// without an all-pairs scan.
///
/// **Distance.** A case is any `Field`; its values are compared flattened (C order). Each case
/// x ∈ ℝᵈ is centred and scaled to a unit vector, x̂ = (x − x̄)/‖x − x̄‖₂, and the distance of two
/// cases is the chord distance of their normalised forms,
///
///     d(a, b) = ‖â − b̂‖₂ = √(2 (1 − ρ(a, b))),   0 ≤ d ≤ 2,
///
/// where ρ is the Pearson correlation of the two value vectors. `threshold` refers to this d:
/// a pair with d ≤ threshold is a near duplicate. Because of the normalisation, a rescaled or
/// offset copy (2·a + 3) is at distance 0: leakage through a change of units is still leakage.
/// A constant case (‖x − x̄‖ = 0) has no direction; it is compared by exact hash only.
///
/// **Exact duplicates** are found by the SHA-256 of the flattened values (`SHA256Digest` of the
/// field reshaped to one axis), so the axis names and shape of the two fields do not matter.
///
/// **Sketch.** Sign random projections (Charikar 2002): for a Gaussian vector r, the bits
/// sign(r·â) and sign(r·b̂) agree with probability p = 1 − θ/π, θ = 2 arcsin(d/2) the angle
/// between â and b̂. `tableCount` = L hash tables each key a case by K = `bitsPerTable` such bits,
/// so a pair at distance d shares at least one bucket with probability
///
///     P(d) = 1 − (1 − p(d)ᴷ)ᴸ,
///
/// and L is chosen as the smallest L with P(threshold) ≥ `targetRecall` (capped at
/// `maximumTables`); pairs closer than the threshold collide more often still. Unrelated cases
/// (ρ ≈ 0, p = ½) collide in one table with probability 2⁻ᴷ, so a query inspects about
/// L · n · 2⁻ᴷ random candidates instead of n. Every candidate is then checked exactly: the
/// distance is recomputed from the stored normalised vectors (single precision, absolute error
/// ≲ 1e-6), so there are no false positives, only (rare, quantified) misses.
///
/// Projections are drawn from `CounterRNG(key: seed, stream: row)`: the index is a pure
/// function of (dimension, threshold, seed, bits, cases in order).
public struct NearDuplicateIndex: Sendable {
    /// A public case found for a query.
    public struct Match: Sendable, Codable, Hashable {
        /// The query's id (set by `findings(hidden:)`; nil from `query`).
        public var hiddenID: String?
        /// The public case's id.
        public var id: String
        /// Where the public case comes from (split, revealed round, declared training data).
        public var source: String
        /// The frame index when the public case was indexed as one frame of a trajectory.
        public var frame: Int?
        /// d = ‖â − b̂‖₂ (0 for exact duplicates).
        public var distance: Double
        /// True when the flattened values are bit-identical (canonical hash equal).
        public var exact: Bool

        public init(hiddenID: String? = nil, id: String, source: String, frame: Int? = nil,
                    distance: Double, exact: Bool) {
            self.hiddenID = hiddenID
            self.id = id
            self.source = source
            self.frame = frame
            self.distance = distance
            self.exact = exact
        }

        /// Pearson correlation of the two cases, ρ = 1 − d²/2.
        public var correlation: Double { 1 - distance * distance / 2 }
    }

    /// Why a case cannot be indexed or queried.
    public enum IndexError: Error, Sendable, Equatable {
        case dimensionMismatch(id: String, expected: Int, got: Int)
        case nonFinite(id: String)
    }

    struct Entry: Sendable {
        var id: String
        var source: String
        var frame: Int?
        /// False for constant cases: exact matching only.
        var hasDirection: Bool
    }

    public let dimension: Int
    public let threshold: Double
    public let seed: UInt64
    /// K, bits per hash key.
    public let bitsPerTable: Int
    /// L, hash tables.
    public let tableCount: Int

    /// (L·K) × dimension Gaussian projection rows, row-major.
    let projections: [Float]
    /// One bucket map per table: key → entry indices.
    var tables: [[UInt64: [Int32]]]
    /// count × dimension normalised vectors (zeros for constant cases).
    var vectors: [Float] = []
    var entries: [Entry] = []
    /// Canonical hash of flattened values → entry indices.
    var exactIndex: [String: [Int32]] = [:]

    /// Number of indexed public cases (frames count one each).
    public var count: Int { entries.count }

    /// - Parameters:
    ///   - dimension: values per case (flattened).
    ///   - threshold: near-duplicate distance d (see the type's documentation), 0 < d < 2.
    ///     d = 0.1 ⇔ ρ ≥ 0.995; d = 0.2 ⇔ ρ ≥ 0.98; d = 0.45 ⇔ ρ ≥ 0.9.
    ///   - bitsPerTable: K. 16 keeps random collisions at n/65 536 per table; use fewer bits
    ///     for large thresholds on small sets.
    ///   - targetRecall: the probability P(threshold) the table count is chosen for.
    public init(dimension: Int, threshold: Double, seed: UInt64, bitsPerTable: Int = 16,
                targetRecall: Double = 0.99, maximumTables: Int = 64) {
        precondition(dimension >= 2, "need at least two values per case")
        precondition(threshold > 0 && threshold < 2, "threshold is a chord distance in (0, 2)")
        precondition((1...32).contains(bitsPerTable))
        precondition(targetRecall > 0 && targetRecall < 1 && maximumTables >= 1)
        self.dimension = dimension
        self.threshold = threshold
        self.seed = seed
        self.bitsPerTable = bitsPerTable
        let p = Self.bitAgreement(distance: threshold)
        let perTable = Self.power(p, bitsPerTable)
        let needed = (Self.logarithm(1 - targetRecall) / Self.logarithm(1 - perTable)).rounded(.up)
        tableCount = max(1, min(maximumTables, Int(needed)))
        let rows = tableCount * bitsPerTable
        var projections = [Float](repeating: 0, count: rows * dimension)
        for row in 0..<rows {
            var rng = CounterRNG(key: seed, stream: UInt64(row))
            for j in 0..<dimension { projections[row * dimension + j] = Float(rng.normal()) }
        }
        self.projections = projections
        tables = Array(repeating: [:], count: tableCount)
    }

    /// Probability p = 1 − θ/π that one sign projection agrees for two unit vectors at chord
    /// distance d, θ = 2 arcsin(d/2).
    public static func bitAgreement(distance d: Double) -> Double {
        1 - 2 * arcsine(min(d, 2) / 2) / Double.pi
    }

    /// P(d) = 1 − (1 − pᴷ)ᴸ: the probability that this index offers a public case at distance d
    /// from a query as a candidate (the recall of the sketch at d).
    public func candidateProbability(distance d: Double) -> Double {
        let perTable = Self.power(Self.bitAgreement(distance: d), bitsPerTable)
        return 1 - Self.power(1 - perTable, tableCount)
    }

    /// The chord distance d = √(2(1 − ρ)) corresponding to a correlation ρ.
    public static func distance(forCorrelation rho: Double) -> Double {
        (2 * (1 - min(max(rho, -1), 1))).squareRoot()
    }

    // MARK: adding

    /// Adds one public case.
    public mutating func add(_ field: Field, id: String, source: String) throws {
        try add(values: field.values, id: id, source: source, frame: nil)
    }

    /// Adds many public cases, sketching them on all cores.
    public mutating func add(contentsOf cases: [(id: String, source: String, field: Field)]) throws {
        for item in cases {
            guard item.field.count == dimension else {
                throw IndexError.dimensionMismatch(id: item.id, expected: dimension, got: item.field.count)
            }
            guard item.field.isFinite else { throw IndexError.nonFinite(id: item.id) }
        }
        let prepared = prepareInParallel(cases.map(\.field.values))
        for (item, sketch) in zip(cases, prepared) {
            insert(sketch, id: item.id, source: item.source, frame: nil)
        }
    }

    /// Adds every frame of a public trajectory as its own case (id, frame k), so that a hidden
    /// state close to any state the trajectory visits (an attractor revisit, a time split
    /// without a gap) is found. `frameAxis` is the axis the frames run along (default `.lead`).
    public mutating func addTrajectory(_ trajectory: Field, frameAxis: AxisKind = .lead,
                                       id: String, source: String) throws {
        guard let axis = trajectory.axisIndex(frameAxis) else {
            try add(trajectory, id: id, source: source)
            return
        }
        let frames = trajectory.shape[axis]
        let frameSize = frames == 0 ? 0 : trajectory.count / frames
        guard frameSize == dimension else {
            throw IndexError.dimensionMismatch(id: id, expected: dimension, got: frameSize)
        }
        guard trajectory.isFinite else { throw IndexError.nonFinite(id: id) }
        let outer = trajectory.shape[..<axis].reduce(1, *)
        let inner = trajectory.shape[(axis + 1)...].reduce(1, *)
        var all: [[Double]] = []
        all.reserveCapacity(frames)
        for k in 0..<frames {
            var values = [Double]()
            values.reserveCapacity(frameSize)
            for o in 0..<outer {
                let start = (o * frames + k) * inner
                values.append(contentsOf: trajectory.values[start..<(start + inner)])
            }
            all.append(values)
        }
        for (k, sketch) in prepareInParallel(all).enumerated() {
            insert(sketch, id: id, source: source, frame: k)
        }
    }

    mutating func add(values: [Double], id: String, source: String, frame: Int?) throws {
        guard values.count == dimension else {
            throw IndexError.dimensionMismatch(id: id, expected: dimension, got: values.count)
        }
        guard values.allSatisfy(\.isFinite) else { throw IndexError.nonFinite(id: id) }
        insert(prepare(values), id: id, source: source, frame: frame)
    }

    mutating func insert(_ sketch: Sketch, id: String, source: String, frame: Int?) {
        let index = Int32(entries.count)
        entries.append(Entry(id: id, source: source, frame: frame, hasDirection: sketch.unit != nil))
        exactIndex[sketch.hash, default: []].append(index)
        if let unit = sketch.unit {
            vectors.append(contentsOf: unit)
            for (t, key) in sketch.keys.enumerated() { tables[t][key, default: []].append(index) }
        } else {
            vectors.append(contentsOf: repeatElement(0, count: dimension))
        }
    }

    // MARK: querying

    /// Public cases that are exact duplicates of `field` or within `threshold` of it, closest
    /// first (exact duplicates first).
    public func query(_ field: Field) throws -> [Match] {
        guard field.count == dimension else {
            throw IndexError.dimensionMismatch(id: "query", expected: dimension, got: field.count)
        }
        guard field.isFinite else { throw IndexError.nonFinite(id: "query") }
        return matches(for: prepare(field.values), limit: threshold)
    }

    /// The closest public case among the sketch's candidates (approximate nearest neighbour:
    /// exact among candidates, which include every case within `threshold` with probability
    /// P(d)), or nil when no candidate shares a bucket. Used to report the largest correlation
    /// between hidden and public states.
    public func nearest(_ field: Field) throws -> Match? {
        guard field.count == dimension else {
            throw IndexError.dimensionMismatch(id: "query", expected: dimension, got: field.count)
        }
        guard field.isFinite else { throw IndexError.nonFinite(id: "query") }
        return matches(for: prepare(field.values), limit: .infinity).first
    }

    /// Every match of every hidden case (with `hiddenID` set), in the order of `hidden`,
    /// queried on all cores.
    public func findings(hidden: [(id: String, field: Field)]) throws -> [Match] {
        for item in hidden {
            guard item.field.count == dimension else {
                throw IndexError.dimensionMismatch(id: item.id, expected: dimension, got: item.field.count)
            }
            guard item.field.isFinite else { throw IndexError.nonFinite(id: item.id) }
        }
        let sketches = prepareInParallel(hidden.map(\.field.values))
        var perQuery = [[Match]](repeating: [], count: hidden.count)
        perQuery.withUnsafeMutableBufferPointer { output in
            let out = UnsafeSendable(output)
            parallelFor(hidden.count) { q in
                out.value[q] = matches(for: sketches[q], limit: threshold).map {
                    var match = $0
                    match.hiddenID = hidden[q].id
                    return match
                }
            }
        }
        return perQuery.flatMap { $0 }
    }

    func matches(for sketch: Sketch, limit: Double) -> [Match] {
        var result: [Match] = []
        var exactEntries = Set<Int32>()
        for index in exactIndex[sketch.hash] ?? [] {
            exactEntries.insert(index)
            let entry = entries[Int(index)]
            result.append(Match(id: entry.id, source: entry.source, frame: entry.frame, distance: 0, exact: true))
        }
        guard let unit = sketch.unit else { return result }
        var seen = exactEntries
        var near: [Match] = []
        vectors.withUnsafeBufferPointer { stored in
            unit.withUnsafeBufferPointer { query in
                for (t, key) in sketch.keys.enumerated() {
                    guard let bucket = tables[t][key] else { continue }
                    for index in bucket where seen.insert(index).inserted {
                        let d = Double(Self.distance(query.baseAddress!,
                                                     stored.baseAddress! + Int(index) * dimension, dimension))
                        if d <= limit {
                            let entry = entries[Int(index)]
                            near.append(Match(id: entry.id, source: entry.source, frame: entry.frame,
                                              distance: d, exact: false))
                        }
                    }
                }
            }
        }
        near.sort { ($0.distance, $0.id, $0.frame ?? -1) < ($1.distance, $1.id, $1.frame ?? -1) }
        return result + near
    }
}
