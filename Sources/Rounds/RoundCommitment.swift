import Crypto
import Foundation
import HoldoutCore

/// What an organiser publishes when a round opens, before any submission is evaluated:
/// the SHA-256 of the round's secret and of the canonical bytes of its hidden test data, the
/// hashes of the task specs and of the challenge file, and the scorer version, optionally signed with the organiser's
/// Ed25519 key. Committed to the repository, which timestamps it.
public struct RoundCommitment: Codable, Sendable, Equatable {
    public var challenge: String
    public var round: Int
    public var openedAt: String
    public var secretSHA256: String
    /// SHA-256 over every task's test-data hash, in task order (`Evaluator.commitment`).
    public var testDataSHA256: String
    public var tasks: [TaskCommitment]
    /// SHA-256 of the challenge file (method lists, case counts, `feedback_fraction`: what
    /// decides the final ranking). Absent in commitments made before it was committed.
    public var challengeSHA256: String?
    public var scorerVersion: String
    public var harnessVersion: String
    public var signature: Signature?

    public struct TaskCommitment: Codable, Sendable, Equatable {
        public var id: String
        public var version: String
        public var specSHA256: String
        /// SHA-256 over the canonical bytes of this task's hidden cases (inputs and targets).
        public var testDataSHA256: String
        public var cases: [String: Int]
    }

    public struct Signature: Codable, Sendable, Equatable {
        public var algorithm: String
        public var publicKey: String
        public var value: String
    }

    /// The bytes that are signed: the commitment without its signature, as sorted-key JSON.
    public func signedBytes() throws -> Data {
        var unsigned = self
        unsigned.signature = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(unsigned)
    }

    public mutating func sign(with key: Curve25519.Signing.PrivateKey) throws {
        let value = try key.signature(for: signedBytes())
        signature = Signature(algorithm: "ed25519", publicKey: Self.hex(key.publicKey.rawRepresentation), value: Self.hex(value))
    }

    /// nil when unsigned; otherwise whether the signature verifies against its public key.
    public func signatureIsValid() throws -> Bool? {
        guard let signature else { return nil }
        guard signature.algorithm == "ed25519", let publicKey = Self.bytes(signature.publicKey), let value = Self.bytes(signature.value) else {
            return false
        }
        let key = try Curve25519.Signing.PublicKey(rawRepresentation: publicKey)
        return key.isValidSignature(value, for: try signedBytes())
    }

    static func hex(_ data: some DataProtocol) -> String { data.map { String(format: "%02x", $0) }.joined() }

    static func bytes(_ hex: String) -> Data? {
        guard hex.count % 2 == 0 else { return nil }
        var data = Data()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            data.append(byte)
            index = next
        }
        return data
    }
}
