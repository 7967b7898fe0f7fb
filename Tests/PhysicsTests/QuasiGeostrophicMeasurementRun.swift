import Foundation
import Physics
import Testing

/// The spin-up runs behind docs/qg.md (energy and PV RMS every 60 days from a deterministic start,
/// eddy and jet). Minutes long; skipped unless QG_RUN is set:
///
///     QG_RUN=1 QG_POINTS=64 QG_YEARS=2 QG_SCALE=6e-6 swift test --filter QuasiGeostrophicMeasurementRun
///
/// (λ₁ and the decorrelation time: Benchmarks/Tools/QGMeasure, release build.)
@Suite(.enabled(if: ProcessInfo.processInfo.environment["QG_RUN"] != nil))
struct QuasiGeostrophicMeasurementRun {
    static let day = 86400.0
    static let length = 1e6
    var points: Int { Int(ProcessInfo.processInfo.environment["QG_POINTS"] ?? "64") ?? 64 }
    var years: Double { Double(ProcessInfo.processInfo.environment["QG_YEARS"] ?? "3") ?? 3 }
    var scale: Double { Double(ProcessInfo.processInfo.environment["QG_SCALE"] ?? "1e-6") ?? 1e-6 }

    /// A deterministic large-scale start (|m| ≤ 8), q RMS ≈ `scale` in each layer.
    static func start(_ n: Int, scale: Double) -> [Double] {
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

    static func layerRMS(_ state: [Double], _ layer: Int) -> Double {
        var sum = 0.0
        for p in stride(from: layer, to: state.count, by: 2) { sum += state[p] * state[p] }
        return (sum / Double(state.count / 2)).squareRoot()
    }

    /// Energy, q RMS per layer every 60 days from the deterministic start, for both configurations.
    @Test(arguments: ["eddy", "jet"]) func spinUp(configuration: String) {
        let n = points
        let p: QuasiGeostrophicSolver.Parameters = configuration == "eddy" ? .eddy : .jet
        let solver = QuasiGeostrophicSolver(points: (n, n), lengths: (Self.length, Self.length), parameters: p, timeStep: 7200)
        solver.load(Self.start(n, scale: scale))
        let stepsPer = Int(60 * Self.day / 7200)
        for block in 0...Int(years * 365 / 60) {
            if block > 0 { for _ in 0..<stepsPer { solver.step() } }
            let state = solver.state()
            print(String(format: "%@ %d² day %5.0f: E = %.4e m²/s², rms q1 = %.3e, q2 = %.3e", configuration, n,
                         Double(block) * 60, solver.energy, Self.layerRMS(state, 0), Self.layerRMS(state, 1)))
        }
    }
}
