import Foundation
import Testing
@testable import Scoring

/// AR(1) series x_t = φ x_{t−1} + √(1−φ²) ε_t (unit variance, mean 0): serially correlated
/// "initial times", whose sample mean has variance ≈ (1+φ)/(1−φ) / n, nine times the i.i.d. value at φ = 0.8.
func autoregressive(_ n: Int, phi: Double, seed: UInt64) -> [Double] {
    let noise = gaussians(n, seed: seed)
    var x = [noise[0]]
    for t in 1..<n { x.append(phi * x[t - 1] + (1 - phi * phi).squareRoot() * noise[t]) }
    return x
}

@Test func blockBootstrapCoversTheMeanOfAutocorrelatedCasesWhereTheIIDBootstrapDoesNot() throws {
    let replicates = 100, n = 200
    let iid = Bootstrap(resamples: 300, seed: 1)
    let block = Bootstrap(resamples: 300, seed: 1, blockLength: 20)
    var covered = (iid: 0, block: 0)
    var width = (iid: 0.0, block: 0.0)
    for r in 0..<replicates {
        let x = autoregressive(n, phi: 0.8, seed: 5000 + UInt64(r))
        let a = try iid.meanInterval(x), b = try block.meanInterval(x)
        if a.contains(0) { covered.iid += 1 }
        if b.contains(0) { covered.block += 1 }
        width.iid += a.upper - a.lower
        width.block += b.upper - b.lower
    }
    // i.i.d. resampling ignores the correlation: its interval is ≈ 1/3 of the right width and
    // covers the true mean about half the time; blocks of 20 (≫ the e-folding lag 4.5) recover most of it.
    #expect(width.block > 2 * width.iid, "mean widths \(width)")
    #expect(Double(covered.iid) / Double(replicates) < 0.75, "\(covered)")
    #expect(Double(covered.block) / Double(replicates) > 0.8, "\(covered)")
}

@Test func blockBootstrapOfIndependentCasesAgreesWithTheIIDBootstrap() throws {
    // Independent cases (the weather tasks' separate spin-ups): blocks change little.
    let x = gaussians(400, seed: 77)
    let a = try Bootstrap(resamples: 2000, seed: 3).meanInterval(x)
    let b = try Bootstrap(resamples: 2000, seed: 3, blockLength: 10).meanInterval(x)
    let ratio = (b.upper - b.lower) / (a.upper - a.lower)
    #expect(ratio > 0.8 && ratio < 1.25, "width ratio \(ratio)")
}
