#if canImport(Glibc)
import Glibc
#endif

extension ChildProcess {
    // MARK: Writing

    /// Writes all of `bytes` to the child's stdin before `deadline`.
    public func write(_ bytes: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant?) throws(ChildProcessError) {
        _ = try pump(write: bytes, read: nil, readAll: true, deadline: deadline)
    }

    /// Writes all of `bytes` to the child's stdin before `deadline`.
    public func write(_ bytes: some Collection<UInt8>, deadline: ContinuousClock.Instant?) throws(ChildProcessError) {
        let failure: ChildProcessError?? = bytes.withContiguousStorageIfAvailable { buffer in
            do throws(ChildProcessError) {
                try write(UnsafeRawBufferPointer(buffer), deadline: deadline)
                return nil
            } catch {
                return error
            }
        }
        switch failure {
        case .some(.some(let error)): throw error
        case .some(.none): return
        case .none: break
        }
        let copy = Array(bytes)
        let copyFailure: ChildProcessError? = copy.withUnsafeBytes { buffer in
            do throws(ChildProcessError) {
                try write(buffer, deadline: deadline)
                return nil
            } catch {
                return error
            }
        }
        if let copyFailure { throw copyFailure }
    }

    /// Closes the child's stdin, so it reads end-of-file.
    public func closeStandardInput() {
        state.withLock { state in
            if state.stdinFD >= 0 {
                close(state.stdinFD)
                state.stdinFD = -1
            }
        }
    }

    // MARK: Reading

    /// Fills `buffer` completely from the child's stdout before `deadline`.
    public func read(into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant?) throws(ChildProcessError) {
        _ = try pump(write: nil, read: buffer, readAll: true, deadline: deadline)
    }

