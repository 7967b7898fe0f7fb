@testable import Physics
import FourierTransforms
import Synchronization
import Testing

@Suite struct WorkerTeamTests {
    /// Blocks cover 0..<lines in order without gaps, start on multiples of the granularity, and
    /// fall back to one block when there are too few lines to split.
    @Test(arguments: [(256, 2, 8), (128, 3, 8), (65, 2, 1), (100, 4, 8), (12, 2, 8), (7, 2, 8), (1, 4, 1)])
    func blocksTileTheLines(lines: Int, blocks: Int, granularity: Int) {
        let split = LineBlocks(lines: lines, blocks: blocks, granularity: granularity)
        #expect(split.ranges.first?.lowerBound == 0)
        #expect(split.ranges.last?.upperBound == lines)
        for (a, b) in zip(split.ranges, split.ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        #expect(split.ranges.allSatisfy { !$0.isEmpty && $0.lowerBound % granularity == 0 })
        #expect(split.count == max(1, min(blocks, lines / granularity)))
    }

    /// A team runs the body exactly once per block, on as many threads as blocks, and can be
    /// reused; a single block runs on the caller.
    @Test func teamRunsEveryBlockOnce() {
        let team = WorkerTeam(threads: 4)
        for blocks in [4, 2, 1, 4] {
            let visits = Mutex([Int](repeating: 0, count: blocks))
            team.run(blocks) { b in visits.withLock { $0[b] += 1 } }
            #expect(visits.withLock { $0 } == [Int](repeating: 1, count: blocks))
        }
    }
}
