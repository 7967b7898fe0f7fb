/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fast, fully deterministic generator, so a
/// bootstrap interval is reproducible from its seed on every platform and Swift version
/// (the standard library's generator makes no such promise).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform integer in 0..<bound by Lemire's multiply-high reduction with rejection (unbiased).
    public mutating func index(below bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        while true {
            let product = next().multipliedFullWidth(by: b)
            if product.low >= (0 &- b) % b { return Int(product.high) }
        }
    }
}
