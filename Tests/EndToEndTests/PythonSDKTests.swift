import Foundation
import HoldoutTestSupport
import Testing

/// The Python SDK's own unit tests (Plugins/python/tests/test_sdk.py), run with the system
/// Python, which has numpy and h5py. Nothing is installed: the tests import the SDK from the
/// repository, as a vendored copy inside a plugin does.
@Suite struct PythonSDKTests {
    @Test func sdkUnitTestsPass() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [RepositoryPaths.root.appendingPathComponent("Plugins/python/tests/test_sdk.py").path]
        let log = RepositoryPaths.temporaryDirectory("sdk-tests").appendingPathComponent("log")
        defer { try? FileManager.default.removeItem(at: log.deletingLastPathComponent()) }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        process.waitUntilExit()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("OK"), "\(output)")
    }
}