    /// Reads exactly `count` bytes from the child's stdout before `deadline`.
    public func read(exactly count: Int, deadline: ContinuousClock.Instant?) throws(ChildProcessError) -> [UInt8] {
        var failure: ChildProcessError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(ChildProcessError) {
                try read(into: UnsafeMutableRawBufferPointer(buffer), deadline: deadline)
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Reads what is available (at least one byte, at most `maximum`) before `deadline`;
    /// returns an empty array at end-of-file.
    public func readSome(upTo maximum: Int = 65536, deadline: ContinuousClock.Instant?) throws(ChildProcessError) -> [UInt8] {
        var failure: ChildProcessError?
        let bytes = [UInt8](unsafeUninitializedCapacity: maximum) { buffer, initialized in
            do throws(ChildProcessError) {
                initialized = try pump(write: nil, read: UnsafeMutableRawBufferPointer(buffer), readAll: false, deadline: deadline)
            } catch .closed {
                initialized = 0
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Reads stdout until end-of-file (the child closed it or exited).
    public func readToEnd(deadline: ContinuousClock.Instant?) throws(ChildProcessError) -> [UInt8] {
        var all: [UInt8] = []
        while true {
            let chunk = try readSome(deadline: deadline)
            if chunk.isEmpty { return all }
            all += chunk
        }
    }

    // MARK: Both at once

    /// Writes `request` while reading `response` in full, both before `deadline`. A child that
    /// answers while still reading (a streaming filter such as `cat`) would deadlock a harness
    /// that first wrote everything and only then read, once both pipes are full.
    public func exchange(
        writing request: UnsafeRawBufferPointer, readingInto response: UnsafeMutableRawBufferPointer,
        deadline: ContinuousClock.Instant?
    ) throws(ChildProcessError) {
        _ = try pump(write: request, read: response, readAll: true, deadline: deadline)
    }

    /// The one I/O loop: non-blocking reads and writes, `poll()` when neither can progress,
    /// the deadline and CPU budget checked on every turn. Returns the bytes read.
    func pump(
        write source: UnsafeRawBufferPointer?, read target: UnsafeMutableRawBufferPointer?,
        readAll: Bool, deadline: ContinuousClock.Instant?
    ) throws(ChildProcessError) -> Int {
        let end = effectiveDeadline(deadline)
        let stdinFD = source == nil || source!.isEmpty ? -1 : state.withLock { $0.stdinFD }
        if source != nil, !source!.isEmpty, stdinFD < 0 { throw .closed(exitStatusIfExited()) }
        var written = 0
        var readCount = 0
        let toWrite = source?.count ?? 0
        let toRead = target?.count ?? 0
        func readDone() -> Bool { readAll ? readCount == toRead : (readCount > 0 || toRead == 0) }

        while written < toWrite || !readDone() {
            var progressed = false
            if written < toWrite {
                let chunk = min(toWrite - written, 1 << 20)
                let n = Glibc.write(stdinFD, source!.baseAddress! + written, chunk)
                if n > 0 {
                    written += n
                    progressed = true
                } else if n < 0 && errno == EPIPE {
                    throw .closed(exitStatusIfExited())
                } else if n < 0 && errno != EAGAIN && errno != EINTR {
                    throw .io(operation: "write to plugin", errno: errno)
                }
            }
            if !readDone() {
                let n = Glibc.read(stdoutFD, target!.baseAddress! + readCount, toRead - readCount)
                if n > 0 {
                    readCount += n
                    progressed = true
                } else if n == 0 {
                    throw .closed(exitStatusIfExited())
                } else if errno != EAGAIN && errno != EINTR {
                    throw .io(operation: "read from plugin", errno: errno)
                }
            }
            try checkBudgets(until: end)
            if progressed { continue }

            var descriptors: [pollfd] = []
            if written < toWrite { descriptors.append(pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0)) }
            if !readDone() { descriptors.append(pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)) }
            var timeout: Int32 = -1
            if let end {
                let remaining = (end - .now).seconds
                timeout = Int32(max(0, min(remaining * 1000 + 1, 1e6)))
            }
            if (cpuBudgetSeconds != nil && cgroup != nil) || directoryQuota != nil {
                timeout = timeout < 0 ? 100 : min(timeout, 100)
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if ready < 0 && errno != EINTR { throw .io(operation: "poll", errno: errno) }
        }
        return readCount
    }

    /// Throws (after killing the child) when the deadline has passed, the tree's CPU time
    /// exceeds its budget or its quota directory is over its bound. The cgroup file is read at
    /// most every 50 ms, the directory measured at most every ``DirectoryQuota/checkInterval``.
    private func checkBudgets(until end: ContinuousClock.Instant?) throws(ChildProcessError) {
        let now = ContinuousClock.now
        if let end, now >= end {
            kill(cause: .deadline)
            throw .timedOut
        }
        if let why = quotaViolation(now: now) { throw .directoryQuotaExceeded(why) }
        guard let budget = cpuBudgetSeconds, let cgroup else { return }
        let due = state.withLock { state in
            if let last = state.lastCPUCheck, now - last < .milliseconds(50) { return false }
            state.lastCPUCheck = now
            return true
        }
        if due, let used = cgroup.cpuSeconds(), used > budget {
            kill(cause: .cpuBudget)
            throw .cpuBudgetExceeded(seconds: budget)
        }
    }

    /// Measures the ``DirectoryQuota`` directory when a check is due (every
    /// ``DirectoryQuota/checkInterval``, or ten times the last walk's duration if that is longer)
    /// and kills the tree when it is over its bound; returns why.
    func quotaViolation(now: ContinuousClock.Instant) -> String? {
        guard let directoryQuota else { return nil }
        let due = state.withLock { state in
            if let next = state.nextQuotaCheck, now < next { return false }
            state.nextQuotaCheck = now + DirectoryQuota.checkInterval
            return true
        }
        guard due else { return nil }
        let why = directoryQuota.violation()
        let walk = ContinuousClock.now - now
        state.withLock { $0.nextQuotaCheck = now + max(DirectoryQuota.checkInterval, walk * 10) }
        if why != nil { kill(cause: .directoryQuota) }
        return why
    }

    /// After a pipe closed: the exit status if the child exits within a moment (it usually
    /// closes its pipes by exiting), so errors can say "exit status 137" rather than "closed".
    private func exitStatusIfExited() -> ExitStatus? {
        for _ in 0..<50 {
            if pollExit() { return state.withLock { $0.exited.map { ExitStatus(waitStatus: $0.status) } } }
            usleep(2_000)
        }
        return nil
    }
}
