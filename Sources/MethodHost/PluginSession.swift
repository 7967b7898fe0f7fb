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
        do {
            try ProcessChannel(process: process, deadline: .now + .milliseconds(Int64(timeout * 1000))).send(frame)
        } catch {
            throw classify(error)
        }
    }

    private func receive(timeout: Double, expecting type: String) throws(PluginFailure) -> HPPFrame {
        let frame: HPPFrame
        let envelope: HPPFrame.Envelope
        do {
            frame = try ProcessChannel(process: process, deadline: .now + .milliseconds(Int64(timeout * 1000)))
                .receive(maximumPayloadBytes: maximumPayloadBytes)
            envelope = try frame.envelope()
        } catch {
            throw classify(error)
        }
        if envelope.type == "error" {
            let message = (try? frame.decode(HPP.ErrorMessage.self).message) ?? "(no message)"
            throw failure(.pluginError, message)
        }
        guard envelope.type == type else {
            throw failure(.protocolViolation, "expected '\(type)', received '\(envelope.type)'")
        }
        return frame
    }

    /// Turns an I/O or protocol error into a failure, looking at how the process ended.
    private func classify(_ error: Error) -> PluginFailure {
        if let error = error as? HPPError { return failure(error.kind, error.message) }
        if let error = error as? ChildProcessError {
            switch error {
            case .cpuBudgetExceeded:
                let outcome = process.terminate()
                return PluginFailure(kind: .cpuBudgetExceeded, message: "used more CPU time than its budget (\(error))",
                                     outcome: outcome, standardError: process.standardErrorText)
            case .timedOut:
                let outcome = process.terminate()
                return PluginFailure(kind: .timedOut, message: "no answer within the time budget (\(error))", outcome: outcome,
                                     standardError: process.standardErrorText)
            default:
                let outcome = process.terminate()
                let kind: PluginFailure.Kind = outcome.memoryCapHit ? .memoryExceeded
                    : outcome.processCapHit ? .processLimit : .crashed
                return PluginFailure(kind: kind, message: "\(error); the plugin \(outcome.status)", outcome: outcome,
                                     standardError: process.standardErrorText)
            }
        }
        return failure(.protocolViolation, "\(error)")
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
