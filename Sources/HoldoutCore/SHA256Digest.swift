import Crypto
import Foundation

/// SHA-256 helpers: every hash Holdout records or publishes is lower-case hex SHA-256.
public enum SHA256Digest {
    public static func hex(of bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    public static func hex(ofFile url: URL) throws -> String {
        hex(of: try Data(contentsOf: url))
    }

    /// Hash of the canonical bytes of a field: axes and shape as JSON, then values as
    /// little-endian IEEE-754 doubles. Equal fields give equal hashes on every machine.
    public static func hex(of field: Field) -> String {
        var hasher = SHA256()
        let header = field.axes.map(\.name).joined(separator: ",") + "|" + field.shape.map(String.init).joined(separator: ",") + "|"
        hasher.update(data: Array(header.utf8))
        field.values.withUnsafeBufferPointer { buffer in
            var littleEndian = [UInt64]()
            littleEndian.reserveCapacity(buffer.count)
            for value in buffer { littleEndian.append(value.bitPattern.littleEndian) }
            littleEndian.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
