import Foundation
import Physics

/// The 2-D solver set-ups shared by the `NS2DStep`, `VlasovStep` and `QGStep` benchmarks and
/// the `ThreadSpeedup` tool, so they all time the same states.
public enum SolverFixtures {
    /// Navier–Stokes in the Kochkov et al. / jax-cfd Kolmogorov setting (2π box, ν = 1e-3,
    /// α = 0.1, f = sin(4y), h = 0.0025), loaded with a smooth field and spun up for `spinUp`
    /// steps (800 steps, t = 2, reach the developed turbulent state).
    public static func navierStokes(points n: Int = 256, threads: Int, spinUp: Int = 800) -> NavierStokes2DSolver {
        let solver = NavierStokes2DSolver(points: (n, n), lengths: (2 * Double.pi, 2 * Double.pi), viscosity: 1e-3,
                                          drag: 0.1, forcingAmplitude: 1, forcingMode: 4, timeStep: 0.0025, threads: threads)
        var omega = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                let (x, y) = (2 * Double.pi * Double(i) / Double(n), 2 * Double.pi * Double(j) / Double(n))
                omega[i * n + j] = 3 * sin(3 * x + 0.2) * cos(2 * y) + 2 * cos(5 * x - 4 * y) + sin(x + 7 * y + 1)
            }
        }
        solver.load(omega)
        for _ in 0..<spinUp { solver.step() }
        return solver
    }

    /// Two-layer QG in pyqg's eddy configuration (L = 1000 km, h = 7200 s, the task's reference
    /// step), loaded with a smooth field of the equilibrated PV amplitude and advanced 20 steps.
    /// A step's cost does not depend on the state (fixed steps, no adaptivity).
    public static func quasiGeostrophic(points n: Int, threads: Int) -> QuasiGeostrophicSolver {
        let solver = QuasiGeostrophicSolver(points: (n, n), lengths: (1e6, 1e6), parameters: .eddy, timeStep: 7200,
                                            threads: threads)
        var q = [Double](repeating: 0, count: 2 * n * n)
        for i in 0..<n {
            for j in 0..<n {
                let (x, y) = (2 * Double.pi * Double(i) / Double(n), 2 * Double.pi * Double(j) / Double(n))
                q[2 * (i * n + j)] = 8e-6 * (sin(3 * x + 0.2) * cos(2 * y) + 0.5 * cos(5 * x - 4 * y) + 0.3 * sin(x + 7 * y + 1))
                q[2 * (i * n + j) + 1] = 1e-6 * (cos(2 * x - y) + 0.5 * sin(4 * x + 3 * y))
            }
        }
        solver.load(q)
        for _ in 0..<20 { solver.step() }
        return solver
    }

    /// The Vlasov–Poisson task's reference grid, N_x × N_v = 128 × 256, L = 4π, v_max = 8.
    public static let vlasovPoints = (x: 128, v: 256)
    public static let vlasovLength = 4 * Double.pi
    public static let vlasovVelocityMax = 8.0

    /// A Landau-type state (1 + 0.1 cos(x/2)) · Maxwellian on that grid, row-major [x, v].
    public static func vlasovInitial() -> [Double] {
        let (nx, nv) = vlasovPoints
        var f = [Double](repeating: 0, count: nx * nv)
        for i in 0..<nx {
            let x = Double(i) * vlasovLength / Double(nx)
            for j in 0..<nv {
                let v = -vlasovVelocityMax + Double(j) * 2 * vlasovVelocityMax / Double(nv)
                f[i * nv + j] = (1 + 0.1 * cos(0.5 * x)) * exp(-v * v / 2) / (2 * Double.pi).squareRoot()
            }
        }
        return f
    }

    /// A Vlasov–Poisson solver (h = 0.05) loaded with ``vlasovInitial()``.
    public static func vlasov(threads: Int) -> VlasovPoissonSolver {
        let solver = VlasovPoissonSolver(xPoints: vlasovPoints.x, vPoints: vlasovPoints.v, length: vlasovLength,
                                         velocityMax: vlasovVelocityMax, timeStep: 0.05, threads: threads)
        solver.load(vlasovInitial())
        return solver
    }
}
