import Foundation
import HoldoutCore

/// The task `holdout plugin check` runs a plugin on when no `--task` is given.
///
/// Built in (not read from Tasks/) so the check works from any directory, with no repository,
/// and takes seconds: a 32-point Burgers problem with the same layout, message and axis
/// conventions as the real tasks (one field, one input frame, a parameter input, and a
/// resolution-shift split on 64 points), so a plugin that passes here speaks the protocol the
/// real tasks use.
public enum ConformanceTask {
    public static let yaml = """
        # Built-in task of `holdout plugin check` (Sources/Harness/ConformanceTask.swift).
        id: plugin-check-burgers
        version: 1.0.0
        title: Tiny 1D Burgers for conformance checks
        physics:
          equation: burgers
          domain: {lengths: [6.283185307179586]}
          parameters:
            viscosity: {distribution: log-uniform, range: [0.05, 0.1]}
        initial_condition: {kind: random-fourier, max_wavenumber: 3}
        reference: {solver: etdrk4, points: [64], time_step: 0.01}
        observation:
          points: [32]
          output_frames: 3
          interval: 0.1
          parameter_inputs: [viscosity]
        splits:
          train: {cases: 8}
          validation: {cases: 4}
          test: {cases: 6}
          test-fine: {cases: 3, observation: {points: [64]}}
        scoring: {metrics: [rmse, vrmse], headline: vrmse}
        budgets:
          batch_size: 3
          train: {wall_seconds: 60, memory_mb: 2048}
          predict: {wall_seconds: 10, memory_mb: 1024}
        """

    /// The built-in spec, parsed.
    public static func spec() throws -> TaskSpec {
        try TaskSpec.parse(yaml, file: "<built-in plugin-check task>")
    }

    /// A spec cut down for a check: its first hidden split, with at most two batches of cases,
    /// so a check of a real task stays short while still crossing a batch boundary, and one
    /// batch of its first resolution-shift split, if any, so the finer grid is asked for too.
    public static func shrink(_ spec: TaskSpec) -> TaskSpec {
        var spec = spec
        let first = spec.splits.first { $0.visibility == .hidden }?.name
        let finer = spec.splits.first { $0.visibility == .hidden && $0.isResolutionShift }?.name
        spec.splits = spec.splits.compactMap { split in
            guard split.visibility == .hidden else { return split }
            guard split.name == first || split.name == finer else { return nil }
            var split = split
            split.cases = min(split.cases, (split.name == first ? 2 : 1) * spec.budgets.batchSize)
            return split
        }
        spec.ladder = []
        spec.baselines = []
        return spec
    }
}
