import Crypto
import Foundation
import HoldoutCore

/// A round's 256-bit secret, kept in the organiser's state directory with mode 0600.
public struct RoundSecret: Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// SHA-256 of the secret: published before the round is evaluated, checked at the reveal.
    public var commitment: String { SHA256Digest.hex(of: bytes) }

    /// Loads the round's secret, drawing a fresh one from the system's CSPRNG the first time.
    public static func loadOrCreate(in directory: URL) throws -> RoundSecret {
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let url = directory.appendingPathComponent("secret")
        if let data = try? Data(contentsOf: url) {
            guard data.count == 32 else { throw HarnessError("\(url.path) holds \(data.count) bytes; a round secret has 32") }
            return RoundSecret(bytes: Array(data))
        }
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Array($0) }
        guard manager.createFile(atPath: url.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw HarnessError("cannot write the round secret to \(url.path)")
        }
        return RoundSecret(bytes: bytes)
    }
}

/// An error of the harness itself, phrased for the organiser.
public struct HarnessError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
