import Foundation

/// Runs the real `holdout` binary built beside the test bundle, as a user would.
public enum HoldoutBinary {
    public static var url: URL {
        let runner = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                         ?? CommandLine.arguments[0])
        return runner.deletingLastPathComponent().appendingPathComponent("holdout")
    }

    public struct Result: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
        public var output: String { standardOutput + standardError }
    }

    /// Runs `holdout arguments…` and waits; output is collected through files so a chatty
    /// child can never block on a full pipe.
    /// `environment` adds to (or overrides) the test process's own environment.
    public static func run(_ arguments: [String], in directory: URL = RepositoryPaths.root,
                           environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let scratch = RepositoryPaths.temporaryDirectory("holdout-output")
        let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: scratch) }
        return Result(status: process.terminationStatus,
                      standardOutput: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      standardError: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// Starts `holdout arguments…` without waiting (for interruption tests).
    public static func start(_ arguments: [String], in directory: URL = RepositoryPaths.root) throws -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}

extension RepositoryPaths {
    /// The miniature repository the end-to-end tests run: a tiny Burgers task and challenges.
    public static var fixtureRepository: URL { root.appendingPathComponent("Tests/Fixtures/repository") }
}
