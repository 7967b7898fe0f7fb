import Foundation
import Physics

/// Integrates the 2-D Navier–Stokes solver from a vorticity field in a raw little-endian float64
/// file (n·n values, x slow) and writes the field at the final time the same way. Used by
/// `Benchmarks/python/ns2d_vs_jaxcfd.py` to compare accuracy with jax-cfd on the same
/// initial condition (also prints the wall time per step).
///
///     NS2DAccuracy IN OUT n viscosity drag amplitude mode timeStep time [threads]
let args = CommandLine.arguments
guard args.count >= 10 else {
    FileHandle.standardError.write(Data("usage: NS2DAccuracy IN OUT n viscosity drag amplitude mode timeStep time [threads]\n".utf8))
    exit(2)
}
let n = Int(args[3])!
let (nu, drag, amplitude) = (Double(args[4])!, Double(args[5])!, Double(args[6])!)
let mode = Int(args[7])!
let (h, time) = (Double(args[8])!, Double(args[9])!)
let threads = args.count > 10 ? Int(args[10])! : 1
let data = try Data(contentsOf: URL(fileURLWithPath: args[1]))
let initial = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
precondition(initial.count == n * n, "expected \(n * n) doubles, got \(initial.count)")
let solver = NavierStokes2DSolver(points: (n, n), lengths: (2 * Double.pi, 2 * Double.pi), viscosity: nu, drag: drag,
                                  forcingAmplitude: amplitude, forcingMode: mode, timeStep: h, threads: threads)
let steps = solver.subSteps(for: time)
let clock = ContinuousClock()
let start = clock.now
let out = solver.integrate(initial: initial, outputTimes: [time])[0]
let elapsed = clock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
print(String(format: "steps %d  wall %.4f s  per step %.1f µs", steps, seconds, 1e6 * seconds / Double(steps)))
try out.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: args[2]))
