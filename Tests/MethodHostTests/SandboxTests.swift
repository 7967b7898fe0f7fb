import Foundation
import Testing
@testable import MethodHost

/// Isolation and limits through the real bubblewrap (CI installs it; these never skip).
@Suite(.serialized) struct SandboxTests {
    let deadline = ContinuousClock.now + .seconds(20)

    /// Runs `command` in the minimal sandbox and returns (outcome, stdout, stderr).
    func run(
        _ command: [String], profile: SandboxProfile = .minimal(), limits: ResourceLimits = ResourceLimits(wallSeconds: 20),
        mode: IsolationMode = .bubblewrap
    ) throws -> (ProcessOutcome, String, String, ChildProcess) {
        let child = try Sandbox.launch(command, profile: profile, limits: limits, mode: mode)
        let output = String(decoding: try child.readToEnd(deadline: deadline), as: UTF8.self)
        let outcome = child.wait(deadline: deadline)
        return (outcome, output, child.standardErrorText, child)
    }

    @Test func bubblewrapIsAvailable() {
        #expect(Sandbox.isAvailable())
    }

    @Test func echoRoundTripThroughSandboxedCat() throws {
        let child = try Sandbox.launch(["/bin/cat"], profile: .minimal(), limits: ResourceLimits(wallSeconds: 10))
        let message = Array("ping\n".utf8)
        try child.write(message, deadline: deadline)
        #expect(try child.read(exactly: message.count, deadline: deadline) == message)
        child.closeStandardInput()
        let outcome = child.wait(deadline: deadline)
        #expect(outcome.status == .exited(0))
        #expect(child.record?.mode == .bubblewrap)
        #expect(child.record?.isPublishable == true)
    }

