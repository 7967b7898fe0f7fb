import HoldoutCore
@testable import Leakage
import Testing

@Suite struct NearDuplicateIndexTests {
    static let d = 48

    static func publicSet(_ n: Int, key: UInt64 = 1) -> [(id: String, source: String, field: Field)] {
        (0..<n).map { (id: "p\($0)", source: "train", field: TestData.field(TestData.gaussian(d, key: key, stream: UInt64($0)))) }
    }

    @Test func sketchParametersMatchTheCollisionFormula() {
        // Golden (numpy): p = 1 - 2 arcsin(0.1)/pi = 0.9362314391414801;
        // L = ceil(log(0.01)/log(1 - p^16)) = 11; P(0.2) = 1 - (1 - p^16)^11 = 0.9910158332938637;
        // P(0.1) with the same K, L = 0.999952990497574.
        let index = NearDuplicateIndex(dimension: 64, threshold: 0.2, seed: 7)
        #expect(abs(NearDuplicateIndex.bitAgreement(distance: 0.2) - 0.9362314391414801) < 1e-14)
        #expect(index.tableCount == 11)
        #expect(abs(index.candidateProbability(distance: 0.2) - 0.9910158332938637) < 1e-12)
        #expect(abs(index.candidateProbability(distance: 0.1) - 0.999952990497574) < 1e-12)
        // d = √(2(1 − ρ)): ρ = 0.98 ⇔ d = 0.2.
        #expect(abs(NearDuplicateIndex.distance(forCorrelation: 0.98) - 0.2) < 1e-12)
    }

    @Test func exactDuplicateIsFoundWhateverItsShape() throws {
        var index = NearDuplicateIndex(dimension: Self.d, threshold: 0.1, seed: 1)
        try index.add(contentsOf: Self.publicSet(500))
        let copied = TestData.gaussian(Self.d, key: 1, stream: 42)
        // Same values as public case p42, laid out as a 6 × 8 two-axis field.
        let reshaped = Field(axes: [Axis(.space, "y"), Axis(.space, "x")], shape: [6, 8], values: copied)
        let matches = try index.query(reshaped)
        #expect(matches.first == NearDuplicateIndex.Match(id: "p42", source: "train", distance: 0, exact: true))
        #expect(matches.count == 1)
    }

    @Test func nearDuplicateWithNoiseIsFound() throws {
        var index = NearDuplicateIndex(dimension: Self.d, threshold: 0.1, seed: 1)
        try index.add(contentsOf: Self.publicSet(500))
        // p7 rescaled, offset and with noise of 2% of its spread: d ≈ 0.02·√(d/(d−1)) ≈ 0.02.
        let base = TestData.gaussian(Self.d, key: 1, stream: 7)
        let noise = TestData.gaussian(Self.d, key: 99, stream: 0)
        let hidden = zip(base, noise).map { 3 * $0 + 10 + 3 * 0.02 * $1 }
        let matches = try index.query(TestData.field(hidden))
        #expect(matches.count == 1)
        #expect(matches.first?.id == "p7")
        #expect(matches.first?.exact == false)
        #expect((0.01...0.04).contains(matches.first?.distance ?? -1))
    }

    @Test func cleanRandomDataRaisesNoAlarm() throws {
        var index = NearDuplicateIndex(dimension: Self.d, threshold: 0.2, seed: 3)
        try index.add(contentsOf: Self.publicSet(2000))
        let hidden = (0..<200).map { (id: "h\($0)", field: TestData.field(TestData.gaussian(Self.d, key: 2, stream: UInt64($0)))) }
        let matches = try index.findings(hidden: hidden)
        #expect(matches.isEmpty)
        let finding = index.finding(for: matches, hiddenCount: hidden.count)
        #expect(finding.severity == .info)
        #expect(finding.check == .duplicates)
    }

