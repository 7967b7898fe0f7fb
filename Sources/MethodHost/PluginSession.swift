import Foundation
import HoldoutCore

/// The harness's side of one plugin process: handshake, task, train or predict, bye.
///
/// Every reply is validated before anything in it is used, and every wait has a deadline
/// derived from the task's budget, so a plugin that crashes, hangs, lies about a frame's size,
/// prints to stdout or returns garbage becomes a `PluginFailure` with a reason, never a stuck
/// or crashed harness.
public final class PluginSession {
    public let process: ChildProcess
    public private(set) var hello: HPP.Hello?
    /// Wall seconds from spawn to `hello`: start-up (imports, JIT, loading) reported apart from per-case cost.
    public private(set) var startupSeconds: Double?
    let maximumPayloadBytes: Int

    public init(process: ChildProcess, maximumPayloadBytes: Int) {
        self.process = process
        self.maximumPayloadBytes = maximumPayloadBytes
    }

    /// Reads the plugin's `hello` and checks its protocol version.
    public func handshake(timeout: Double) throws(PluginFailure) -> HPP.Hello {
        let frame = try receive(timeout: timeout, expecting: "hello")
        let hello: HPP.Hello
        do { hello = try frame.decode(HPP.Hello.self) } catch { throw failure(.protocolViolation, "\(error)") }
        guard hello.protocol == HPP.protocolVersion else {
            throw failure(.protocolViolation, "the plugin speaks '\(hello.protocol)'; the harness speaks \(HPP.protocolVersion)")
        }
        self.hello = hello
        startupSeconds = Double((ContinuousClock.now - process.spawnInstant) / .milliseconds(1)) / 1000
        return hello
    }

    public func sendTask(_ message: HPP.TaskMessage) throws(PluginFailure) {
        try send(HPP.TaskMessage.self, message)
    }

    /// Asks the plugin to train and waits for `trained`.
    public func train(timeout: Double) throws(PluginFailure) {
        try send(HPP.Train.self, HPP.Train())
        _ = try receive(timeout: timeout, expecting: "trained")
    }

    /// Sends one batch and returns the validated outputs [batch, members, leads, space…, component].
    public func predict(inputs: Field, parameters: Field?, members: Int, expectedShape: [Int],
                        timeout: Double) throws(PluginFailure) -> Field {
        var arrays: [(name: String, field: Field)] = [("inputs", inputs)]
        if let parameters { arrays.append(("parameters", parameters)) }
        let frame: HPPFrame
        let request = HPP.Predict(batch: inputs.shape[0], members: members, points: TaskDescription.grid(of: inputs))
        do { frame = try HPPFrame.make(request, arrays: arrays) } catch {
            throw failure(.protocolViolation, "cannot encode the request: \(error)")
        }
        try send(frame, timeout: timeout)
        let reply = try receive(timeout: timeout, expecting: "prediction")
        do {
            var outputs = try reply.array(named: "outputs", expectedShape: expectedShape)
            outputs.axes = [.case, .member, .lead] + ["x", "y", "z"].prefix(expectedShape.count - 4).map { Axis(.space, $0) } + [Axis(.component)]
            return outputs
        } catch let error as HPPError {
            throw failure(error.kind, error.message)
        } catch {
            throw failure(.invalidOutput, "\(error)")
        }
    }

    /// Says goodbye and waits briefly for a clean exit; kills the process group either way.
    @discardableResult
    public func close() -> ProcessOutcome {
        _ = try? send(HPP.Bye.self, HPP.Bye(), timeout: 2)
        process.closeStandardInput()
        return process.wait(deadline: .now + .seconds(3))
    }

    // MARK: - Frames

    private func send<Message: Encodable>(_ type: Message.Type, _ message: Message, timeout: Double = 10) throws(PluginFailure) {
        let frame: HPPFrame
        do { frame = try HPPFrame.make(message) } catch { throw failure(.protocolViolation, "cannot encode: \(error)") }
        try send(frame, timeout: timeout)
    }

    private func send(_ frame: HPPFrame, timeout: Double) throws(PluginFailure) {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        do {
            try ProcessChannel(process: process, deadline: deadline).send(frame)
        } catch {
            throw classify(error, timeout: timeout, deadline: deadline)
        }
    }

    private func receive(timeout: Double, expecting type: String) throws(PluginFailure) -> HPPFrame {
        let frame: HPPFrame
        let envelope: HPPFrame.Envelope
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        do {
            frame = try ProcessChannel(process: process, deadline: deadline).receive(maximumPayloadBytes: maximumPayloadBytes)
            envelope = try frame.envelope()
        } catch {
            throw classify(error, timeout: timeout, deadline: deadline)
        }
        if envelope.type == "error" {
            let message = (try? frame.decode(HPP.ErrorMessage.self).message) ?? "(no message)"
            // Bounded: it is published (a frame could carry megabytes).
            throw failure(.pluginError, message.count > Self.maximumMessageLength
                          ? String(message.prefix(Self.maximumMessageLength)) + "…" : message)
        }
        guard envelope.type == type else {
            throw failure(.protocolViolation, "expected '\(type)', received '\(envelope.type)'")
        }
        return frame
    }

