import Crypto
import Foundation

/// Per-case seeds: HMAC-SHA256(key, task id ‖ task version ‖ split ‖ case index).
///
/// Hidden splits use the round's 256-bit secret as the key, so nobody can predict a hidden
/// case before the secret is revealed, and anyone can regenerate them after. Public splits use
/// a fixed, published key, so public data are unlimited and reproducible by anyone.
/// The split name is part of the message so that two hidden splits of one round never share
/// a case.
public enum SeedDerivation {
    /// The published key for public splits (train, validation).
    public static let publicKey = Array("holdout-public-splits-v1".utf8)

    public static func seed(key: [UInt8], taskID: String, taskVersion: String, split: String, index: Int) -> CaseSeed {
        // A 0x1F separator between fields rules out ambiguous concatenations ("a‖bc" vs "ab‖c").
        let message = [taskID, taskVersion, split, String(index)].joined(separator: "\u{1F}")
        let code = HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: key))
        return CaseSeed(bytes: Array(code))
    }
}

/// 32 bytes of seed material for one case.
public struct CaseSeed: Sendable, Equatable, Codable, Hashable {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public var hex: String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// A generator for one named stream of this case (initial condition, parameters, …), so that
    /// adding a new random quantity never shifts the values of the others.
    public func generator(stream: UInt64) -> CounterRNG {
        var key: UInt64 = 0
        for byte in bytes.prefix(8) { key = key << 8 | UInt64(byte) }
        var nonce: UInt64 = 0
        for byte in bytes.dropFirst(8).prefix(8) { nonce = nonce << 8 | UInt64(byte) }
        return CounterRNG(key: key ^ nonce &* 0x9E37_79B9_7F4A_7C15, stream: stream)
    }
}
