import Datasets
import Foundation
import HoldoutTestSupport
import HoldoutCore

/// Small datasets whose values follow simple formulas, so that expected values can be worked
/// out by hand (e.g. u[b, t, i] = 100 b + 10 t + i + 0.5, hence u[1, 2, 3] = 123.5).
enum WellFileFixtures {
    /// B = 2 trajectories, T = 3 times, 4 points in x; field u (case, lead, x).
    static func oneDimensional() -> WellDataset {
        var u = Field(axes: [.case, .lead, Axis(.space, "x")], shape: [2, 3, 4])
        for b in 0..<2 { for t in 0..<3 { for i in 0..<4 { u[b, t, i] = Double(100 * b + 10 * t + i) + 0.5 } } }
        return WellDataset(
            datasetName: "kuramoto_sivashinsky_1d", trajectoryCount: 2, spatialDimensions: ["x"],
            coordinates: ["x": [0, 0.25, 0.5, 0.75]], time: [0, 0.1, 0.2],
            scalars: ["nu": [0.01, 0.02], "forcing": [1, 1]], t0Fields: [.init("u", u)],
            attributes: ["task_id": .string("ks-1d"), "task_version": .int(3), "split": .string("public-train"),
                         "seed_origin": .string("public seeds 0..<2"), "domain_length": .double(22),
                         "tags": .strings(["chaotic", "1d"]), "lead_steps": .doubles([1, 2, 3])],
            holdoutMetadata: ["case_id": .strings(["case-0000", "case-0001"]), "start_time": .doubles([0, 50]),
                              "out_of_distribution": .bools([false, true]), "seed_index": .ints([0, 1])])
    }

    /// B = 2, T = 2, 3 × 2 grid; t0 field p (case, lead, x, y), t1 field velocity
    /// (case, lead, x, y, component) with v[b, t, i, j, c] = 1000 b + 100 t + 10 i + j + c / 4.
    static func twoDimensional() -> WellDataset {
        let space = [Axis(.space, "x"), Axis(.space, "y")]
        var p = Field(axes: [.case, .lead] + space, shape: [2, 2, 3, 2])
        var velocity = Field(axes: [.case, .lead] + space + [Axis(.component, "velocity")], shape: [2, 2, 3, 2, 2])
        for b in 0..<2 { for t in 0..<2 { for i in 0..<3 { for j in 0..<2 {
            p[b, t, i, j] = -Double(b + t + i + j)
            for c in 0..<2 { velocity[b, t, i, j, c] = Double(1000 * b + 100 * t + 10 * i + j) + Double(c) / 4 }
        } } } }
        return WellDataset(
            datasetName: "navier_stokes_2d", trajectoryCount: 2, spatialDimensions: ["x", "y"],
            coordinates: ["x": [0, 1, 2], "y": [0, 3]], time: [0, 0.5],
            scalars: ["viscosity": [1e-3, 1e-3]], t0Fields: [.init("p", p)], t1Fields: [.init("velocity", velocity)])
    }

    /// The one-dimensional dataset as a prediction with an ensemble of 3 members:
    /// u (case, member, lead, x) with u[b, m, t, i] = 100 b + 10 t + i + m / 8.
    static func withMembers() -> WellDataset {
        var dataset = oneDimensional()
        var u = Field(axes: [.case, .member, .lead, Axis(.space, "x")], shape: [2, 3, 3, 4])
        for b in 0..<2 { for m in 0..<3 { for t in 0..<3 { for i in 0..<4 {
            u[b, m, t, i] = Double(100 * b + 10 * t + i) + Double(m) / 8
        } } } }
        dataset.t0Fields = [.init("u", u)]
        dataset.attributes["kind"] = .string("prediction")
        return dataset
    }

    /// A fresh empty directory under the system's temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("holdout-well-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `/usr/bin/python3 -c script arguments…` and returns its standard output.
    static func python(_ script: String, _ arguments: [String]) throws -> String {
        try SystemPython.run(script, arguments)
    }
}
