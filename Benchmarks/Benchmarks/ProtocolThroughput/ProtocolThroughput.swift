import Benchmark
import Foundation
import HoldoutCore
import MethodHost

// HPP/1 throughput for a large prediction against a raw pipe copy of the same bytes.
//
// Both benchmarks move 64 MiB through one pipe (enlarged to 1 MiB, as ChildProcess does for
// plugins) from a writer thread to the measuring thread. The raw benchmark writes a byte buffer
// and reads it into a reused buffer: the floor. The HPP benchmark does what a plugin and the
// harness do: the writer builds a `prediction` frame from a Field and sends it (length prefix,
// JSON header, payload); the reader receives it (header parsing, size check against the limit),
// decodes and validates the array (shape, byte count, every value finite) into a fresh Field.
// docs/performance.md reports raw time / HPP time (target ≥ 0.5).

let megabytes = 64
let valueCount = megabytes << 17  // 8 Mi doubles
let field = Field(axes: [.case, .member, .lead, Axis(.space, "x"), Axis(.component)],
                  shape: [8, 1, 16, valueCount / 128, 1],
                  values: (0..<valueCount).map { Double($0 % 1000) * 0.001 })
let rawBytes = field.values.withUnsafeBytes { Array($0) }

func makePipe() -> (read: Int32, write: Int32) {
    var fds: [Int32] = [0, 0]
    precondition(pipe(&fds) == 0)
    for fd in fds { _ = fcntl(fd, 1031 /* F_SETPIPE_SZ */, Int32(1 << 20)) }
    return (fds[0], fds[1])
}

/// Runs `writer` on its own thread while the caller reads; joins before returning.
func withWriter(_ writer: @escaping @Sendable () -> Void, read: () throws -> Void) rethrows {
    let done = DispatchSemaphore(value: 0)
    Thread { writer(); done.signal() }.start()
    try read()
    done.wait()
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal],
                                           timeUnits: .milliseconds, maxDuration: .seconds(10), maxIterations: 40)

    Benchmark("raw pipe copy, \(megabytes) MiB") { benchmark in
        let (readFD, writeFD) = makePipe()
        defer { close(readFD); close(writeFD) }
        var target = [UInt8](repeating: 0, count: rawBytes.count)
        let channel = FileDescriptorChannel(input: readFD, output: writeFD)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            try withWriter({ rawBytes.withUnsafeBytes { try! channel.writeAll($0) } }) {
                try target.withUnsafeMutableBytes { try channel.readExactly(into: $0) }
            }
            blackHole(target[target.count - 1])
        }
        benchmark.stopMeasurement()
    }

    Benchmark("HPP prediction frame, \(megabytes) MiB (encode, send, receive, validate, decode)") { benchmark in
        let (readFD, writeFD) = makePipe()
        defer { close(readFD); close(writeFD) }
        let channel = FileDescriptorChannel(input: readFD, output: writeFD)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var decoded: Field?
            try withWriter({ try! channel.send(HPPFrame.make(HPP.Prediction(), arrays: [("outputs", field)])) }) {
                decoded = try channel.receive(maximumPayloadBytes: 1 << 30).array(named: "outputs", expectedShape: field.shape)
            }
            blackHole(decoded!.values[valueCount - 1])
        }
        benchmark.stopMeasurement()
    }
}
