import Foundation

extension Array where Element == Double {
    /// Doubles from little-endian f64 bytes (as the harness stores predictions), copied without
    /// assuming the bytes are aligned.
    public init(littleEndianBytes data: Data) {
        let count = data.count / 8
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            data.withUnsafeBytes { raw in
                for index in 0..<count {
                    buffer[index] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)))
                }
            }
            initialized = count
        }
    }
}
