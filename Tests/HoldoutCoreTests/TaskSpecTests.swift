import Foundation
import HoldoutCore
import HoldoutTestSupport
import Testing

@Suite struct TaskSpecTests {
    static let valid = try! String(contentsOf: RepositoryPaths.burgersSpec, encoding: .utf8)

    @Test func loadsTheBurgersSpec() throws {
        let spec = try TaskSpec.load(from: RepositoryPaths.burgersSpec)
        #expect(spec.id == "burgers-1d")
        #expect(spec.observation.points == [128])
        #expect(spec.reference.points == [2048])
        #expect(spec.ladder.map(\.name) == ["spectral-32", "spectral-64", "spectral-128", "spectral-256"])
        #expect(spec.ladder[0].options["points"] == 32)
        #expect(spec.split(named: "test")?.visibility == .hidden)
        #expect(spec.split(named: "train")?.visibility == .public)
        #expect(spec.split(named: "test-ood")?.outOfDistribution == true)
        #expect(spec.scoring.headline == "vrmse")
        #expect(spec.observation.leadTimes.count == 10)
        #expect(spec.sourceHash.count == 64)
    }

    @Test func loadsTheStarterChallenge() throws {
        let challenge = try ChallengeSpec.load(from: RepositoryPaths.starterChallenge)
        #expect(challenge.round == 0)
        #expect(challenge.tasks.first?.path == "pde/burgers-1d.yaml")
        #expect(challenge.methods.contains { $0.source == .plugin("Plugins/examples/numpy-spectral") })
    }

