import Foundation
import Physics
import SolverFixtures

// Two-thread speed-up of the 2-D solvers, measured by interleaving: each round times one burst
// on one thread and one burst on two threads back to back, so both see the same machine load
// (the VM is shared; separate benchmark runs drift by more than the effect). Also a machine
// check: the serial burst alone against two serial solvers running at once on two threads,
// the most any two-thread split can gain on this machine at that moment.
//
//   swift build -c release --product ThreadSpeedup && .build/release/ThreadSpeedup [rounds]

let rounds = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 200

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
}

func median(_ x: [Double]) -> Double { let s = x.sorted(); return s[s.count / 2] }

/// Interleaves `serial` and `parallel` bursts; prints min, median and the median of the per-round ratio.
func compare(_ name: String, perBurst: Int, serial: () -> Void, parallel: () -> Void) {
    serial(); parallel()
    var a = [Double](), b = [Double]()
    for _ in 0..<rounds {
        a.append(seconds(serial))
        b.append(seconds(parallel))
    }
    let ratios = zip(a, b).map { $0 / $1 }
    let us = { (t: Double) in String(format: "%.0f", t * 1e6 / Double(perBurst)) }
    print("| \(name) | \(us(a.min()!)) | \(us(b.min()!)) | \(String(format: "%.2f", a.min()! / b.min()!)) | \(us(median(a))) | \(us(median(b))) | \(String(format: "%.2f", median(ratios))) |")
}

/// Runs `body(0)` here and `body(1)` on a second thread at the same time.
final class Pair: @unchecked Sendable {
    let go = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
    var body: ((Int) -> Void)?
    init() {
        Thread { [self] in while true { go.wait(); body!(1); done.signal() } }.start()
    }
    func run(_ b: @escaping (Int) -> Void) { body = b; go.signal(); b(0); done.wait() }
}

print("| per step, µs | 1 thread min | 2 threads min | speed-up (min) | 1 thread median | 2 threads median | speed-up (median of paired ratios) |")
print("|:--|--:|--:|--:|--:|--:|--:|")

func ns(_ threads: Int) -> NavierStokes2DSolver { SolverFixtures.navierStokes(threads: threads, spinUp: 200) }
let (ns1, ns2, nsOther) = (ns(1), ns(2), ns(1))
compare("NavierStokes2DSolver.step 256², threads 1 vs 2", perBurst: 5,
        serial: { for _ in 0..<5 { ns1.step() } }, parallel: { for _ in 0..<5 { ns2.step() } })
let pair = Pair()
let nsBoth: (Int) -> Void = { s in let solver = s == 0 ? ns1 : nsOther; for _ in 0..<5 { solver.step() } }
compare("machine check: 1 serial NS solver vs 2 at once", perBurst: 5,
        serial: { for _ in 0..<5 { ns1.step() } }, parallel: { pair.run(nsBoth) })

func qg(_ threads: Int) -> QuasiGeostrophicSolver { SolverFixtures.quasiGeostrophic(points: 256, threads: threads) }
let (qg1, qg2) = (qg(1), qg(2))
compare("QuasiGeostrophicSolver.step 256², threads 1 vs 2", perBurst: 5,
        serial: { for _ in 0..<5 { qg1.step() } }, parallel: { for _ in 0..<5 { qg2.step() } })

func vp(_ threads: Int) -> VlasovPoissonSolver { SolverFixtures.vlasov(threads: threads) }
let (vp1, vp2, vpOther) = (vp(1), vp(2), vp(1))
compare("VlasovPoissonSolver 128×256, threads 1 vs 2", perBurst: 10,
        serial: { vp1.advance(steps: 10, step: 0.05) }, parallel: { vp2.advance(steps: 10, step: 0.05) })
let vpBoth: (Int) -> Void = { s in (s == 0 ? vp1 : vpOther).advance(steps: 10, step: 0.05) }
compare("machine check: 1 serial Vlasov solver vs 2 at once", perBurst: 10,
        serial: { vp1.advance(steps: 10, step: 0.05) }, parallel: { pair.run(vpBoth) })
