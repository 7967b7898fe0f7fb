import Foundation

/// Plants a round secret in a workspace before a run, where the harness would draw one: for
/// tests that compare methods on the hidden cases and must not depend on which cases a random
/// secret happens to draw, or that need two runs on the same hidden cases.
public enum RoundSecretFixture {
    /// A fixed 256-bit secret.
    public static let fixed = Data((0..<32).map { UInt8(($0 * 37 + 11) & 0xFF) })

    /// Writes `secret` as round `round` of `challenge` into the workspace's organiser state.
    public static func plant(_ secret: Data = fixed, challenge: String, round: Int = 0, in workspace: URL) throws {
        let state = workspace.appendingPathComponent("state/\(challenge)/round-\(round)")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard FileManager.default.createFile(atPath: state.appendingPathComponent("secret").path, contents: secret,
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
    }
}
