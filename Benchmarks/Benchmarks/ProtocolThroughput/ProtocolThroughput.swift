import Benchmark
import Foundation
import HoldoutCore
import MethodHost

// HPP/1 throughput for large arrays against a raw pipe copy of the same bytes.
//
// Both benchmarks push 64 MiB through the same child process (`/bin/cat`, unsandboxed, pipes
// enlarged to 1 MiB by ChildProcess) and read it back, so the pipe cost is identical. The HPP
// benchmark adds everything the protocol does on top: building the frame from a Field
// (JSON header, payload copy), and on the way back the length-prefix/header parsing, the
// payload-size check, and the validated decode of the array into a Field (shape, byte count,
// finiteness). Ratio reported in docs/performance.md: raw time / HPP time (target ≥ 0.5).

let megabytes = 64
let valueCount = megabytes << 17  // 8 Mi doubles = 64 MiB
let field = Field(axes: [.case, .member, .lead, Axis(.space, "x"), Axis(.component)],
                  shape: [8, 1, 16, valueCount / 128, 1],
                  values: (0..<valueCount).map { Double($0 % 1000) * 0.001 })

/// Reads frames back out of a byte buffer, through the real `ByteChannel.receive`.
final class BufferChannel: ByteChannel {
    let bytes: UnsafeRawBufferPointer
    var position = 0
    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
    func writeAll(_ bytes: UnsafeRawBufferPointer) throws {}
    func readExactly(into buffer: UnsafeMutableRawBufferPointer) throws {
        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[position..<(position + buffer.count)]))
        position += buffer.count
    }
}

func startCat() throws -> ChildProcess {
    try Sandbox.launch(["/bin/cat"], profile: .minimal(), limits: .unlimited, mode: .unsandboxed)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal],
                                           timeUnits: .milliseconds, maxDuration: .seconds(10), maxIterations: 40)

    Benchmark("raw pipe round trip, \(megabytes) MiB") { benchmark in
        let cat = try startCat()
        let bytes = field.values.withUnsafeBytes { Array($0) }
        var back = [UInt8](repeating: 0, count: bytes.count)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            try bytes.withUnsafeBytes { source in
                try back.withUnsafeMutableBytes { target in try cat.exchange(writing: source, readingInto: target, deadline: nil) }
            }
            blackHole(back[back.count - 1])
        }
        benchmark.stopMeasurement()
        _ = cat.terminate()
    }

    Benchmark("HPP frame round trip, \(megabytes) MiB (encode, pipe, receive, validate, decode)") { benchmark in
        let cat = try startCat()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let frame = try HPPFrame.make(HPP.Prediction(), arrays: [("outputs", field)])
            var wire = [UInt8]()
            wire.reserveCapacity(4 + frame.header.count + frame.payload.count)
            withUnsafeBytes(of: UInt32(frame.header.count).littleEndian) { wire.append(contentsOf: $0) }
            wire.append(contentsOf: frame.header)
            wire.append(contentsOf: frame.payload)
            var back = [UInt8](repeating: 0, count: wire.count)
            try wire.withUnsafeBytes { source in
                try back.withUnsafeMutableBytes { target in try cat.exchange(writing: source, readingInto: target, deadline: nil) }
            }
            let decoded = try back.withUnsafeBytes { raw in
                try BufferChannel(raw).receive(maximumPayloadBytes: 1 << 30).array(named: "outputs", expectedShape: field.shape)
            }
            blackHole(decoded.values[decoded.count - 1])
        }
        benchmark.stopMeasurement()
        _ = cat.terminate()
    }
}
