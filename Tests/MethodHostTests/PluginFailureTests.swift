import Foundation
import Testing
@testable import MethodHost

/// How `PluginSession` words a process that never answers: the limit the kernel or the harness
/// enforced is the reason, in words, with its value. Real sandboxed processes, no Python.
@Suite struct PluginFailureTests {
    /// Starts `script` in the sandbox with a 1 MiB scratch and waits for a `hello` it never sends.
    func failure(_ script: String, limits: ResourceLimits, timeout: Double = 10, scratchBytes: UInt64 = 1 << 20) throws -> PluginFailure {
        var profile = SandboxProfile.minimal()
        profile.privateDirectories = ["/scratch"]
        profile.privateDirectoryBytes = scratchBytes
        let process = try Sandbox.launch(["/bin/sh", "-c", script], profile: profile, limits: limits)
        let session = PluginSession(process: process, maximumPayloadBytes: 1024)
        do {
            _ = try session.handshake(timeout: timeout)
        } catch {
            return error
        }
        Issue.record("the handshake succeeded")
        return PluginFailure(kind: .crashed, message: "")
    }

    @Test func aFullScratchIsTheDiskLimit() throws {
        let result = try failure("head -c 2000000 /dev/zero > /scratch/fill; exit 1",
                                 limits: ResourceLimits(maxFileSizeBytes: 1 << 30, wallSeconds: 10), scratchBytes: 1 << 20)
        #expect(result.kind == .diskLimit, "\(result)")
        #expect(result.message.hasPrefix("scratch disk limit of 1 MiB exceeded: a write to /scratch or /tmp failed with 'No space left on device'"),
                "\(result)")
    }

    @Test func aHugeFileIsTheFileSizeLimit() throws {
        // A C program (head) is killed by SIGXFSZ at the limit, before the 4 MiB scratch is full.
        let result = try failure("exec head -c 2000000 /dev/zero > /scratch/fill",
                                 limits: ResourceLimits(maxFileSizeBytes: 1 << 20, wallSeconds: 10), scratchBytes: 4 << 20)
        #expect(result.kind == .diskLimit, "\(result)")
        #expect(result.message.hasPrefix("file size limit of 1 MiB exceeded"), "\(result)")
    }

    @Test func aForkBombIsTheProcessLimit() throws {
        let script = "i=0; while [ $i -lt 100 ]; do sleep 30 & i=$((i+1)); done"
        let result = try failure(script, limits: ResourceLimits(maxProcesses: 12, wallSeconds: 10), timeout: 1)
        #expect(result.kind == .processLimit, "\(result)")
        #expect(result.message.hasPrefix("process limit of 12 reached: a fork or thread start failed"), "\(result)")
    }

    @Test func aMemoryHogIsTheMemoryLimit() throws {
        let hog = "exec /usr/bin/python3 -c \"data = b'x' * (400 * 1024 * 1024)\""
        let result = try failure(hog, limits: ResourceLimits(memoryBytes: 64 << 20, wallSeconds: 10))
        #expect(result.kind == .memoryExceeded, "\(result)")
        #expect(result.message.hasPrefix("memory limit of 64 MiB exceeded: the kernel killed the plugin"), "\(result)")
    }

    @Test func silenceIsTheTimeLimitWithItsValue() throws {
        let result = try failure("exec sleep 30", limits: ResourceLimits(wallSeconds: 10), timeout: 0.5)
        #expect(result.kind == .timedOut, "\(result)")
        #expect(result.message.hasPrefix("time limit exceeded: no answer within 0.5 s"), "\(result)")
    }

    @Test func aProcessWhoseWallBudgetEndsFirstIsToldSo() throws {
        let result = try failure("exec sleep 30", limits: ResourceLimits(wallSeconds: 0.5), timeout: 10)
        #expect(result.kind == .timedOut, "\(result)")
        #expect(result.message.hasPrefix("time limit exceeded: the process's wall budget of 0.5 s ran out"), "\(result)")
    }

    @Test func anOrdinaryExitIsACrash() throws {
        let result = try failure("echo 'something broke' >&2; exit 3", limits: ResourceLimits(wallSeconds: 10))
        #expect(result.kind == .crashed, "\(result)")
        #expect(result.message.contains("exit status 3"), "\(result)")
        #expect(result.description.contains("(stderr: something broke)"), "\(result)")
    }
}
