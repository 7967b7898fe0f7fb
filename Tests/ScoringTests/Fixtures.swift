import Foundation
import HoldoutCore
@testable import Scoring

/// Builds a 1-D prediction [member, lead, x, component] from per-member, per-lead rows.
func prediction1D(_ members: [[[Double]]], components: Int = 1) -> Field {
    let leads = members[0].count
    let n = members[0][0].count / components
    return Field(axes: [.member, .lead, Axis(.space, "x"), Axis(.component, "u")],
                 shape: [members.count, leads, n, components],
                 values: members.flatMap { $0.flatMap { $0 } })
}

/// Builds a 1-D target [lead, x, component].
func target1D(_ leads: [[Double]], components: Int = 1) -> Field {
    Field(axes: [.lead, Axis(.space, "x"), Axis(.component, "u")],
          shape: [leads.count, leads[0].count / components, components],
          values: leads.flatMap { $0 })
}

func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

/// Standard normal samples by Box–Muller from the deterministic SplitMix64.
func gaussians(_ count: Int, seed: UInt64) -> [Double] {
    var rng = SplitMix64(seed: seed)
    var out: [Double] = []
    while out.count < count {
        let u1 = (Double(rng.next() >> 11) + 0.5) / 9007199254740992.0
        let u2 = Double(rng.next() >> 11) / 9007199254740992.0
        let r = (-2 * log(u1)).squareRoot()
        out.append(r * cos(2 * .pi * u2))
        out.append(r * sin(2 * .pi * u2))
    }
    return Array(out.prefix(count))
}

func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.squareRoot()) }

/// Φ⁻¹ by bisection on erfc (independent of anything in Scoring).
func normalQuantile(_ p: Double) -> Double {
    var lo = -10.0, hi = 10.0
    for _ in 0..<200 {
        let mid = (lo + hi) / 2
        if normalCDF(mid) < p { lo = mid } else { hi = mid }
    }
    return (lo + hi) / 2
}