    /// 2000 public × 200 hidden, 20 hidden cases planted at distances 0.01, 0.02, …, 0.20 of
    /// a public case (threshold 0.2; the sketch is built for P(0.2) ≥ 0.99), one exact copy.
    @Test func recallAgainstBruteForce() throws {
        let publicCases = Self.publicSet(2000)
        var hidden = (0..<200).map { (id: "h\($0)", field: TestData.field(TestData.gaussian(Self.d, key: 2, stream: UInt64($0)))) }
        for k in 0..<20 {
            let source = publicCases[k * 97].field.values
            let distance = 0.01 * Double(k + 1) - (k == 19 ? 1e-4 : 0)
            hidden[k * 10].field = TestData.field(TestData.planted(near: source, distance: distance, key: 5, stream: UInt64(k)))
        }
        hidden[199].field = publicCases[1234].field
        var index = NearDuplicateIndex(dimension: Self.d, threshold: 0.2, seed: 11)
        try index.add(contentsOf: publicCases)
        let found = try index.findings(hidden: hidden)
        let truth = NearDuplicateIndex.bruteForce(hidden: hidden, public: publicCases, threshold: 0.2)

        #expect(truth.count == 21)
        let key = { (m: NearDuplicateIndex.Match) in "\(m.hiddenID!)→\(m.id)" }
        let truthKeys = Set(truth.map(key)), foundKeys = Set(found.map(key))
        #expect(foundKeys.isSubset(of: truthKeys))  // exact check: no false positives
        let recall = Double(foundKeys.count) / Double(truthKeys.count)
        #expect(recall >= 0.95, "recall \(recall)")
        for m in found {
            let reference = truth.first { key($0) == key(m) }!
            #expect(abs(m.distance - reference.distance) < 1e-5)
            #expect(m.exact == reference.exact)
        }
        // The planted distances themselves (construction is independent of the index).
        for k in 0..<19 {
            let m = truth.first { $0.hiddenID == "h\(k * 10)" }!
            #expect(abs(m.distance - 0.01 * Double(k + 1)) < 1e-9)
        }
        let finding = index.finding(for: found, hiddenCount: hidden.count)
        #expect(finding.severity == .critical)
        #expect(finding.caseIDs.first == "h199" || finding.caseIDs.contains("h199"))
    }

    @Test func deterministicForASeed() throws {
        let publicCases = Self.publicSet(300)
        let hidden = (0..<30).map { k in
            (id: "h\(k)", field: TestData.field(TestData.planted(near: publicCases[k].field.values, distance: 0.15, key: 8, stream: UInt64(k))))
        }
        func run(seed: UInt64) throws -> [NearDuplicateIndex.Match] {
            var index = NearDuplicateIndex(dimension: Self.d, threshold: 0.2, seed: seed, bitsPerTable: 12)
            for item in publicCases { try index.add(item.field, id: item.id, source: item.source) }
            return try index.findings(hidden: hidden)
        }
        let first = try run(seed: 5), second = try run(seed: 5)
        #expect(first == second)
        #expect(first.count >= 28)
    }

    @Test func trajectoryFramesAreIndexedSeparately() throws {
        var index = NearDuplicateIndex(dimension: 32, threshold: 0.1, seed: 2)
        // A trajectory of 100 frames of 32 values, axes (lead, x).
        let values = (0..<100).flatMap { TestData.gaussian(32, key: 4, stream: UInt64($0)) }
        let trajectory = Field(axes: [.lead, Axis(.space, "x")], shape: [100, 32], values: values)
        try index.addTrajectory(trajectory, id: "traj0", source: "revealed-round-1")
        #expect(index.count == 100)
        let revisit = TestData.planted(near: Array(values[(37 * 32)..<(38 * 32)]), distance: 0.05, key: 6, stream: 0)
        let match = try #require(try index.query(TestData.field(revisit)).first)
        #expect(match.id == "traj0" && match.frame == 37 && match.source == "revealed-round-1")
        #expect(abs(match.distance - 0.05) < 1e-5)
    }

    @Test func constantCasesMatchOnlyExactly() throws {
        var index = NearDuplicateIndex(dimension: 16, threshold: 0.5, seed: 2)
        try index.add(TestData.field(Array(repeating: 3, count: 16)), id: "c3", source: "train")
        #expect(try index.query(TestData.field(Array(repeating: 3, count: 16))).map(\.id) == ["c3"])
        #expect(try index.query(TestData.field(Array(repeating: 4, count: 16))).isEmpty)
    }

    @Test func wrongDimensionIsAnError() {
        var index = NearDuplicateIndex(dimension: 16, threshold: 0.5, seed: 2)
        #expect(throws: NearDuplicateIndex.IndexError.dimensionMismatch(id: "x", expected: 16, got: 3)) {
            try index.add(TestData.field([1, 2, 3]), id: "x", source: "train")
        }
    }
}
