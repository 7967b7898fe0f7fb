import Foundation
import HoldoutCore

/// Per-field mean and standard deviation of the training split, written beside the public
/// HDF5 files as `stats.yaml` in The Well's format (`mean:` and `std:` maps by field name), so
/// methods normalise with training statistics only, never with statistics of the test data.
public struct SplitStatistics: Sendable, Equatable {
    public var mean: [String: Double]
    public var std: [String: Double]

    /// Statistics over every frame (inputs and targets) and grid point of `cases`, per field.
    public init(cases: [GeneratedCase], fields: [String]) {
        var sums = [Double](repeating: 0, count: fields.count), squares = sums, counts = sums
        for item in cases {
            for field in [item.inputs, item.targets] {
                for (index, value) in field.values.enumerated() {
                    let c = index % fields.count
                    sums[c] += value
                    squares[c] += value * value
                    counts[c] += 1
                }
            }
        }
        var mean: [String: Double] = [:], std: [String: Double] = [:]
        for (c, name) in fields.enumerated() where counts[c] > 0 {
            let m = sums[c] / counts[c]
            mean[name] = m
            std[name] = max(squares[c] / counts[c] - m * m, 0).squareRoot()
        }
        self.mean = mean
        self.std = std
    }

    /// The Well's `stats.yaml` layout.
    public var yaml: String {
        func block(_ name: String, _ values: [String: Double]) -> String {
            "\(name):\n" + values.keys.sorted().map { "  \($0): \(values[$0]!)\n" }.joined()
        }
        return "# Per-field statistics of the public training split only (holdout).\n" + block("mean", mean) + block("std", std)
    }

    public func write(to url: URL) throws {
        try Data(yaml.utf8).write(to: url, options: .atomic)
    }
}
