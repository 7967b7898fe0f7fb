import Datasets
import Foundation
import HoldoutCore
import HoldoutTestSupport
import Testing

@Suite struct VlasovPoissonSetupTests {
    let spec = try! TaskSpec.load(from: RepositoryPaths.fixtureRepository.appendingPathComponent("Tasks/pde/vlasov-tiny.yaml"))

    /// Cases have the declared phase-space shape [frames, N_x, N_v, 1], keep their mass (∫f dx dv
    /// = L_x, the ions' charge, to round-off through integration and spectral truncation), and
    /// are bit-identical for the same seed.
    @Test func casesHaveThePhaseSpaceShapeAndConserveMass() throws {
        let generator = try CaseGenerator(spec: spec)
        let test = try #require(spec.split(named: "test"))
        let item = generator.generateCase(split: test, index: 1, key: [7], seedOrigin: "x")
        #expect(item.inputs.shape == [1, 16, 32, 1] && item.targets.shape == [3, 16, 32, 1])
        #expect(item == generator.generateCase(split: test, index: 1, key: [7], seedOrigin: "x"))
        let cell = (4 * Double.pi / 16) * (16.0 / 32)
        for frame in 0..<3 {
            let mass = item.targets.slice(frame).values.reduce(0, +) * cell
            #expect(abs(mass - 4 * Double.pi) < 1e-12 * 4 * Double.pi, "frame \(frame): mass \(mass)")
        }
    }

    /// The OOD split's own initial condition is used: a pure Landau case with α ∈ [0.3, 0.4]
    /// has density 1 + α cos(…) (v-integral of the Maxwellian is 1), so its density range at t = 0
    /// swings by α ∈ [0.3, 0.4] around 1; the in-distribution swing is α ∈ [0.05, 0.2].
    @Test func outOfDistributionSplitUsesItsInitialCondition() throws {
        let setup = try Equations.setup(equation: "vlasov-poisson", lengths: spec.physics.lengths)
        let ood = try #require(spec.split(named: "test-ood")?.initialCondition)
        for (condition, range) in [(ood, 0.3...0.4), (spec.initialCondition, 0.05...0.2)] {
            for stream in 0..<4 {
                var rng = CounterRNG(key: 11, stream: UInt64(stream))
                let f = setup.initialCondition(condition, points: [32, 64], components: 1, using: &rng)
                let density = (0..<32).map { i in f[(i * 64)..<((i + 1) * 64)].reduce(0, +) * 0.25 }
                let alpha = (density.max()! - density.min()!) / 2
                // Sampling cos on 32 points underestimates its peak by at most 1 − cos(π/32) ≈ 0.5%.
                #expect(alpha >= 0.99 * range.lowerBound && alpha <= range.upperBound + 1e-9, "α = \(alpha)")
            }
        }
    }

    /// Padding then truncating returns the original to round-off (the resampling is exact on
    /// the coarse band), on both axes at once.
    @Test func resamplingPadsAndTruncatesExactly() throws {
        let setup = try Equations.setup(equation: "vlasov-poisson", lengths: [4 * Double.pi, 16])
        var rng = CounterRNG(key: 3, stream: 1)
        let f = setup.initialCondition(spec.initialCondition, points: [16, 32], components: 1, using: &rng)
        let fine = setup.resample(f, from: [16, 32], to: [32, 64], components: 1, method: "spectral-truncation")
        let back = setup.resample(fine, from: [32, 64], to: [16, 32], components: 1, method: "spectral-truncation")
        let error = zip(f, back).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
        #expect(error < 1e-12, "\(error)")
        // Coarse grid points are every other fine point: the trigonometric interpolant (Nyquist
        // halved between ±N/2) passes through the original samples.
        var interpolation = 0.0
        for i in 0..<16 {
            for j in 0..<32 { interpolation = max(interpolation, abs(fine[2 * i * 64 + 2 * j] - f[i * 32 + j])) }
        }
        #expect(interpolation < 1e-12, "\(interpolation)")
    }
}