    @Test func aMissingChallengeFileSaysItIsMissingAndWhere() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-dir/none.yaml")
        #expect {
            _ = try ChallengeSpec.load(from: missing, displayPath: "none.yaml")
        } throws: { error in
            "\(error)".hasPrefix("none.yaml:1:1: no such file: \(missing.path)")
        }
    }

    /// Replaces the first occurrence of `old` in the valid spec and returns the load error.
    func loadError(replacing old: String, with new: String) -> SpecError? {
        #expect(Self.valid.contains(old), "fixture text '\(old)' not in the spec")
        let text = Self.valid.replacingOccurrences(of: old, with: new, options: [], range: Self.valid.range(of: old))
        do {
            _ = try TaskSpec.parse(text, file: "broken.yaml")
            return nil
        } catch let error as SpecError {
            return error
        } catch {
            Issue.record("not a SpecError: \(error)")
            return nil
        }
    }

    func line(of text: String) -> Int {
        let lines = Self.valid.components(separatedBy: "\n")
        return (lines.firstIndex { $0.contains(text) } ?? -1) + 1
    }

    struct Broken: Sendable, CustomStringConvertible {
        var old: String
        var new: String
        /// The line (found by this text in the valid spec) and column the error must point at.
        var anchor: String
        var lineOffset = 0
        var column: Int
        var fragments: [String]
        var description: String { fragments.joined(separator: " ") }
    }

    static let broken: [Broken] = [
        Broken(old: "kind: pde", new: "kind: pde\ncolour: blue", anchor: "kind: pde", lineOffset: 1, column: 1,
               fragments: ["unknown key 'colour' at the top level", "expected one of"]),
        Broken(old: "  points: [128]", new: "  pionts: [128]", anchor: "  points: [128]", column: 3,
               fragments: ["unknown key 'pionts' in 'observation'", "did you mean 'points'"]),
        Broken(old: "  output_frames: 10", new: "  output_frames: ten", anchor: "output_frames", column: 18,
               fragments: ["'observation.output_frames' must be an integer", "found the string 'ten'"]),
        Broken(old: "  interval: 0.1", new: "  interval: -0.1", anchor: "interval: 0.1", column: 13,
               fragments: ["'observation.interval' must be > 0", "found -0.1"]),
        Broken(old: "  equation: burgers", new: "  equation: burger", anchor: "equation: burgers", column: 13,
               fragments: ["'physics.equation' must be one of: burgers", "did you mean 'burgers'"]),
        Broken(old: "  headline: vrmse", new: "  headline: crps", anchor: "headline: vrmse", column: 13,
               fragments: ["'scoring.headline' must be one of:", "found 'crps'"]),
        Broken(old: "version: 1.0.0", new: "version: one", anchor: "version: 1.0.0", column: 10,
               fragments: ["'version' must be a semantic version"]),
        Broken(old: "      range: [0.02, 0.08]", new: "      range: [0.08, 0.02]", anchor: "range: [0.02, 0.08]", column: 14,
               fragments: ["'physics.parameters.viscosity.range' must be [low, high] with low < high"]),
        Broken(old: "  points: [2048]", new: "  points: [2048, 2048]", anchor: "points: [2048]", column: 11,
               fragments: ["'reference.points' must list 1 even grid size"]),
        Broken(old: "  time_step: 0.0005", new: "  time_step: [0.0005]", anchor: "time_step: 0.0005", column: 14,
               fragments: ["'reference.time_step' must be a number", "found a list"]),
        Broken(old: "  parameter_inputs: [viscosity]", new: "  parameter_inputs: [diffusivity]", anchor: "parameter_inputs", column: 22,
               fragments: ["names 'diffusivity', which is not a parameter"]),
        Broken(old: "  test: {cases: 64}\n", new: "", anchor: "  train: {cases", column: 3,
               fragments: ["'splits' must define 'test'"]),
        Broken(old: "  members: 1", new: "  members: 0", anchor: "members: 1", column: 12,
               fragments: ["'observation.members' must be >= 1", "found 0"]),
        Broken(old: "  dealiasing: two-thirds", new: "  dealiasing: true", anchor: "dealiasing", column: 15,
               fragments: ["'reference.dealiasing' must be one of: two-thirds, none"]),
        Broken(old: "  - {name: spectral-32, builtin: reference-solver,", new: "  - {name: spectral-32, plugin: x, builtin: reference-solver,",
               anchor: "name: spectral-32", column: 5, fragments: ["'ladder[0]' must name exactly one of 'builtin' or 'plugin'"]),
        Broken(old: "  fields: [u]", new: "  fields: [u", anchor: "fields: [u]", column: 1,
               fragments: ["invalid YAML"]),
    ]

    @Test(arguments: broken)
    func brokenSpecsAreRejectedWithPositionAndExpectation(_ case: Broken) throws {
        let error = try #require(loadError(replacing: `case`.old, with: `case`.new), "spec was accepted")
        let rendered = error.description
        #expect(rendered.hasPrefix("broken.yaml:\(error.line):\(error.column): "))
        for fragment in `case`.fragments {
            #expect(rendered.contains(fragment), "\(rendered) lacks '\(fragment)'")
        }
        if `case`.fragments != ["invalid YAML"] {
            #expect(error.line == line(of: `case`.anchor) + `case`.lineOffset, "\(rendered)")
            #expect(error.column == `case`.column, "\(rendered)")
        } else {
            #expect(error.line >= line(of: `case`.anchor))
        }
    }

    @Test func seedsAreKeyedAndDistinct() {
        let key = Array(repeating: UInt8(7), count: 32)
        let a = SeedDerivation.seed(key: key, taskID: "burgers-1d", taskVersion: "1.0.0", split: "test", index: 0)
        let b = SeedDerivation.seed(key: key, taskID: "burgers-1d", taskVersion: "1.0.0", split: "test", index: 1)
        let c = SeedDerivation.seed(key: SeedDerivation.publicKey, taskID: "burgers-1d", taskVersion: "1.0.0", split: "test", index: 0)
        #expect(a != b && a != c)
        #expect(a == SeedDerivation.seed(key: key, taskID: "burgers-1d", taskVersion: "1.0.0", split: "test", index: 0))
        // HMAC-SHA256 known answer, computed independently with Python:
        // hmac.new(b'\x07'*32, b'burgers-1d\x1f1.0.0\x1ftest\x1f0', hashlib.sha256).hexdigest()
        #expect(a.hex == "7d6dcba17aaac0f92e9547d1f42dd3d6d4bd4deb59f99650de1c526048323477")
    }

    @Test func counterGeneratorIsUniformAndReproducible() {
        var first = CounterRNG(key: 42, stream: 1)
        var second = CounterRNG(key: 42, stream: 1)
        var other = CounterRNG(key: 42, stream: 2)
        let draws = (0..<20_000).map { _ in first.uniform() }
        #expect(draws == (0..<20_000).map { _ in second.uniform() })
        #expect(draws.prefix(10) != (0..<10).map { _ in other.uniform() }[...])
        let mean = draws.reduce(0, +) / Double(draws.count)
        #expect(abs(mean - 0.5) < 0.01)
        var normal = CounterRNG(key: 3, stream: 0)
        let gaussians = (0..<20_000).map { _ in normal.normal() }
        let variance = gaussians.map { $0 * $0 }.reduce(0, +) / Double(gaussians.count)
        #expect(abs(variance - 1) < 0.05)
    }
}
