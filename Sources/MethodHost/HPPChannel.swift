import Foundation

/// A byte stream HPP frames travel over: the plugin's pipes seen from the harness (with
/// deadlines), or stdin/stdout seen from inside a plugin.
public protocol ByteChannel {
    /// Writes all bytes or throws.
    func writeAll(_ bytes: UnsafeRawBufferPointer) throws
    /// Fills `buffer` completely or throws (end of stream is an error).
    func readExactly(into buffer: UnsafeMutableRawBufferPointer) throws
}

extension ByteChannel {
    /// Sends one frame: length prefix, header, payload.
    public func send(_ frame: HPPFrame) throws {
        var length = UInt32(frame.header.count).littleEndian
        try withUnsafeBytes(of: &length) { try writeAll($0) }
        try frame.header.withUnsafeBytes { try writeAll($0) }
        try frame.payload.withUnsafeBytes { try writeAll($0) }
    }

    /// Receives one frame, refusing headers over 1 MiB and payloads over `maximumPayloadBytes`
    /// before reading them (a header that lies about its size cannot make the harness allocate).
    public func receive(maximumPayloadBytes: Int) throws -> HPPFrame {
        var length: UInt32 = 0
        try withUnsafeMutableBytes(of: &length) { try readExactly(into: $0) }
        let headerBytes = Int(UInt32(littleEndian: length))
        guard headerBytes > 0, headerBytes <= HPPFrame.maximumHeaderBytes else {
            throw HPPError.malformed("header length \(headerBytes) is outside 1…\(HPPFrame.maximumHeaderBytes) bytes (is the plugin printing to stdout?)")
        }
        var header = Data(count: headerBytes)
        try header.withUnsafeMutableBytes { try readExactly(into: $0) }
        var frame = HPPFrame(header: header)
        let declared = try frame.envelope().payloadBytes ?? 0
        guard declared >= 0 else { throw HPPError.malformed("negative payload_bytes \(declared)") }
        guard declared <= maximumPayloadBytes else {
            throw HPPError.tooLarge("payload of \(declared) bytes exceeds the limit of \(maximumPayloadBytes)")
        }
        frame.payload = try HPPPayload(byteCount: declared) { buffer in
            if declared > 0 { try readExactly(into: buffer) }
        }
        return frame
    }
}

/// Blocking file descriptors, as a plugin sees stdin and stdout.
public struct FileDescriptorChannel: ByteChannel, Sendable {
    public let input: Int32
    public let output: Int32

    public init(input: Int32 = 0, output: Int32 = 1) {
        self.input = input
        self.output = output
    }

    public func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let written = write(output, bytes.baseAddress! + done, bytes.count - done)
            if written < 0 {
                if errno == EINTR { continue }
                throw HPPError.unexpected("write failed: \(String(cString: strerror(errno)))")
            }
            done += written
        }
    }

    public func readExactly(into buffer: UnsafeMutableRawBufferPointer) throws {
        var done = 0
        while done < buffer.count {
            let got = read(input, buffer.baseAddress! + done, buffer.count - done)
            if got < 0 {
                if errno == EINTR { continue }
                throw HPPError.unexpected("read failed: \(String(cString: strerror(errno)))")
            }
            if got == 0 { throw HPPError.unexpected("end of stream after \(done) of \(buffer.count) bytes") }
            done += got
        }
    }
}
