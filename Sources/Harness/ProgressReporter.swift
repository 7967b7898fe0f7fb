import Foundation

/// Progress for long steps on a terminal; silent when stderr is not a terminal (CI, pipes).
public final class ProgressReporter: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()

    public init(enabled: Bool = isatty(2) == 1) { self.enabled = enabled }

    /// Runs `work`, which calls `tick` once per unit done, and draws a progress line meanwhile.
    public func track<T>(_ label: String, total: Int, _ work: (@escaping @Sendable () -> Void) throws -> T) rethrows -> T {
        guard enabled, total > 0 else { return try work({}) }
        let counter = Counter()
        let start = Date()
        let draw: @Sendable (Int) -> Void = { [lock] done in
            lock.withLock {
                let elapsed = Date().timeIntervalSince(start)
                FileHandle.standardError.write(Data(String(format: "\r\u{1B}[K%@ %d/%d (%.1fs)", label, done, total, elapsed).utf8))
            }
        }
        draw(0)
        let result = try work { draw(counter.increment()) }
        FileHandle.standardError.write(Data("\n".utf8))
        return result
    }

    /// A one-line status message, shown only on a terminal.
    public func note(_ message: String) {
        guard enabled else { return }
        lock.withLock { FileHandle.standardError.write(Data("\(message)\n".utf8)) }
    }

    private final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func increment() -> Int { lock.withLock { value += 1; return value } }
    }
}
