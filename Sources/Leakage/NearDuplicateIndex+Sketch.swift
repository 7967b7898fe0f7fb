import Dispatch
import HoldoutCore

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

extension NearDuplicateIndex {
    /// What the index keeps of one case: its canonical hash, its normalised direction (nil for
    /// a constant case) and its L bucket keys.
    struct Sketch: Sendable {
        var hash: String
        var unit: [Float]?
        var keys: [UInt64]
    }

    /// Canonical hash of flattened values: the SHA-256 of the values as a one-axis field, so
    /// that shape and axis names do not hide a duplicate.
    static func flatHash(_ values: [Double]) -> String {
        SHA256Digest.hex(of: Field(axes: [Axis(.space, "flat")], shape: [values.count], values: values))
    }

    /// Hash, normalise (x − x̄)/‖x − x̄‖ in double precision, store in single precision, and key
    /// by the signs of the L·K projections.
    func prepare(_ values: [Double]) -> Sketch {
        let hash = Self.flatHash(values)
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        var sumSquares = 0.0
        for v in values { sumSquares += (v - mean) * (v - mean) }
        let norm = sumSquares.squareRoot()
        // A field whose spread is at rounding level of its mean is constant for our purpose.
        guard norm > 0, norm > 1e-12 * abs(mean) * n.squareRoot() else {
            return Sketch(hash: hash, unit: nil, keys: [])
        }
        let unit = values.map { Float(($0 - mean) / norm) }
        var keys = [UInt64](repeating: 0, count: tableCount)
        projections.withUnsafeBufferPointer { rows in
            unit.withUnsafeBufferPointer { x in
                for t in 0..<tableCount {
                    var key: UInt64 = 0
                    for b in 0..<bitsPerTable {
                        let row = rows.baseAddress! + (t * bitsPerTable + b) * dimension
                        if Self.dot(row, x.baseAddress!, dimension) >= 0 { key |= 1 << UInt64(b) }
                    }
                    keys[t] = key
                }
            }
        }
        return Sketch(hash: hash, unit: unit, keys: keys)
    }

    func prepareInParallel(_ cases: [[Double]]) -> [Sketch] {
        var sketches = [Sketch?](repeating: nil, count: cases.count)
        sketches.withUnsafeMutableBufferPointer { output in
            let out = UnsafeSendable(output)
            parallelFor(cases.count) { i in out.value[i] = prepare(cases[i]) }
        }
        return sketches.map { $0! }
    }

    /// Σ aᵢbᵢ in single precision, eight lanes at a time.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 16 <= n {
            acc0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            acc1 += ra.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self)
            i += 16
        }
        var sum = (acc0 + acc1).sum()
        while i < n {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// ‖a − b‖₂ in single precision with the sum of squares accumulated in eight lanes.
    @inline(__always)
    static func distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 8 <= n {
            let d = ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                - rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            acc += d * d
            i += 8
        }
        var sum = acc.sum()
        while i < n {
            let d = a[i] - b[i]
            sum += d * d
            i += 1
        }
        return sum.squareRoot()
    }

    static func power(_ x: Double, _ k: Int) -> Double { pow(x, Double(k)) }
    static func logarithm(_ x: Double) -> Double { log(x) }
}

func arcsine(_ x: Double) -> Double { asin(x) }

/// A value handed to worker threads that write disjoint elements of it.
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Runs `body(i)` for i in 0..<count on all cores in contiguous chunks (a few per core, so
/// uneven work still balances).
func parallelFor(_ count: Int, _ body: (Int) -> Void) {
    guard count > 1 else {
        if count == 1 { body(0) }
        return
    }
    let chunks = min(count, 64)
    withoutActuallyEscaping(body) { body in
        let work = UnsafeSendable(body)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = chunk * count / chunks
            let end = (chunk + 1) * count / chunks
            for i in start..<end { work.value(i) }
        }
    }
}
