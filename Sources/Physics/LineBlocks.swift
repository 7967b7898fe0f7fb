/// A fixed split of `lines` independent grid lines (rows or columns) into contiguous blocks,
/// one per thread of a ``WorkerTeam``.
///
/// Why fixed blocks instead of a work queue: every block is its own batched FFTW plan, made
/// once in a solver's `init`, so a step allocates nothing; and each line's arithmetic is the same
/// whichever thread runs its block, so a run on two threads gives the same bytes as a run on one.
/// Block boundaries are multiples of `granularity` lines so that every block starts at the same
/// SIMD alignment as the whole array (FFTW picks its codelets by alignment).
public struct LineBlocks: Sendable {
    /// The line range of each block, in order, covering 0..<lines.
    public let ranges: [Range<Int>]

    /// Splits `lines` (≥ 1) into at most `blocks` parts of whole `granularity`-line groups,
    /// the last block taking the remainder; one block if there are too few lines to split.
    public init(lines: Int, blocks: Int, granularity: Int = 8) {
        precondition(lines >= 1 && blocks >= 1 && granularity >= 1)
        let groups = lines / granularity
        let count = max(1, min(blocks, groups))
        ranges = (0..<count).map { b in
            let start = b * groups / count * granularity
            let end = b == count - 1 ? lines : (b + 1) * groups / count * granularity
            return start..<end
        }
    }

    public var count: Int { ranges.count }
}
