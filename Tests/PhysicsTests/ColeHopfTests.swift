import Foundation
import Physics
import Testing

@Suite struct ColeHopfTests {
    /// The residual u_t + u u_x − ν u_xx of the closed form, by centred finite differences
    /// (independent of the formula's derivation), is at the differencing error level.
    @Test func satisfiesBurgers() {
        let s = Fixtures.coleHopf
        let dx = 1e-3, dt = 1e-3
        for x in stride(from: 0.0, to: 2 * Double.pi, by: 0.37) {
            for t in [0.0, 0.4, 1.3] {
                let u = s.velocity(at: x, time: t)
                let ut = (s.velocity(at: x, time: t + dt) - s.velocity(at: x, time: t - dt)) / (2 * dt)
                let up = s.velocity(at: x + dx, time: t), um = s.velocity(at: x - dx, time: t)
                let ux = (up - um) / (2 * dx)
                let uxx = (up - 2 * u + um) / (dx * dx)
                #expect(abs(ut + u * ux - s.viscosity * uxx) < 1e-6)
            }
        }
    }

    @Test func isPeriodicWithZeroMean() {
        let s = Fixtures.coleHopf
        #expect(abs(s.velocity(at: 0.3, time: 0.2) - s.velocity(at: 0.3 + 2 * Double.pi, time: 0.2)) < 1e-13)
        let u = s.velocity(points: 64, time: 0.5)
        #expect(abs(u.reduce(0, +) / 64) < 1e-14)
    }
}
