import Foundation
import Physics

// Prints the Kuramoto–Sivashinsky solution at time T, one value per line, for the accuracy
// cross-check in Benchmarks/python/ks_exponax.py:  KSCompare N L dt T
// Initial condition (the same in the Python script): u0 = cos(kx)(1 + sin(kx)) + 0.3 cos(3kx + 0.4),
// k = 2π/L, ν = 1.
let arguments = CommandLine.arguments.dropFirst().compactMap(Double.init)
guard arguments.count == 4 else {
    FileHandle.standardError.write(Data("usage: KSCompare N L dt T\n".utf8))
    exit(2)
}
let (n, length, dt, tFinal) = (Int(arguments[0]), arguments[1], arguments[2], arguments[3])
let u0 = (0..<n).map { j -> Double in
    let kx = 2 * Double.pi * Double(j) / Double(n)
    return cos(kx) * (1 + sin(kx)) + 0.3 * cos(3 * kx + 0.4)
}
let solver = KuramotoSivashinskySolver(points: n, length: length, viscosity: 1, timeStep: dt)
let u = solver.integrate(initial: u0, outputTimes: [tFinal])[0]
print(u.map { String($0) }.joined(separator: "\n"))
