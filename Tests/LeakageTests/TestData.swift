import HoldoutCore

/// Deterministic test data: Gaussian vectors and planted near duplicates at an exact distance.
enum TestData {
    static func gaussian(_ n: Int, key: UInt64, stream: UInt64) -> [Double] {
        var rng = CounterRNG(key: key, stream: stream)
        return (0..<n).map { _ in rng.normal() }
    }

    static func field(_ values: [Double]) -> Field {
        Field(axes: [Axis(.space, "x")], shape: [values.count], values: values)
    }

    /// (x − x̄)/‖x − x̄‖, written out here rather than taken from the code under test.
    static func unit(_ x: [Double]) -> [Double] {
        let mean = x.reduce(0, +) / Double(x.count)
        let centred = x.map { $0 - mean }
        let norm = centred.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return centred.map { $0 / norm }
    }

    /// A vector whose normalised form is at chord distance exactly `distance` from that of
    /// `base`: cos φ · û + sin φ · ŵ with ŵ a unit vector orthogonal to û and to the constant
    /// vector, φ = 2 arcsin(d/2), then rescaled by 4.5 and offset by −2 (which the normalisation
    /// undoes).
    static func planted(near base: [Double], distance: Double, key: UInt64, stream: UInt64) -> [Double] {
        let u = unit(base)
        var w = unit(gaussian(base.count, key: key, stream: stream))
        let projection = zip(w, u).reduce(0) { $0 + $1.0 * $1.1 }
        w = unit(zip(w, u).map { $0 - projection * $1 })
        let phi = 2 * asinApprox(distance / 2)
        return zip(u, w).map { 4.5 * (cosApprox(phi) * $0 + sinApprox(phi) * $1) - 2 }
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
func asinApprox(_ x: Double) -> Double { asin(x) }
func cosApprox(_ x: Double) -> Double { cos(x) }
func sinApprox(_ x: Double) -> Double { sin(x) }
