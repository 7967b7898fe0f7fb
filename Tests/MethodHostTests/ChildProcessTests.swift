import Foundation
import Testing
@testable import MethodHost

/// The process layer without a sandbox: pipes, deadlines, stderr, measurement.
@Suite struct ChildProcessTests {
    @Test func echoRoundTripThroughCat() throws {
        let child = try ChildProcess(executable: "/bin/cat", arguments: [])
        let message = Array("hello, plugin\n".utf8)
        try child.write(message, deadline: .now + .seconds(5))
        #expect(try child.read(exactly: message.count, deadline: .now + .seconds(5)) == message)
        child.closeStandardInput()
        #expect(try child.readToEnd(deadline: .now + .seconds(5)).isEmpty)
        #expect(child.wait().status == .exited(0))
    }

    @Test func environmentIsExactlyWhatIsGiven() throws {
        let child = try ChildProcess(executable: "/usr/bin/env", arguments: [], environment: ["ONLY": "this"])
        let output = String(decoding: try child.readToEnd(deadline: .now + .seconds(5)), as: UTF8.self)
        #expect(output == "ONLY=this\n")
        child.wait()
    }

    @Test func readPastDeadlineKillsAndReportsTimeout() throws {
        let child = try ChildProcess(executable: "/bin/sleep", arguments: ["1000"])
        #expect(throws: ChildProcessError.timedOut) {
            _ = try child.readSome(deadline: .now + .milliseconds(200))
        }
        let outcome = child.wait()
        #expect(outcome.killedBy == .deadline)
        #expect(outcome.status == .signaled(9))
    }

    @Test func wallBudgetBoundsWait() throws {
        let child = try ChildProcess(executable: "/bin/sleep", arguments: ["1000"], wallSeconds: 0.2)
        let outcome = child.wait()
        #expect(outcome.killedBy == .deadline)
        #expect(outcome.status == .signaled(9))
    }

    @Test func closedPipeReportsExitStatus() throws {
        let child = try ChildProcess(executable: "/bin/sh", arguments: ["-c", "exit 3"])
        #expect(throws: ChildProcessError.closed(.exited(3))) {
            _ = try child.read(exactly: 1, deadline: .now + .seconds(5))
        }
    }

    @Test func standardErrorKeepsOnlyTheTail() throws {
        // 200 000 'x' then "done\n": 200 005 bytes in total, of which the last 1024 are kept.
        let child = try ChildProcess(
            executable: "/bin/sh",
            arguments: ["-c", "head -c 200000 /dev/zero | tr '\\0' x >&2; echo done >&2"],
            environment: ["PATH": "/usr/bin:/bin"], standardErrorCapacity: 1024)
        let outcome = child.wait(deadline: .now + .seconds(10))
        #expect(outcome.status == .exited(0))
        #expect(outcome.standardErrorBytes == 200_005)
        let tail = child.standardErrorTail
        #expect(tail.count == 1024)
        #expect(tail.suffix(5) == Array("done\n".utf8))
        #expect(tail.prefix(1019).allSatisfy { $0 == UInt8(ascii: "x") })
    }

    @Test func largeTransferRoundTripsThroughCat() throws {
        let count = 64 << 20
        // Byte i is i mod 251 (a prime, so no power-of-two chunking lines up with the pattern).
        let request = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count { buffer[index] = UInt8(index % 251) }
            initialized = count
        }
        var response = [UInt8](repeating: 0, count: count)
        let child = try ChildProcess(executable: "/bin/cat", arguments: [])
        try request.withUnsafeBytes { source in
            try response.withUnsafeMutableBytes { target in
                try child.exchange(writing: source, readingInto: target, deadline: .now + .seconds(20))
            }
        }
        #expect(response == request)
        child.closeStandardInput()
        #expect(child.wait().status == .exited(0))
    }

    @Test func cpuTimeOfABusyLoopIsMeasured() throws {
        let child = try ChildProcess(
            executable: "/usr/bin/python3",
            arguments: ["-c", "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass"])
        let outcome = child.wait(deadline: .now + .seconds(10))
        #expect(outcome.status == .exited(0))
        #expect(outcome.times.cpuSeconds >= 0.2)
        #expect(outcome.times.maxResidentBytes > 0)
    }

    @Test func spawnFailureNamesTheExecutable() {
        #expect(throws: ChildProcessError.self) {
            _ = try ChildProcess(executable: "/nonexistent/plugin", arguments: [])
        }
    }

    @Test func terminateKillsTheWholeGroup() throws {
        // The grandchild would outlive a plain kill of the shell; the group kill reaches it.
        let child = try ChildProcess(
            executable: "/bin/sh", arguments: ["-c", "sleep 1000 & echo $!; wait"],
            environment: ["PATH": "/usr/bin:/bin"])
        let line = try child.readSome(deadline: .now + .seconds(5))
        let grandchild = pid_t(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))!
        let outcome = child.terminate()
        #expect(outcome.killedBy == .requested)
        var gone = false
        for _ in 0..<200 where !gone {
            // A killed grandchild is reaped by init; until then it is a zombie (state Z).
            let status = (try? String(contentsOfFile: "/proc/\(grandchild)/stat", encoding: .utf8)) ?? ""
            gone = status.isEmpty || status.contains(") Z ")
            if !gone { usleep(5_000) }
        }
        #expect(gone)
    }
}
