import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The last bytes of a child's stderr, drained continuously by a thread of its own.
///
/// Why a thread: a child that writes more to stderr than the pipe holds blocks until someone
/// reads, and the harness may be busy writing a large request at that moment; draining stderr
/// independently of the protocol makes that deadlock impossible. Only the tail is kept (a ring
/// buffer), so a chatty or hostile plugin cannot exhaust the harness's memory.
final class StandardErrorCollector: Sendable {
    struct Ring {
        var storage: [UInt8]
        var start = 0
        var count = 0
        var total = 0

        init(capacity: Int) { storage = [UInt8](repeating: 0, count: max(1, capacity)) }

        mutating func append(_ bytes: UnsafeRawBufferPointer) {
            total += bytes.count
            let capacity = storage.count
            // Only the last `capacity` bytes of this chunk can survive.
            let tail = bytes.count > capacity ? UnsafeRawBufferPointer(rebasing: bytes.suffix(capacity)) : bytes
            for byte in tail {
                storage[(start + count) % capacity] = byte
                if count < capacity { count += 1 } else { start = (start + 1) % capacity }
            }
        }

        var contents: [UInt8] {
            (0..<count).map { storage[(start + $0) % storage.count] }
        }
    }

    private let ring: Mutex<Ring>
    private let stop = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts draining `fd` (the parent's non-blocking read end); the collector closes it.
    init(fd: Int32, capacity: Int) {
        ring = Mutex(Ring(capacity: capacity))
        Thread.detachNewThread { [self] in drain(fd) }
    }

    private func drain(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 16384)
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        loop: while true {
            let stopping = stop.load(ordering: .acquiring)
            let ready = poll(&descriptor, 1, stopping ? 0 : 100)
            if ready < 0 && errno != EINTR { break }
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    buffer.withUnsafeBytes { bytes in
                        ring.withLock { $0.append(UnsafeRawBufferPointer(rebasing: bytes[0..<count])) }
                    }
                } else if count == 0 {
                    break loop
                } else if errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            if stopping { break }
        }
        close(fd)
        finished.signal()
    }

    /// Waits up to `grace` for end-of-file, then stops draining.
    func finish(grace: Duration) {
        let nanos = Int(grace.components.seconds) * 1_000_000_000 + Int(grace.components.attoseconds / 1_000_000_000)
        if finished.wait(timeout: .now() + .nanoseconds(nanos)) == .success {
            finished.signal()
            return
        }
        stop.store(true, ordering: .releasing)
        finished.wait()
        finished.signal()
    }

    /// The kept tail.
    var bytes: [UInt8] { ring.withLock { $0.contents } }
    /// Bytes written to stderr in total.
    var totalBytes: Int { ring.withLock { $0.total } }
}

extension ChildProcess {
    /// The last bytes the child wrote to stderr (at most `standardErrorCapacity`).
    public var standardErrorTail: [UInt8] { standardError.bytes }

    /// The stderr tail as text (invalid UTF-8 repaired), for logs and error messages.
    public var standardErrorText: String { String(decoding: standardError.bytes, as: UTF8.self) }

    /// Bytes the child wrote to stderr in total, including those no longer kept.
    public var standardErrorTotalBytes: Int { standardError.totalBytes }
}
