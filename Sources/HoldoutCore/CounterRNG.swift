/// A counter-based generator: the n-th output is a pure function of (key, stream, n).
///
/// Each output is SplitMix64's finaliser applied to key ⊕ mix(stream) + n·γ, which passes
/// BigCrush as a stream generator. Being counter-based, draws are reproducible on every
/// machine and independent of how the work is split across threads or shards.
public struct CounterRNG: RandomNumberGenerator, Sendable {
    private let base: UInt64
    private var counter: UInt64 = 0

    public init(key: UInt64, stream: UInt64) {
        base = key ^ CounterRNG.mix(stream &+ 0x632B_E59B_D9B4_E019)
    }

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func next() -> UInt64 {
        counter &+= 1
        return CounterRNG.mix(base &+ counter &* 0x9E37_79B9_7F4A_7C15)
    }

    /// Uniform on [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Standard normal by Box–Muller (the cosine branch only, so one call is one draw).
    public mutating func normal() -> Double {
        let u1 = 1 - uniform()
        let u2 = uniform()
        return (-2 * logarithm(u1)).squareRoot() * cosine(2 * .pi * u2)
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) private func logarithm(_ x: Double) -> Double { Glibc.log(x) }
@inline(__always) private func cosine(_ x: Double) -> Double { Glibc.cos(x) }
#else
import Darwin
@inline(__always) private func logarithm(_ x: Double) -> Double { Darwin.log(x) }
@inline(__always) private func cosine(_ x: Double) -> Double { Darwin.cos(x) }
#endif
