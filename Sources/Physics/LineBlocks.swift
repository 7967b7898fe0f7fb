import Dispatch

/// A fixed split of `lines` independent grid lines (rows or columns) into contiguous blocks,
/// and a way to run one body per block, the blocks on separate threads.
///
/// Why fixed blocks instead of a work queue: every block is its own batched FFTW plan, made
/// once in a solver's `init`, so a step allocates nothing; and each line's arithmetic is the same
/// whichever thread runs its block, so a run on two threads gives the same bytes as a run on one.
/// Block boundaries are multiples of `granularity` lines so that every block starts at the same
/// SIMD alignment as the whole array (FFTW picks its codelets by alignment).
struct LineBlocks {
    /// The line range of each block, in order, covering 0..<lines.
    let ranges: [Range<Int>]

    /// Splits `lines` (≥ 1) into at most `blocks` parts of whole `granularity`-line groups,
    /// the last block taking the remainder; one block if there are too few lines to split.
    init(lines: Int, blocks: Int, granularity: Int = 8) {
        precondition(lines >= 1 && blocks >= 1 && granularity >= 1)
        let groups = lines / granularity
        let count = max(1, min(blocks, groups))
        ranges = (0..<count).map { b in
            let start = b * groups / count * granularity
            let end = b == count - 1 ? lines : (b + 1) * groups / count * granularity
            return start..<end
        }
    }

    var count: Int { ranges.count }

    /// Runs `body(b)` for every block b: inline for a single block, otherwise concurrently
    /// (`DispatchQueue.concurrentPerform`), returning when all blocks are done. `body` must only
    /// write memory that belongs to its block. Allocates nothing once Dispatch's worker threads
    /// exist (checked by the `VlasovStep` and `NS2DStep` benchmarks' malloc counts).
    @inline(__always)
    func run(_ body: (Int) -> Void) {
        if ranges.count == 1 {
            body(0)
            return
        }
        withoutActuallyEscaping(body) { body in
            let work = BlockBody(body: body)
            DispatchQueue.concurrentPerform(iterations: ranges.count) { work.body($0) }
        }
    }
}

/// The per-block closure handed to Dispatch's worker threads; blocks write disjoint memory.
private struct BlockBody: @unchecked Sendable {
    let body: (Int) -> Void
}
