import Datasets
import HoldoutCore
import Testing

@Suite struct SplitStatisticsTests {
    @Test func meanAndStdPerFieldOverEveryFrameAndPoint() {
        // Two cases, one input and one output frame of 2 points, two fields interleaved (u, v).
        func item(_ input: [Double], _ target: [Double]) -> GeneratedCase {
            let axes: [Axis] = [.lead, Axis(.space, "x"), Axis(.component, "u,v")]
            return GeneratedCase(split: "train", index: 0, id: "train-0000", seedOrigin: "public", trajectory: 0, startTime: 0,
                                 outOfDistribution: false, parameters: [:],
                                 inputs: Field(axes: axes, shape: [1, 2, 2], values: input),
                                 targets: Field(axes: axes, shape: [1, 2, 2], values: target))
        }
        let stats = SplitStatistics(cases: [item([1, 10, 3, 10], [5, 20, 7, 20]), item([1, 30, 3, 30], [5, 40, 7, 40])],
                                    fields: ["u", "v"])
        // u: 1, 3, 5, 7, 1, 3, 5, 7 → mean 4, population std √5; v: 10, 10, 20, 20, 30, 30, 40, 40 → mean 25, std √125.
        #expect(stats.mean == ["u": 4, "v": 25])
        #expect(abs(stats.std["u"]! - 5.0.squareRoot()) < 1e-12 && abs(stats.std["v"]! - 125.0.squareRoot()) < 1e-12)
        #expect(stats.yaml.contains("mean:\n  u: 4.0\n  v: 25.0\nstd:\n"))
    }
}
