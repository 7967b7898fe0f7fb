import Crypto
import Foundation

/// The one JSON encoding every published file uses.
///
/// Keys are sorted, output is pretty-printed with a trailing newline, slashes are not
/// escaped, and numbers use Swift's shortest round-trip representation (the same `Double`
/// always gives the same digits, and decoding gives back the same `Double`). Non-finite
/// numbers, which JSON cannot carry, are written as the strings `"NaN"`, `"Infinity"`,
/// `"-Infinity"` rather than making encoding fail. So equal values give equal bytes, and
/// "did anything change?" is a hash comparison.
public enum CanonicalJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(type, from: data)
    }
}

extension LeaderboardDocument {
    /// The bytes of `leaderboard.json`.
    public func canonicalJSON() throws -> Data { try CanonicalJSON.encode(self) }

    /// Decodes `leaderboard.json`.
    public static func decode(from data: Data) throws -> LeaderboardDocument {
        try CanonicalJSON.decode(LeaderboardDocument.self, from: data)
    }
}

/// SHA-256 as lowercase hex, the form every hash in a manifest takes.
enum SHA256Hex {
    static func of(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    static func of(_ string: String) -> String { of(Data(string.utf8)) }
}
