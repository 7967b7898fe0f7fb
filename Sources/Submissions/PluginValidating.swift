import Foundation
import Harness
import HoldoutCore
import MethodHost

/// The validation step of a submission.
public protocol PluginValidating: Sendable {
    /// The problems found with the plugin at `directory` (empty: valid).
    func problems(of directory: URL) throws -> [String]
}

/// Validation by the conformance run of `holdout plugin check` (built-in 32-point Burgers
/// task, real sandbox and protocol), in a throw-away workspace. Refuses to run the plugin
/// unsandboxed: no participant code runs outside a sandbox.
public struct ConformanceValidator: PluginValidating {
    public let holdoutExecutable: URL

    public init(holdoutExecutable: URL) { self.holdoutExecutable = holdoutExecutable }

    public func problems(of directory: URL) throws -> [String] {
        guard Sandbox.isAvailable() else {
            return ["bubblewrap is not usable on this harness, and submissions never run outside the sandbox"]
        }
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("holdout-submit-check-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: workspace) }
        let spec = try ConformanceTask.spec()
        let report = try PluginConformance(pluginDirectory: directory, spec: spec, taskLabel: "\(spec.id) (built in)", options: [:],
                                           workspaceRoot: workspace, holdoutExecutable: holdoutExecutable, isolation: .bubblewrap).run()
        return report.problems.map { "\($0.topic): \($0.message)" }
    }
}
