import Foundation
import HoldoutCore
@testable import Leakage
import Testing

/// The data side of the temporal-separation check on a vector AR(1) process
/// x_{t+1} = a x_t + √(1 − a²) ξ_t (dimension 40), whose autocorrelation is exactly a^k, so
/// the decorrelation time is −Δt / ln a.
@Suite struct MeasuredSeparationTests {
    static let dimension = 40, frames = 40, interval = 0.05, a = 0.85

    /// A trajectory from an independent stationary start.
    static func trajectory(stream: UInt64) -> [[Double]] {
        var rng = CounterRNG(key: 0xA5, stream: stream)
        var x = (0..<dimension).map { _ in rng.normal() }
        var result = [x]
        for _ in 1..<frames {
            x = x.map { a * $0 + (1 - a * a).squareRoot() * rng.normal() }
            result.append(x)
        }
        return result
    }

    static let publicTrajectories = (0..<30).map {
        MeasuredSeparation.Trajectory(id: "public-\($0)", frames: trajectory(stream: UInt64($0)))
    }

    @Test func measuresTheDecorrelationTimeOfTheData() throws {
        let check = MeasuredSeparation(publicTrajectories: Self.publicTrajectories, hidden: [],
                                       interval: Self.interval, declaredDecorrelationTime: nil)
        let exact = -Self.interval / log(Self.a)  // ≈ 0.3077
        let measured = try #require(check.measuredDecorrelationTime)
        #expect(abs(measured - exact) / exact < 0.15, "measured \(measured), exact \(exact)")
    }

    @Test func independentSpinUpsRaiseNoAlarm() {
        let hidden = (100..<120).map { ("hidden-\($0)", Self.trajectory(stream: UInt64($0))[0]) }
        let check = MeasuredSeparation(publicTrajectories: Self.publicTrajectories, hidden: hidden,
                                       interval: Self.interval, declaredDecorrelationTime: 0.3)
        #expect(check.pValue > MeasuredSeparation.criticalPValue)
        #expect(check.finding.severity == .info)
        #expect(check.finding.message.contains("no closer"))
    }

    /// The planted leak: hidden initial states that continue public trajectories after a gap of
    /// two frames (0.1 time units, a third of a decorrelation time).
    @Test func continuationsOfPublicTrajectoriesAreCaught() {
        let hidden = (0..<20).map { i -> (String, [Double]) in
            let source = Self.publicTrajectories[i].frames
            var rng = CounterRNG(key: 0xB6, stream: UInt64(i))
            var x = source[source.count - 1]
            for _ in 0..<2 { x = x.map { Self.a * $0 + (1 - Self.a * Self.a).squareRoot() * rng.normal() } }
            return ("hidden-\(i)", x)
        }
        let check = MeasuredSeparation(publicTrajectories: Self.publicTrajectories, hidden: hidden,
                                       interval: Self.interval, declaredDecorrelationTime: 0.3)
        #expect(check.pValue < MeasuredSeparation.criticalPValue)
        #expect(check.finding.severity == .critical)
        #expect(!check.finding.caseIDs.isEmpty)
    }

    /// Hand-computed: x = [3, 4], y = [1, 2]: U = 4 (every x above every y), n1 = n2 = 2,
    /// σ² = 2·2·5/12 = 5/3, z = (4 − 2 − 0.5)/√(5/3) = 1.1619, p = ½ erfc(z/√2) = 0.12264.
    @Test func mannWhitneyMatchesTheHandComputation() {
        let p = MeasuredSeparation.mannWhitneyUpper([3, 4], [1, 2])
        #expect(abs(p - 0.122_64) < 1e-4)
        #expect(MeasuredSeparation.mannWhitneyUpper([], [1]) == 1)
        // Ties get mid-ranks; identical samples are not "larger".
        #expect(MeasuredSeparation.mannWhitneyUpper([1, 1, 1], [1, 1, 1]) == 1)
    }
}
