#if canImport(Glibc)
import Glibc
#endif

/// The binary part of a frame, stored in 8-byte-aligned memory.
///
/// Large arrays dominate the protocol's cost, so the payload avoids copies: a frame carrying one
/// f64 array shares that array's storage (copy-on-write) instead of copying it into bytes, and a
/// received payload holding one f64 array becomes that array's `Field` storage directly.
public struct HPPPayload: Sendable {
    /// Backing store; its first `byteCount` bytes are the payload.
    private(set) var storage: [Double]
    public let byteCount: Int

    /// An empty payload.
    public init() {
        storage = []
        byteCount = 0
    }

    /// A payload that is exactly `values` (little-endian host), sharing their storage.
    init(sharing values: [Double]) {
        storage = values
        byteCount = values.count * 8
    }

    /// A payload of `byteCount` bytes filled by `fill`, which must initialise all of them.
    init(byteCount: Int, fill: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        let words = (byteCount + 7) / 8
        storage = try [Double](unsafeUninitializedCapacity: words) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            HPPPayload.preferHugePages(raw)
            if byteCount < raw.count { raw[byteCount..<raw.count].initializeMemory(as: UInt8.self, repeating: 0) }
            try fill(UnsafeMutableRawBufferPointer(rebasing: raw[0..<byteCount]))
            initialized = words
        }
        self.byteCount = byteCount
    }

    public var count: Int { byteCount }

    /// Asks for transparent huge pages on a large, freshly allocated buffer before it is first
    /// written: a 64 MiB payload then takes 32 page faults instead of 16 384, which is most of
    /// the difference between receiving a frame and a raw pipe copy into a reused buffer.
    /// Advisory only: where THP is off, nothing changes.
    static func preferHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        let hugePage = 2 << 20
        guard buffer.count >= 2 * hugePage, let base = buffer.baseAddress else { return }
        let start = (Int(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(hugePage - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, 14 /* MADV_HUGEPAGE */)
        #endif
    }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<byteCount])) }
    }

    /// The whole payload as doubles, without copying, when it is exactly `count` f64 values.
    func doubles(count: Int) -> [Double]? {
        count * 8 == byteCount && storage.count == count ? storage : nil
    }
}
