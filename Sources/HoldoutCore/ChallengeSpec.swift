import Foundation

/// A challenge (`Tasks/challenges/*.yaml`) groups tasks and the methods run on them.
public struct ChallengeSpec: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var summary: String
    /// The round evaluated by `holdout run` (the starter challenge is round 0).
    public var round: Int
    public var tasks: [TaskEntry]
    /// Methods run beside the tasks' ladders (built-ins, example plugins, submissions).
    public var methods: [MethodReference]
    /// A team's submissions accepted in any rolling 24 hours (`holdout submit`).
    public var submissionsPerDay: Int
    /// Share of each hidden split whose cases give Ladder feedback while a round is open; the
    /// rest decide the final ranking (docs/running-a-challenge.md, "Submissions").
    public var feedbackFraction: Double
    public var sourceHash: String

    public struct TaskEntry: Sendable, Codable, Equatable {
        /// Path of the task spec, relative to the `Tasks/` directory.
        public var path: String
        /// Case counts that replace the spec's, per split (a small starter size).
        public var cases: [String: Int]
        /// Names of the challenge's methods run on this task (nil: all of them), for methods
        /// that only make sense on some equations.
        public var methods: [String]?
    }

    public static func load(from url: URL, displayPath: String? = nil) throws -> ChallengeSpec {
        let file = displayPath ?? url.path
        guard FileManager.default.fileExists(atPath: url.path) else {
            // The display path may be relative to --repository, not to where the user stands.
            throw SpecError(file: file, line: 1, column: 1,
                            message: "no such file: \(url.standardizedFileURL.path) (a relative challenge path is resolved against --repository)")
        }
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
            throw SpecError(file: file, line: 1, column: 1, message: "cannot read the file as UTF-8 text")
        }
        return try parse(text, file: file)
    }

    public static func parse(_ text: String, file: String) throws -> ChallengeSpec {
        let root = try SpecNode.parse(text, file: file).mapping(allowed: [
            "id", "title", "summary", "round", "tasks", "methods", "submissions_per_day", "feedback_fraction",
        ])
        let tasks = try root.required("tasks", "a list of task entries").sequence().map { node in
            let map = try node.mapping(allowed: ["spec", "cases", "methods"])
            var cases: [String: Int] = [:]
            for (split, count) in try map["cases"]?.dictionary() ?? [] {
                let value = try count.int()
                guard value >= 1 else { throw count.error("'\(count.path)' must be >= 1; found \(value)") }
                cases[split] = value
            }
            return TaskEntry(path: try map.string("spec"), cases: cases, methods: try map["methods"]?.strings())
        }
        return ChallengeSpec(
            id: try root.string("id"),
            title: try root.string("title"),
            summary: try root.string("summary", default: ""),
            round: try root.int("round", default: 0, where: { $0 >= 0 }, ">= 0"),
            tasks: tasks,
            methods: try root["methods"]?.sequence().map(MethodReference.parse) ?? [],
            submissionsPerDay: try root.int("submissions_per_day", default: 5, where: { $0 >= 1 }, ">= 1"),
            feedbackFraction: try root.double("feedback_fraction", default: 0.5, where: { $0 > 0 && $0 < 1 }, "strictly between 0 and 1"),
            sourceHash: SHA256Digest.hex(of: Array(text.utf8)))
    }
}
