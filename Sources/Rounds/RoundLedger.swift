import Foundation
import Harness

/// The organiser's record of a challenge's rounds, kept in its state directory
/// (`state/<challenge>/rounds.json`): which rounds exist, which one is open.
public struct RoundLedger: Codable, Sendable {
    public struct Entry: Codable, Sendable, Equatable {
        public var number: Int
        public var status: Status
        public var openedAt: Date
        public var closedAt: Date?
    }

    public enum Status: String, Codable, Sendable { case open, closed }

    public var rounds: [Entry] = []

    public var open: Entry? { rounds.last { $0.status == .open } }
    public var latest: Entry? { rounds.max { $0.number < $1.number } }

    static func url(workspace: Workspace, challenge: String) -> URL {
        workspace.state.appendingPathComponent(challenge).appendingPathComponent("rounds.json")
    }

    public static func load(workspace: Workspace, challenge: String) throws -> RoundLedger {
        let url = url(workspace: workspace, challenge: challenge)
        // Only a missing ledger is an empty one: an unreadable one must not restart the numbering.
        guard FileManager.default.fileExists(atPath: url.path) else { return RoundLedger() }
        let data = try Data(contentsOf: url)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(RoundLedger.self, from: data)
    }

    public func save(workspace: Workspace, challenge: String) throws {
        let url = Self.url(workspace: workspace, challenge: challenge)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}
