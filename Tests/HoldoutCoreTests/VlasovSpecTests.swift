import Foundation
import HoldoutCore
import HoldoutTestSupport
import Testing

/// The Vlasov–Poisson initial-condition keys: parsed, split overrides kept, errors at file:line:col.
@Suite struct VlasovSpecTests {
    static let url = RepositoryPaths.fixtureRepository.appendingPathComponent("Tasks/pde/vlasov-tiny.yaml")
    static let valid = try! String(contentsOf: url, encoding: .utf8)

    @Test func parsesPlasmaInitialConditionsAndSplitOverrides() throws {
        let spec = try TaskSpec.load(from: Self.url)
        #expect(spec.physics.equation == "vlasov-poisson" && spec.physics.lengths.count == 2)
        #expect(spec.initialCondition.kind == "plasma-mixture")
        #expect(spec.initialCondition.amplitudeRange == [0.05, 0.2] && spec.initialCondition.modeRange == [1, 1])
        #expect(spec.initialCondition.beamVelocityRange == [1.5, 2.0] && spec.initialCondition.twoStreamFraction == 0.5)
        let ood = try #require(spec.split(named: "test-ood")?.initialCondition)
        #expect(ood.kind == "landau-damping" && ood.amplitudeRange == [0.3, 0.4] && ood.beamVelocityRange == nil)
        #expect(spec.split(named: "test")?.initialCondition == nil)
        let task = try TaskSpec.load(from: RepositoryPaths.root.appendingPathComponent("Tasks/pde/vlasov-poisson-1d1v.yaml"))
        #expect(task.reference.points == [128, 256] && task.observation.points == [32, 64])
    }

    @Test(arguments: [
        ("amplitude_range: [0.05, 0.2]", "amplitude_range: [0.05, 1.5]", "0 ≤ low ≤ high < 1"),
        ("kind: plasma-mixture", "kind: random-fourier", "must be one of: landau-damping, two-stream, plasma-mixture"),
        ("modes: [1, 1]}", "modes: [0, 1]}", "1 ≤ lowest ≤ highest"),
        ("{kind: landau-damping, amplitude_range", "{kind: landau-damping, two_stream_fraction: 0.5, amplitude_range",
         "only for the kind plasma-mixture"),
    ])
    func brokenPlasmaSpecsFailAtTheirNode(old: String, new: String, fragment: String) throws {
        #expect(Self.valid.contains(old))
        let text = Self.valid.replacingOccurrences(of: old, with: new)
        let line = (Self.valid.components(separatedBy: "\n").firstIndex { $0.contains(old) } ?? -1) + 1
        do {
            _ = try TaskSpec.parse(text, file: "broken.yaml")
            Issue.record("'\(new)' was accepted")
        } catch let error as SpecError {
            #expect(error.file == "broken.yaml" && error.line == line && error.column > 1, "\(error)")
            #expect(error.message.contains(fragment), "\(error)")
        }
    }
}
