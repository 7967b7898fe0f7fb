import Foundation
import HoldoutTestSupport
import Testing

/// Public data as a participant sees it: generated on demand, read with h5py, scored locally
/// with `holdout score`.
@Suite struct PublicDataTests {
    let repository = RepositoryPaths.fixtureRepository.path

    /// Runs the system Python (which has numpy and h5py, installed by the set-up script).
    func python(_ script: String, in directory: URL) throws -> String {
        try SystemPython.run(script, in: directory)
    }

    @Test func h5pyReadsAPublicSplitInTheWellsLayoutAndScoreMatchesAnIndependentComputation() throws {
        let directory = RepositoryPaths.temporaryDirectory("e2e-public-data")
        defer { try? FileManager.default.removeItem(at: directory) }
        let targets = directory.appendingPathComponent("validation.h5")
        let generated = try HoldoutBinary.run(["data", "generate", "--repository", repository, "--task", "burgers-tiny",
                                               "--split", "validation", "--output", targets.path])
        #expect(generated.status == 0, "\(generated.output)")

        // The Well's layout, as h5py sees it; then a persistence forecast and its vrmse, by numpy.
        let report = try python("""
            import h5py, numpy as np
            f = h5py.File("validation.h5", "r")
            assert f.attrs["dataset_name"] == "burgers-tiny" and f.attrs["n_spatial_dims"] == 1
            assert f.attrs["n_trajectories"] == 4 and list(f.attrs["simulation_parameters"]) == ["viscosity"]
            for group in ["t0_fields", "t1_fields", "t2_fields", "dimensions", "scalars", "boundary_conditions"]:
                assert group in f, group
            u = f["t0_fields/u"]
            assert u.shape == (4, 4, 32) and u.attrs["time_varying"] and u.attrs["sample_varying"], u.shape
            assert list(f["dimensions"].attrs["spatial_dims"]) == ["x"]
            assert f["dimensions/x"].shape == (32,) and f["dimensions/time"].shape == (4,)
            assert f["boundary_conditions/x_periodic"].attrs["bc_type"] == "PERIODIC"
            assert f["scalars/viscosity"].shape == (4,)
            assert f["holdout/case_id"].shape == (4,)
            inputs = int(f.attrs["holdout_input_frames"])
            data = u[()]
            f.close()
            target = data[:, inputs:, :]
            prediction = np.repeat(data[:, inputs - 1:inputs, :], target.shape[1], axis=1)
            mse = ((prediction - target) ** 2).mean(axis=2)
            vrmse = np.sqrt(mse / (target.var(axis=2) + 1e-7)).mean(axis=1)
            print("%.12f" % vrmse.mean())
            """, in: directory)
        try SystemPython.run(SystemPython.persistenceForecast, ["validation.h5", "persistence.h5"], in: directory)
        let expected = try #require(Double(report.trimmingCharacters(in: .whitespacesAndNewlines)), "\(report)")

        let scored = try HoldoutBinary.run(["score", "--repository", repository, "--task", "burgers-tiny", "--json",
                                            "--predictions", directory.appendingPathComponent("persistence.h5").path,
                                            "--targets", targets.path])
        #expect(scored.status == 0, "\(scored.output)")
        let summaries = try JSONSerialization.jsonObject(with: Data(scored.standardOutput.utf8)) as? [[String: Any]] ?? []
        let vrmse = try #require(summaries.first { $0["metric"] as? String == "vrmse" }?["mean"] as? Double)
        #expect(abs(vrmse - expected) < 1e-9 * max(1, expected), "holdout score \(vrmse) vs numpy \(expected)")
    }

    @Test func hiddenSplitsCannotBeGeneratedByParticipants() throws {
        let result = try HoldoutBinary.run(["data", "generate", "--repository", repository, "--task", "burgers-tiny",
                                            "--split", "test", "--output", "/tmp/never.h5"])
        #expect(result.status != 0)
        #expect(result.output.contains("split 'test' is hidden"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never.h5"))
    }
}
