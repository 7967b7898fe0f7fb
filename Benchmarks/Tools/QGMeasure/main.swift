import Foundation
import Physics

// Spin-up and predictability of the two-layer QG model (docs/qg.md). `spinup`: energy and q RMS
// every 60 days from the deterministic start below (scale = upper-layer q RMS). Otherwise: λ₁
// (Benettin, LyapunovEstimator,
// separation 1e-8 relative to ‖q‖, renormalised daily, first 50 intervals discarded) and the 1/e
// decorrelation time of q (autocorrelation pooled over both layers and all grid points, daily
// samples), after a 3-year spin-up from a deterministic large-scale start (q RMS ≈ 6e-6 s⁻¹);
// h = 7200 s, L = 1000 km. Release build, run from Benchmarks/:
//
//     swift build -c release --product QGMeasure
//     .build/release/QGMeasure eddy 256 500     # configuration, grid, measured days
//     .build/release/QGMeasure spinup eddy 64 4 1e-6   # configuration, grid, years, scale
var arguments = CommandLine.arguments
let spinUpOnly = arguments.count > 1 && arguments[1] == "spinup"
if spinUpOnly { arguments.remove(at: 1) }
let configuration = arguments.count > 1 ? arguments[1] : "eddy"
let n = arguments.count > 2 ? Int(arguments[2])! : 64
let days = arguments.count > 3 ? Int(arguments[3])! : 1000
let maxLag = arguments.count > 4 ? Int(arguments[4])! : 120
let day = 86400.0
let parameters: QuasiGeostrophicSolver.Parameters = configuration == "jet" ? .jet : .eddy
let solver = QuasiGeostrophicSolver(points: (n, n), lengths: (1e6, 1e6), parameters: parameters, timeStep: 7200)

/// A deterministic large-scale start (|m| ≤ 8), upper-layer q RMS ≈ `scale`, lower 0.3×.
func start(scale: Double) -> [Double] {
    var out = [Double](repeating: 0, count: 2 * n * n)
    for i in 0..<n {
        for j in 0..<n {
            let (x, y) = (2 * Double.pi * Double(i) / Double(n), 2 * Double.pi * Double(j) / Double(n))
            var (a, b) = (0.0, 0.0)
            for m in 1...8 {
                let phase = Double(m) * 2.399963
                a += sin(Double(m) * x + Double(m % 3) * y + phase) / Double(m)
                b += cos(Double(m % 4) * x + Double(m) * y + 0.5 * phase) / Double(m)
            }
            out[2 * (i * n + j)] = scale * a
            out[2 * (i * n + j) + 1] = 0.3 * scale * b
        }
    }
    return out
}

func layerRMS(_ state: [Double], _ layer: Int) -> Double {
    var sum = 0.0
    for p in stride(from: layer, to: state.count, by: 2) { sum += state[p] * state[p] }
    return (sum / Double(state.count / 2)).squareRoot()
}

if spinUpOnly {
    let years = arguments.count > 3 ? Double(arguments[3])! : 3
    let scale = arguments.count > 4 ? Double(arguments[4])! : 1e-6
    solver.load(start(scale: scale))
    for block in 0...Int(years * 365 / 60) {
        if block > 0 { for _ in 0..<(60 * 12) { solver.step() } }
        let state = solver.state()
        print(String(format: "%@ %d² day %5.0f: E = %.4e m²/s², rms q1 = %.3e, q2 = %.3e", configuration, n,
                     Double(block) * 60, solver.energy, layerRMS(state, 0), layerRMS(state, 1)))
    }
    exit(0)
}

let clock = Date()
var state = start(scale: 6e-6)
state.withUnsafeMutableBufferPointer { solver.advance($0, steps: 3 * 365 * 12) }
print(String(format: "%@ %d²: after the 3-year spin-up rms q1 = %.3e, q2 = %.3e s⁻¹, E = %.4e m²/s² (%.0f s)", configuration, n,
             layerRMS(state, 0), layerRMS(state, 1), solver.energy, Date().timeIntervalSince(clock)))
let norm = state.reduce(0) { $0 + $1 * $1 }.squareRoot()
let lyapunov = LyapunovEstimator.largestExponent(of: solver, initial: state, transientSteps: 0, stepsPerRenormalisation: 12,
                                                 renormalisations: days, discard: 50, separation: 1e-8 * norm, batches: 10)
let correlation = LyapunovEstimator.autocorrelation(of: solver, initial: state, observed: 0..<solver.dimension,
                                                    transientSteps: 0, stepsPerSample: 12, samples: days, maxLag: maxLag)
let decorrelation = LyapunovEstimator.eFoldingTime(correlation, lagTime: day)
print(String(format: "%@ %d² h=7200: lambda1 = %.4e ± %.4e s⁻¹ (%.4f ± %.4f per day; %d daily renormalisations)", configuration, n,
             lyapunov.exponent, lyapunov.standardError, lyapunov.exponent * day, lyapunov.standardError * day, lyapunov.samples))
if let decorrelation {
    print(String(format: "%@ %d² e-folding time = %.4e s (%.2f days; ACF from %d days)", configuration, n, decorrelation,
                 decorrelation / day, days))
} else {
    print("\(configuration) \(n)² e-folding time > \(maxLag) days (ACF from \(days) days)")
}
print("\(configuration) \(n)² ACF at lags 0, 5, … days:", stride(from: 0, through: maxLag, by: 5).map { String(format: "%.3f", correlation[$0]) }.joined(separator: " "))
print(String(format: "total %.0f s", Date().timeIntervalSince(clock)))
