import Foundation
import HoldoutCore
import HoldoutTestSupport
import Testing

/// How a weather task declares its ensemble track (docs/task-spec.md, `observation.members`,
/// `scoring.ensemble_headline`, `baselines`).
@Suite struct EnsembleTrackSpecTests {
    static let url = RepositoryPaths.tasks.appendingPathComponent("weather/lorenz96.yaml")
    static let text = try! String(contentsOf: url, encoding: .utf8)

    @Test func lorenz96DeclaresBothTracksAndItsBaselines() throws {
        let spec = try TaskSpec.load(from: Self.url)
        #expect(spec.observation.members == 20)
        #expect(spec.scoring.headline == "rmse" && spec.scoring.ensembleHeadline == "crps")
        #expect(spec.scoring.bootstrapBlockLength == 1)
        #expect(spec.baselines.map(\.name) == ["persistence", "climatology", "climatology-ensemble", "damped-persistence", "ens-rk4-dt0.01"])
        #expect(spec.baselines.last?.options == ["time_step": 0.01, "perturbation": 0.1])
        let twoScale = try TaskSpec.load(from: RepositoryPaths.tasks.appendingPathComponent("weather/lorenz96-two-scale.yaml"))
        #expect(twoScale.scoring.ensembleHeadline == "crps" && twoScale.baselines.count == 5)
        // A PDE task has one track.
        #expect(try TaskSpec.load(from: RepositoryPaths.burgersSpec).scoring.ensembleHeadline == nil)
    }

    func error(_ old: String, _ new: String) throws -> SpecError {
        #expect(Self.text.contains(old))
        let broken = Self.text.replacingOccurrences(of: old, with: new)
        do {
            _ = try TaskSpec.parse(broken, file: "l96.yaml")
        } catch let error as SpecError {
            return error
        }
        throw SpecError(file: "l96.yaml", line: 0, column: 0, message: "accepted: \(new)")
    }

    @Test func ensembleMetricsNeedMembers() throws {
        let e = try error("  members: 20", "  members: 1")
        #expect(e.description.contains("'crps' needs an ensemble track"), "\(e)")
        #expect(e.line == Self.text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("  metrics:") }! + 1)
    }

    @Test func ensembleHeadlineMustBeListedAndNeedsMembers() throws {
        let missing = try error("correlation-time, crps, spread-skill]", "correlation-time]")
        #expect(missing.description.contains("must list the ensemble headline 'crps'"), "\(missing)")
        let noTrack = try error("  members: 20", "  members: 1")
        #expect(noTrack.description.contains("needs an ensemble track"))
        let deterministicOnly = Self.text.replacingOccurrences(of: "  members: 20", with: "  members: 1")
            .replacingOccurrences(of: ", crps, spread-skill]", with: "]")
        do {
            _ = try TaskSpec.parse(deterministicOnly, file: "l96.yaml")
            Issue.record("ensemble_headline accepted without members")
        } catch let e as SpecError {
            #expect(e.description.contains("'ensemble_headline' needs 'observation.members' ≥ 2"), "\(e)")
        }
        let wrongHeadline = try error("  ensemble_headline: crps", "  ensemble_headline: rmse")
        #expect(wrongHeadline.description.contains("must be one of: crps"), "\(wrongHeadline)")
    }

    @Test func bootstrapBlockLengthIsPositive() throws {
        let e = try error("  bootstrap_block_length: 1", "  bootstrap_block_length: 0")
        #expect(e.description.contains("'scoring.bootstrap_block_length' must be >= 1"), "\(e)")
    }
}
