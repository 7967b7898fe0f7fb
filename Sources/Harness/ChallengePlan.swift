import Foundation
import HoldoutCore

/// A challenge with its task specs loaded and the challenge's case counts applied.
public struct ChallengePlan: Sendable {
    public let challenge: ChallengeSpec
    public let tasks: [TaskSpec]
    /// The repository the challenge's relative paths (Tasks/, Plugins/) are resolved against.
    public let repository: URL

    /// Loads `challengeFile` and the task specs it names (relative to `<repository>/Tasks`).
    public static func load(challengeFile: URL, repository: URL) throws -> ChallengePlan {
        let challenge = try ChallengeSpec.load(from: challengeFile, displayPath: relativePath(challengeFile, to: repository))
        let tasks = try challenge.tasks.map { entry -> TaskSpec in
            let url = repository.appendingPathComponent("Tasks").appendingPathComponent(entry.path)
            var spec = try TaskSpec.load(from: url, displayPath: relativePath(url, to: repository))
            for (name, count) in entry.cases {
                guard let index = spec.splits.firstIndex(where: { $0.name == name }) else {
                    throw SpecError(file: relativePath(challengeFile, to: repository), line: 1, column: 1,
                                    message: "task '\(spec.id)' has no split '\(name)' (its splits: \(spec.splits.map(\.name).joined(separator: ", ")))")
                }
                spec.splits[index].cases = count
            }
            return spec
        }
        let known = Set(challenge.methods.map(\.name))
        for entry in challenge.tasks {
            for name in entry.methods ?? [] where !known.contains(name) {
                throw SpecError(file: relativePath(challengeFile, to: repository), line: 1, column: 1,
                                message: "task entry '\(entry.path)' lists method '\(name)', which is not in 'methods' (\(known.sorted().joined(separator: ", ")))")
            }
        }
        return ChallengePlan(challenge: challenge, tasks: tasks, repository: repository)
    }

    static func relativePath(_ url: URL, to base: URL) -> String {
        let path = url.standardizedFileURL.path, root = base.standardizedFileURL.path + "/"
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }

    /// The methods evaluated on `task`: its ladder first, then its baselines, then the
    /// challenge's methods (those the task entry lists, when it lists any). A challenge method
    /// with a baseline's name replaces it, so no name runs twice.
    public func methods(for task: TaskSpec) -> [(reference: MethodReference, isLadder: Bool)] {
        let entry = tasks.firstIndex(of: task).map { challenge.tasks[$0] }
        let chosen = challenge.methods.filter { method in entry?.methods.map { $0.contains(method.name) } ?? true }
        let baselines = task.baselines.filter { baseline in !chosen.contains { $0.name == baseline.name } }
        return task.ladder.map { ($0, true) } + baselines.map { ($0, false) } + chosen.map { ($0, false) }
    }
}
