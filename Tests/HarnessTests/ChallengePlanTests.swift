import Foundation
@testable import Harness
import HoldoutCore
import HoldoutTestSupport
import Publishing
import Testing

@Suite struct ChallengePlanTests {
    let repository = RepositoryPaths.fixtureRepository

    func plan(_ yaml: String) throws -> ChallengePlan {
        let directory = RepositoryPaths.temporaryDirectory("plan")
        let file = directory.appendingPathComponent("challenge.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        return try ChallengePlan.load(challengeFile: file, repository: repository)
    }

    @Test func taskEntriesOverrideCaseCountsAndRestrictMethods() throws {
        let loaded = try plan("""
            id: t
            title: T
            tasks:
              - {spec: pde/burgers-tiny.yaml, cases: {test: 2}, methods: [persistence]}
            methods:
              - {name: persistence, builtin: persistence}
              - {name: fourier-linear, builtin: fourier-linear}
            """)
        let spec = try #require(loaded.tasks.first)
        #expect(spec.split(named: "test")?.cases == 2)
        #expect(loaded.methods(for: spec).map(\.reference.name) == ["spectral-16", "spectral-32", "persistence"])
        #expect(loaded.methods(for: spec).filter(\.isLadder).count == 2)
    }

    @Test func unknownSplitsAndMethodsAreSpecErrors() {
        #expect(throws: SpecError.self) {
            _ = try plan("id: t\ntitle: T\ntasks:\n  - {spec: pde/burgers-tiny.yaml, cases: {tset: 2}}\n")
        }
        #expect(throws: SpecError.self) {
            _ = try plan("id: t\ntitle: T\ntasks:\n  - {spec: pde/burgers-tiny.yaml, methods: [nobody]}\nmethods:\n  - {name: persistence, builtin: persistence}\n")
        }
    }

    @Test func pluginContentHashCoversEveryFileAndIgnoresBytecodeCaches() throws {
        let directory = RepositoryPaths.temporaryDirectory("plugin-hash")
        defer { try? FileManager.default.removeItem(at: directory) }
        try "a".write(to: directory.appendingPathComponent("plugin.py"), atomically: true, encoding: .utf8)
        let first = try MethodLauncher.hashDirectory(directory)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("__pycache__"), withIntermediateDirectories: true)
        try "x".write(to: directory.appendingPathComponent("__pycache__/plugin.pyc"), atomically: true, encoding: .utf8)
        #expect(try MethodLauncher.hashDirectory(directory) == first)
        try "b".write(to: directory.appendingPathComponent("plugin.py"), atomically: true, encoding: .utf8)
        #expect(try MethodLauncher.hashDirectory(directory) != first)
    }

    @Test func crossTaskRankingIsIndependentOfDictionaryOrder() {
        func entry(_ name: String, _ mean: Double) -> LeaderboardEntry {
            LeaderboardEntry(method: name, version: "1", kind: .baseline, track: .baseline, language: "swift", sandboxed: true,
                             caseCount: 1, metrics: ["vrmse": .init(mean: mean, median: mean, p95: mean, worst: mean, ci95Low: mean, ci95High: mean)],
                             cost: .init(predictWallSecondsPerCase: 1, predictCPUSecondsPerCase: 1, startupSeconds: 0))
        }
        let names = (0..<12).map { "m\($0)" }
        let task = LeaderboardTask(taskId: "t", version: "1", specSHA256: "", headlineMetric: "vrmse",
                                   entries: names.enumerated().map { entry($1, 0.1 * Double($0 + 1) + 1e-3 / Double($0 + 3)) })
        let reference = LeaderboardBuilder.ranking([task, task])
        // Same entries in other orders give bit-identical totals (the board must not change by itself).
        for _ in 0..<5 {
            var shuffled = task
            shuffled.entries.shuffle()
            #expect(LeaderboardBuilder.ranking([shuffled, task]) == reference)
        }
        #expect(reference.first?.method == "m0")
    }

    @Test func workspaceReachabilityIsReadFromEveryAncestor() throws {
        let closed = RepositoryPaths.temporaryDirectory("closed")
        defer { try? FileManager.default.removeItem(at: closed) }
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: closed.path)
        #expect(!Workspace.isReachableByOthers(closed.appendingPathComponent("ws")))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: closed.path)
        #expect(Workspace.isReachableByOthers(closed.appendingPathComponent("ws")))
    }
}
