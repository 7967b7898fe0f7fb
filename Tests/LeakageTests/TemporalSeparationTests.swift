import HoldoutCore
@testable import Leakage
import Testing

@Suite struct TemporalSeparationTests {
    typealias Segment = TemporalSeparation.Segment

    @Test func timeSplitWithoutGapIsCaught() {
        // τ = 5, three decorrelation times required: public [0, 100], hidden starting at 100.5.
        let check = TemporalSeparation(public: [Segment(id: "train", trajectory: "T", start: 0, end: 100)],
                                       hidden: [Segment(id: "test", trajectory: "T", start: 100.5, end: 110)],
                                       decorrelationTime: 5, requiredDecorrelationTimes: 3)
        #expect(check.violations == [.init(publicID: "train", hiddenID: "test", kind: .gapTooShort, gap: 0.5)])
        #expect(abs((check.smallestGapInDecorrelationTimes ?? 0) - 0.1) < 1e-15)
        #expect(check.finding.severity == .critical)
        #expect(check.finding.caseIDs == ["test"])
    }

    @Test func overlapAndTouchingSegmentsAreCaught() {
        let check = TemporalSeparation(public: [Segment(id: "train", trajectory: "T", start: 0, end: 100)],
                                       hidden: [Segment(id: "inside", trajectory: "T", start: 90, end: 95),
                                                Segment(id: "touching", trajectory: "T", start: 100, end: 120)],
                                       decorrelationTime: 5, requiredDecorrelationTimes: 3)
        #expect(check.violations.map(\.kind) == [.overlap, .overlap])
        #expect(check.violations.map(\.gap) == [-10, 0])  // max(90 − 100, 0 − 95); max(100 − 100, 0 − 120)
    }

    @Test func separatedSplitsAndOtherTrajectoriesAreClean() {
        let check = TemporalSeparation(public: [Segment(id: "train", trajectory: "T", start: 0, end: 100),
                                                Segment(id: "other", trajectory: "U", start: 0, end: 500)],
                                       hidden: [Segment(id: "test", trajectory: "T", start: 115, end: 130)],
                                       decorrelationTime: 5, requiredDecorrelationTimes: 3)
        #expect(check.violations.isEmpty)
        #expect(check.smallestGapInDecorrelationTimes == 3)
        #expect(check.finding.severity == .info)
    }

    @Test func trainingAfterTestIsAWarning() {
        let check = TemporalSeparation(public: [Segment(id: "later", trajectory: "T", start: 200, end: 300)],
                                       hidden: [Segment(id: "test", trajectory: "T", start: 100, end: 120)],
                                       decorrelationTime: 5, requiredDecorrelationTimes: 3)
        #expect(check.violations.map(\.kind) == [.trainingAfterTest])
        #expect(check.finding.severity == .warning)
    }

    /// An AR(1) field x_{k+1} = a x_k + √(1 − a²) ξ_k in 64 dimensions, a = e^{−Δt/τ},
    /// Δt = 0.1, τ = 5 (lag-one correlation 0.98). Public: frames 0…1000 (t ≤ 100).
    static func trajectory(frames: Int) -> [[Double]] {
        let a = 0.98019867330675525 // e^{−0.02}
        var state = TestData.gaussian(64, key: 31, stream: 0)
        var out = [state]
        for k in 1..<frames {
            let noise = TestData.gaussian(64, key: 31, stream: UInt64(k))
            state = zip(state, noise).map { a * $0 + (1 - a * a).squareRoot() * $1 }
            out.append(state)
        }
        return out
    }

    @Test func dataCheckFindsAHiddenStartRightAfterTraining() throws {
        let frames = Self.trajectory(frames: 1200)
        let publicPart = Field(axes: [.lead, Axis(.space, "x")], shape: [1001, 64], values: Array(frames[0...1000].joined()))
        // Threshold: correlation 0.95 ⇔ d = √0.1.
        var index = NearDuplicateIndex(dimension: 64, threshold: NearDuplicateIndex.distance(forCorrelation: 0.95), seed: 4,
                                       bitsPerTable: 10)
        try index.addTrajectory(publicPart, id: "T", source: "train")
        // Leaky: the hidden segment starts at the next frame (t = 100.1).
        let leaky = try TemporalSeparation.dataCheck(hiddenInitialStates: [(id: "next", field: TestData.field(frames[1001]))],
                                                     publicStates: index)
        #expect(leaky.closeStates.map(\.hiddenID) == ["next"])
        #expect(leaky.closeStates.first?.frame == 1000)
        #expect((leaky.maximumCorrelation ?? 0) > 0.95)
        #expect(leaky.finding.severity == .critical)
        // Clean: the hidden segment starts 3τ later (frame 1150, correlation ≈ e^{−3} ≈ 0.05)
        // and on an independent trajectory.
        let clean = try TemporalSeparation.dataCheck(
            hiddenInitialStates: [(id: "later", field: TestData.field(frames[1150])),
                                  (id: "independent", field: TestData.field(TestData.gaussian(64, key: 32, stream: 0)))],
            publicStates: index)
        #expect(clean.closeStates.isEmpty)
        #expect((clean.maximumCorrelation ?? 0) < 0.95)
        #expect(clean.finding.severity == .info)
    }
}
