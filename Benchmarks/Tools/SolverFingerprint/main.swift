import Foundation
import Physics

// Not a benchmark: bit fingerprints of the ETDRK4 solvers' states after fixed runs, to check
// that a refactor of a kernel leaves its results bit for bit unchanged (run before and after on
// the same machine and compare; FFTW may take other SIMD paths on another CPU). Used for the QG
// layer-at-a-time kernel and the shared ETDRK4 coefficient table (docs/performance.md).
//
//   swift build -c release --product SolverFingerprint && .build/release/SolverFingerprint

func fingerprint(_ s: [Double]) -> String {
    var h: UInt64 = 1469598103934665603
    for v in s { h = (h ^ v.bitPattern) &* 1099511628211 }
    return String(h, radix: 16)
}

for n in [64, 256] {
    let steps = n == 64 ? 400 : 20
    let solver = QuasiGeostrophicSolver(points: (n, n), lengths: (1e6, 1e6), parameters: .eddy, timeStep: 7200)
    var q = [Double](repeating: 0, count: 2 * n * n)
    for i in 0..<n {
        for j in 0..<n {
            let (x, y) = (2 * Double.pi * Double(i) / Double(n), 2 * Double.pi * Double(j) / Double(n))
            q[2 * (i * n + j)] = 8e-6 * (sin(3 * x + 0.2) * cos(2 * y) + 0.5 * cos(5 * x - 4 * y) + 0.3 * sin(x + 7 * y + 1) + 0.01 * sin(Double(i * 7 + j * 13)))
            q[2 * (i * n + j) + 1] = 1e-6 * (cos(2 * x - y) + 0.5 * sin(4 * x + 3 * y))
        }
    }
    solver.load(q)
    for _ in 0..<steps { solver.step() }
    print("qg \(n)² after \(steps) steps", fingerprint(solver.state()), "energy", solver.energy)
}

do {
    let n = 64
    let ns = NavierStokes2DSolver(points: (n, n), lengths: (2 * Double.pi, 2 * Double.pi), viscosity: 1e-3, drag: 0.1,
                                  forcingAmplitude: 1, forcingMode: 4, timeStep: 0.01)
    ns.load((0..<(n * n)).map { j in sin(Double(j % n) * 0.3) + cos(Double(j / n) * 0.2) + 0.1 * sin(Double(j)) })
    for _ in 0..<300 { ns.step() }
    print("navier-stokes 64²", fingerprint(ns.state()))
    let burgers = BurgersSolver(points: 128, length: 2 * Double.pi, viscosity: 0.02, timeStep: 0.01)
    burgers.load((0..<128).map { sin(2 * Double.pi * Double($0) / 128) + 0.3 * cos(6 * Double.pi * Double($0) / 128) })
    for _ in 0..<300 { burgers.step() }
    print("burgers 128", fingerprint(burgers.state()))
    let ks = KuramotoSivashinskySolver(points: 128, length: 64, timeStep: 0.05)
    ks.load((0..<128).map { cos(2 * Double.pi * Double($0) / 128) * (1 + sin(2 * Double.pi * Double($0) / 128)) })
    for _ in 0..<1000 { ks.step() }
    print("kuramoto-sivashinsky 128", fingerprint(ks.state()))
}