    /// Turns an I/O or protocol error into a failure, looking at how the process ended: a cap
    /// the kernel enforced (memory, processes) is the reason whatever the pipe saw afterwards
    /// (a plugin whose fork failed may crash, or hang until its deadline).
    private func classify(_ error: Error, timeout: Double, deadline: ContinuousClock.Instant) -> PluginFailure {
        if let error = error as? HPPError { return failure(error.kind, error.message) }
        guard let error = error as? ChildProcessError else { return failure(.protocolViolation, "\(error)") }
        let outcome = process.terminate()
        let standardError = process.standardErrorText
        let limits = process.record?.limits
        let kind: PluginFailure.Kind
        let message: String
        if outcome.memoryCapHit {
            kind = .memoryExceeded
            message = "memory limit\(Self.mebibytes(limits?.memoryBytes)) exceeded: the kernel killed the plugin (\(outcome.status))"
        } else if outcome.processCapHit {
            kind = .processLimit
            message = "process limit\(limits?.maxProcesses.map { " of \($0)" } ?? "") reached: a fork or thread start failed (\(error))"
        } else if case .directoryQuotaExceeded(let why) = error {
            kind = .diskLimit
            message = Self.artifactQuotaMessage(why)
        } else if case .cpuBudgetExceeded = error {
            kind = .cpuBudgetExceeded
            message = "used more CPU time than its budget (\(error))"
        } else if case .timedOut = error {
            kind = .timedOut
            if let end = process.budgetDeadline, end < deadline, let wall = limits?.wallSeconds {
                message = "time limit exceeded: the process's wall budget of \(Self.seconds(wall)) ran out (\(error))"
            } else {
                message = "time limit exceeded: no answer within \(Self.seconds(timeout)) (\(error))"
            }
        } else if let disk = Self.diskFailure(standardError, status: outcome.status,
                                              scratch: Self.mebibytes(process.record?.profile.privateDirectoryBytes),
                                              file: Self.mebibytes(limits?.maxFileSizeBytes)) {
            kind = .diskLimit
            message = "\(disk) (\(error))"
        } else {
            kind = .crashed
            message = "\(error); the plugin \(outcome.status)"
        }
        return PluginFailure(kind: kind, message: message, outcome: outcome, standardError: standardError)
    }

    /// What a failed write says in the plugin's stderr, whatever its language (the private
    /// directories are the only writable places, so ENOSPC means they are full), or a death by
    /// SIGXFSZ (which bubblewrap reports as exit status 128 + 25).
    static func diskFailure(_ standardError: String, status: ExitStatus, scratch: String, file: String) -> String? {
        if standardError.contains("No space left on device") {
            return "scratch disk limit\(scratch) exceeded: a write to /scratch or /tmp failed with 'No space left on device'"
        }
        if standardError.contains("File too large") || standardError.contains("File size limit exceeded")
            || status == .signaled(SIGXFSZ) || status == .exited(128 + SIGXFSZ) {
            return "file size limit\(file) exceeded: a file grew past the largest allowed"
        }
        return nil
    }

    /// The longest plugin `error` message kept, in characters.
    public static let maximumMessageLength = 1000

    /// The failure reason when training went over its ``DirectoryQuota`` (the only quota the
    /// harness sets is on the training process's /artifacts).
    public static func artifactQuotaMessage(_ why: String) -> String {
        "artifact quota exceeded: training stored \(why) in /artifacts"
    }

    static func mebibytes(_ bytes: UInt64?) -> String {
        bytes.map { " of \($0 >> 20) MiB" } ?? ""
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    private func failure(_ kind: PluginFailure.Kind, _ message: String) -> PluginFailure {
        let outcome = process.terminate()
        return PluginFailure(kind: kind, message: message, outcome: outcome, standardError: process.standardErrorText)
    }
}

/// Why a plugin process failed, in words for the board and the organiser.
public struct PluginFailure: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Codable, Sendable {
        case startFailed = "start-failed"
        case crashed
        case timedOut = "timed-out"
        case cpuBudgetExceeded = "cpu-budget-exceeded"
        case memoryExceeded = "memory-exceeded"
        case processLimit = "process-limit"
        case diskLimit = "disk-limit"
        case protocolViolation = "protocol-violation"
        case invalidOutput = "invalid-output"
        case pluginError = "plugin-error"
    }

    public var kind: Kind
    public var message: String
    public var outcome: ProcessOutcome?
    public var standardError: String

    public init(kind: Kind, message: String, outcome: ProcessOutcome? = nil, standardError: String = "") {
        self.kind = kind
        self.message = message
        self.outcome = outcome
        self.standardError = standardError
    }

    public var description: String {
        let tail = standardError.split(separator: "\n").suffix(3).joined(separator: " | ")
        return "\(kind.rawValue): \(message)" + (tail.isEmpty ? "" : " (stderr: \(tail.prefix(300)))")
    }
}

extension HPPError {
    var kind: PluginFailure.Kind {
        switch self {
        case .invalidOutput: return .invalidOutput
        case .pluginError: return .pluginError
        case .malformed, .unexpected, .tooLarge: return .protocolViolation
        }
    }
}

/// A child process's pipes as a `ByteChannel` with one deadline for the whole exchange.
struct ProcessChannel: ByteChannel {
    let process: ChildProcess
    let deadline: ContinuousClock.Instant

    func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        try process.write(bytes, deadline: deadline)
    }

    func readExactly(into buffer: UnsafeMutableRawBufferPointer) throws {
        try process.read(into: buffer, deadline: deadline)
    }
}

extension ChildProcess {
    /// CPU seconds used so far by the whole process tree, from the cgroup's account (nil without one).
    public var cpuSecondsSoFar: Double? { cgroup?.cpuSeconds() }
}