    @Test func runsAsNobodyWithOnlyTheGivenEnvironment() throws {
        let (outcome, output, _, child) = try run(["/bin/sh", "-c", "id -u; id -g; env | sort"])
        #expect(outcome.status == .exited(0))
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.prefix(2) == ["65534", "65534"])
        // `sh` adds PWD itself; everything else is the profile's default environment.
        #expect(Set(lines.dropFirst(2)) == ["HOME=/tmp", "LANG=C.UTF-8", "PATH=/usr/local/bin:/usr/bin:/bin", "PWD=/", "TMPDIR=/tmp"])
        #expect(child.record?.hostUID == 65534)
    }

    @Test func sleeperIsKilledAtTheDeadline() throws {
        let child = try Sandbox.launch(["/bin/sleep", "1000"], profile: .minimal(), limits: ResourceLimits(wallSeconds: 30))
        #expect(throws: ChildProcessError.timedOut) {
            _ = try child.readSome(deadline: .now + .milliseconds(300))
        }
        let outcome = child.wait()
        #expect(outcome.killedBy == .deadline)
        #expect(!outcome.status.isSuccess)
    }

    @Test func forkBombIsStoppedByTheProcessCap() throws {
        // Bounded "bomb": tries to start 200 sleepers; the cap of 16 stops it long before.
        let script = "i=0; while [ $i -lt 200 ]; do sleep 30 & i=$((i+1)); done; echo started $i"
        let limits = ResourceLimits(maxProcesses: 16, wallSeconds: 15)
        let (outcome, output, errors, child) = try run(["/bin/sh", "-c", script], limits: limits)
        #expect(child.record?.enforcement.processes == .cgroupV1)
        #expect(outcome.processCapHit)
        #expect(!output.contains("started 200"))
        #expect(errors.contains("fork"))
    }

    @Test func memoryHogIsStoppedByTheMemoryCap() throws {
        let hog = "data = b'x' * (400 * 1024 * 1024)\nprint(len(data))"
        let limits = ResourceLimits(memoryBytes: 128 << 20, wallSeconds: 15)
        let (outcome, output, _, child) = try run(["/usr/bin/python3", "-c", hog], limits: limits)
        #expect(child.record?.enforcement.memory == .cgroupV1)
        #expect(outcome.memoryCapHit)
        #expect(!outcome.status.isSuccess)
        #expect(output.isEmpty)
    }

    @Test func numpyImportsInTheMinimalSystem() throws {
        let (outcome, output, errors, _) = try run(["/usr/bin/python3", "-c", "import numpy; print(numpy.arange(4).sum())"])
        #expect(outcome.status == .exited(0), "\(errors)")
        #expect(output == "6\n")
    }

    @Test func unboundDirectoryIsInvisible() throws {
        let directory = try #require(mkdtemp(strdup("/tmp/holdout-secret-XXXXXX")).map { String(cString: $0) })
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let secret = directory + "/secret"
        try "hidden target".write(toFile: secret, atomically: true, encoding: .utf8)
        // Readable by everyone on the host: only the missing bind can stop the plugin.
        chmod(directory, 0o755)
        chmod(secret, 0o644)
        let (outcome, output, errors, _) = try run(["/bin/cat", secret])
        #expect(!outcome.status.isSuccess)
        #expect(!output.contains("hidden"))
        #expect(errors.contains("No such file"))
        let (_, listing, _, _) = try run(["/bin/ls", "/", "/tmp"])
        #expect(!listing.contains("holdout-secret"))
        #expect(!listing.contains("work"))
        #expect(!listing.contains("root"))
    }

    @Test func networkIsUnreachable() throws {
        let (_, interfaces, _, _) = try run(["/bin/cat", "/proc/net/dev"])
        let names = interfaces.split(separator: "\n").dropFirst(2).compactMap { $0.split(separator: ":").first }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(names == ["lo"])
        let connect = """
            import socket
            try:
                socket.create_connection(("1.1.1.1", 53), timeout=2)
                print("connected")
            except OSError as error:
                print("failed", error.errno)
            """
        let (outcome, output, _, _) = try run(["/usr/bin/python3", "-c", connect])
        #expect(outcome.status == .exited(0))
        #expect(output.hasPrefix("failed"))
    }

    @Test func fileSizeCapStopsLargeWrites() throws {
        let script = "head -c 2000000 /dev/zero > /tmp/big; echo status $?; wc -c < /tmp/big"
        let limits = ResourceLimits(maxFileSizeBytes: 1_000_000, wallSeconds: 10)
        let (outcome, output, _, child) = try run(["/bin/sh", "-c", script], limits: limits)
        #expect(child.record?.enforcement.fileSize == .rlimit)
        #expect(outcome.status == .exited(0))
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first != "status 0")
        #expect(lines.last == "1000000")
    }

    @Test func cpuTimeIsMeasuredFromOutside() throws {
        let busy = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass"
        let limits = ResourceLimits(cpuSeconds: 20, wallSeconds: 20)
        let (outcome, _, _, _) = try run(["/usr/bin/python3", "-c", busy], limits: limits)
        #expect(outcome.status == .exited(0))
        #expect(outcome.times.cpuSeconds >= 0.2)
        #expect((outcome.times.cgroupCPUSeconds ?? 0) >= 0.2)
    }

    @Test func cpuBudgetKillsASpinningTree() throws {
        let limits = ResourceLimits(cpuSeconds: 0.3, wallSeconds: 20)
        let child = try Sandbox.launch(["/bin/sh", "-c", "while :; do :; done"], profile: .minimal(), limits: limits)
        #expect(throws: ChildProcessError.cpuBudgetExceeded(seconds: 0.3)) {
            _ = try child.readSome(deadline: deadline)
        }
        #expect(child.wait().killedBy == .cpuBudget)
    }

    @Test func largeTransferThroughTheSandbox() throws {
        let count = 64 << 20
        // A 64 KiB pseudo-random block repeated: cheap to build in a debug test, and a
        // reordered or dropped chunk of the stream would still break equality.
        var block = [UInt8](repeating: 0, count: 65536)
        var state: UInt32 = 12345
        for index in block.indices {
            state = state &* 1_103_515_245 &+ 12345
            block[index] = UInt8(truncatingIfNeeded: state >> 16)
        }
        var request = [UInt8]()
        request.reserveCapacity(count)
        for chunk in 0..<(count / block.count) {
            block[0] = UInt8(truncatingIfNeeded: chunk)
            request += block
        }
        var response = [UInt8](repeating: 0, count: count)
        let child = try Sandbox.launch(["/bin/cat"], profile: .minimal(), limits: ResourceLimits(wallSeconds: 20))
        let start = ContinuousClock.now
        try request.withUnsafeBytes { source in
            try response.withUnsafeMutableBytes { target in
                try child.exchange(writing: source, readingInto: target, deadline: deadline)
            }
        }
        let seconds = (ContinuousClock.now - start).seconds
        print("64 MiB round trip through sandboxed cat: \(seconds) s")
        #expect(response == request)
        child.closeStandardInput()
        #expect(child.wait().status == .exited(0))
    }

    @Test func scratchIsWritableAndVisibleToTheHarness() throws {
        let scratch = NSTemporaryDirectory() + "holdout-scratch-\(UUID().uuidString)"
        try Sandbox.prepareScratchDirectory(scratch)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let profile = SandboxProfile.minimal(writable: [.init(scratch, at: "/scratch")], workingDirectory: "/scratch")
        let (outcome, _, errors, _) = try run(["/bin/sh", "-c", "echo result > out.txt"], profile: profile)
        #expect(outcome.status == .exited(0), "\(errors)")
        #expect(try String(contentsOfFile: scratch + "/out.txt", encoding: .utf8) == "result\n")
    }

    @Test func loadedSwiftLibrariesCanBeBound() throws {
        let directories = SandboxProfile.loadedLibraryDirectories()
        let swiftCore = try #require(directories.first { FileManager.default.fileExists(atPath: $0 + "/libswiftCore.so") })
        let profile = SandboxProfile.minimal().bindingLoadedLibraries()
        let (outcome, output, errors, _) = try run(["/bin/ls", swiftCore + "/libswiftCore.so"], profile: profile)
        #expect(outcome.status == .exited(0), "\(errors)")
        #expect(output.contains("libswiftCore.so"))
    }

    @Test func profileEncodesToStableJSON() throws {
        let a = SandboxProfile.minimal(environment: ["B": "2", "A": "1", "C": "3"])
        let b = SandboxProfile.minimal(environment: ["C": "3", "A": "1", "B": "2"])
        #expect(a.canonicalJSON() == b.canonicalJSON())
        #expect(try JSONDecoder().decode(SandboxProfile.self, from: a.canonicalJSON()) == a)
        let json = String(decoding: a.canonicalJSON(), as: UTF8.self)
        #expect(json.contains("\"environment\":{\"A\":\"1\",\"B\":\"2\",\"C\":\"3\""))
        #expect(json.hasPrefix("{\"environment\""))
    }

    @Test func unsandboxedModeIsFlaggedAndStillDropsRoot() throws {
        let (outcome, output, _, child) = try run(["/usr/bin/id", "-u"], mode: .unsandboxed)
        #expect(outcome.status == .exited(0))
        #expect(output == "65534\n")
        #expect(child.record?.mode == .unsandboxed)
        #expect(child.record?.isPublishable == false)
    }
}

extension SandboxTests {
    @Test func privateDirectoriesAreBoundedAndLeaveNothingOnTheHost() throws {
        // Many small files, each far below the file-size limit: only the tmpfs's size stops them.
        let script = "i=0; while head -c 262144 /dev/zero > /scratch/f$i 2>/dev/null; do i=$((i+1)); done; echo files $i; "
            + "head -c 2000000 /dev/zero > /tmp/big; echo tmp $?; df -k /scratch /tmp | tail -2"
        var profile = SandboxProfile.minimal()
        profile.privateDirectories = ["/scratch"]
        profile.privateDirectoryBytes = 1 << 20
        #expect(profile.bubblewrapArguments().contains("--size"))
        let limits = ResourceLimits(maxFileSizeBytes: 1 << 30, wallSeconds: 15)
        let (outcome, output, errors, _) = try run(["/bin/sh", "-c", script], profile: profile, limits: limits)
        #expect(outcome.status == .exited(0), "\(errors)")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first == "files 4", "\(output)")
        #expect(lines.dropFirst().first == "tmp 1", "\(output)")
        #expect(lines.suffix(2).allSatisfy { $0.hasPrefix("tmpfs") && $0.contains(" 1024 ") }, "\(output)")
    }
}
