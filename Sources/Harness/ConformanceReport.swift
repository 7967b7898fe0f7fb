import Foundation

/// What `holdout plugin check` found, one line per topic, in words a plugin author can act on.
public struct ConformanceReport: Sendable {
    public enum Severity: String, Sendable, Comparable {
        case ok, note, warning, problem

        public static func < (a: Severity, b: Severity) -> Bool {
            let order: [Severity] = [.ok, .note, .warning, .problem]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    public struct Finding: Sendable {
        public var severity: Severity
        /// A short, stable label (manifest, handshake, training, shapes, determinism, …) tests match on.
        public var topic: String
        public var message: String

        public init(_ severity: Severity, _ topic: String, _ message: String) {
            self.severity = severity
            self.topic = topic
            self.message = message
        }
    }

    public var plugin: String
    public var task: String
    public var findings: [Finding] = []

    public init(plugin: String, task: String) {
        self.plugin = plugin
        self.task = task
    }

    public var problems: [Finding] { findings.filter { $0.severity == .problem } }
    public var passed: Bool { problems.isEmpty }

    mutating func add(_ severity: Severity, _ topic: String, _ message: String) {
        findings.append(Finding(severity, topic, message))
    }

    /// The report as printed: a heading, one line per finding, and a verdict.
    public func render() -> String {
        var lines = ["plugin: \(plugin)", "task:   \(task)", ""]
        for finding in findings {
            let label: String
            switch finding.severity {
            case .ok: label = "ok     "
            case .note: label = "note   "
            case .warning: label = "WARNING"
            case .problem: label = "PROBLEM"
            }
            lines.append("\(label) \(finding.topic): \(finding.message)")
        }
        let warnings = findings.filter { $0.severity == .warning }.count
        lines.append("")
        lines.append(passed
            ? "PASSED: the plugin conforms to HPP/1 on this task" + (warnings > 0 ? " (\(warnings) warning(s))." : ".")
            : "FAILED: \(problems.count) problem(s) to fix before submitting.")
        return lines.joined(separator: "\n")
    }
}
