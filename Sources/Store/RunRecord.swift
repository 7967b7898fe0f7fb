import Foundation
import GRDB

/// One method evaluated on one task of one challenge round.
public struct RunRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "run"

    public var id: String
    public var challenge: String
    public var round: Int
    public var taskID: String
    public var taskVersion: String
    public var specHash: String
    public var methodName: String
    public var methodVersion: String
    public var methodKind: String
    public var track: String
    public var language: String
    public var pluginHash: String
    public var sandboxProfileHash: String
    public var sandboxed: Bool
    public var status: Status
    public var failureReason: String?
    public var trainWallSeconds: Double?
    public var trainCPUSeconds: Double?
    public var startupSeconds: Double?
    public var createdAt: Date
    public var updatedAt: Date

    public enum Status: String, Codable, Sendable { case pending, training, predicting, complete, failed }

    public init(id: String, challenge: String, round: Int, taskID: String, taskVersion: String, specHash: String,
                methodName: String, methodVersion: String, methodKind: String, track: String, language: String,
                pluginHash: String, sandboxProfileHash: String, sandboxed: Bool, status: Status = .pending) {
        self.id = id
        self.challenge = challenge
        self.round = round
        self.taskID = taskID
        self.taskVersion = taskVersion
        self.specHash = specHash
        self.methodName = methodName
        self.methodVersion = methodVersion
        self.methodKind = methodKind
        self.track = track
        self.language = language
        self.pluginHash = pluginHash
        self.sandboxProfileHash = sandboxProfileHash
        self.sandboxed = sandboxed
        self.status = status
        createdAt = Date()
        updatedAt = createdAt
    }
}
