import Physics
import Testing

@Suite struct ConvergenceStudyTests {
    @Test func exactPowerLaw() {
        let hs = [0.1, 0.05, 0.025, 0.0125]
        let study = ConvergenceStudy(stepSizes: hs, errors: hs.map { 3 * $0 * $0 })
        #expect(abs(study.observedOrder - 2) < 1e-12)
        #expect(abs(study.fit.constant - 3) < 1e-10)
    }

    /// h = 1, 2, 4 with e = 1, 4, 32: in log₂ the points are (0,0), (1,2), (2,5); least-squares
    /// slope by hand = [(−1)(−7/3) + (1)(8/3)] / 2 = 5/2; pairwise slopes 2 and 3.
    @Test func leastSquaresByHand() {
        let study = ConvergenceStudy(stepSizes: [1, 2, 4], errors: [1, 4, 32])
        #expect(abs(study.observedOrder - 2.5) < 1e-12)
        #expect(zip(study.pairwiseOrders, [2.0, 3.0]).allSatisfy { abs($0 - $1) < 1e-12 })
    }
}
