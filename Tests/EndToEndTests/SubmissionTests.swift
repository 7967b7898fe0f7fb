import Foundation
import HoldoutTestSupport
import Publishing
import Testing

/// Submissions through the real binary: submit (validated in the sandbox, stored, queued),
/// re-submit identical content, a plugin whose requirements cannot be installed, evaluate,
/// status, the open board's Ladder-released entry, and the closed board with every run.
@Suite struct SubmissionTests {
    @Test func submitEvaluateStatusAndTheLadderBoard() throws {
        let scratch = RepositoryPaths.temporaryDirectory("e2e-submit")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let workspace = scratch.appendingPathComponent("workspace"), output = scratch.appendingPathComponent("output")
        let common = ["--repository", RepositoryPaths.fixtureRepository.path, "--challenge", "Tasks/challenges/tiny.yaml",
                      "--workspace", workspace.path]
        func holdout(_ arguments: [String], output extra: Bool = false) throws -> HoldoutBinary.Result {
            try HoldoutBinary.run(arguments + common + (extra ? ["--output", output.path] : []))
        }
        let manager = FileManager.default
        let example = RepositoryPaths.fixtureRepository.appendingPathComponent("Plugins/examples/numpy-spectral")
        let first = scratch.appendingPathComponent("first"), second = scratch.appendingPathComponent("second")
        let needy = scratch.appendingPathComponent("needy")
        for copy in [first, second, needy] { try manager.copyItem(at: example, to: copy) }
        try "Same method, another file: another content hash.\n".write(to: second.appendingPathComponent("NOTES.txt"), atomically: true, encoding: .utf8)
        let manifest = try String(contentsOf: needy.appendingPathComponent("plugin.yaml"), encoding: .utf8)
        try (manifest + "requirements: [holdout-no-such-package==0.0.1]\n").write(to: needy.appendingPathComponent("plugin.yaml"), atomically: true, encoding: .utf8)

        #expect(try holdout(["round", "open"], output: true).status == 0)
        let submitted = try holdout(["submit", first.path, "--team", "alpha"])
        #expect(submitted.status == 0, "\(submitted.output)")
        #expect(submitted.standardOutput.contains("queued for round 1 of tiny"))
        let again = try holdout(["submit", first.path, "--team", "alpha"])
        #expect(again.status == 0)
        #expect(again.standardOutput.contains("Identical content was already submitted"))
        // The second declares extra training data that holds the round's hidden test split
        // (as if it had leaked): the duplicates search against declared data must find it.
        let hidden = try #require(manager.enumerator(atPath: workspace.appendingPathComponent("state/tiny/round-1").path)?
            .compactMap { $0 as? String }.first { $0.hasSuffix("/test-6.h5") })
        try manager.copyItem(at: workspace.appendingPathComponent("state/tiny/round-1").appendingPathComponent(hidden),
                             to: second.appendingPathComponent("extra.h5"))
        try (manifest + "training_data: [extra.h5, \"Burgers runs from a colleague\"]\n")
            .write(to: second.appendingPathComponent("plugin.yaml"), atomically: true, encoding: .utf8)
        let declared = try holdout(["submit", second.path, "--team", "alpha"])
        #expect(declared.status == 0, "\(declared.output)")
        let failed = try holdout(["submit", needy.path, "--team", "beta"])
        #expect(failed.status != 0)
        // The real installer runs pip in its sandbox; a requirement PyPI does not have fails the
        // submission with pip's own words.
        #expect(failed.standardOutput.contains("installing the plugin's requirements failed"), "\(failed.output)")

        let evaluated = try holdout(["evaluate"], output: true)
        #expect(evaluated.status == 0, "\(evaluated.output)")
        #expect(evaluated.standardOutput.contains("(Ladder-released)"), "\(evaluated.output)")
        let status = try holdout(["status"])
        #expect(status.status == 0)
        let lines = status.standardOutput
        #expect(lines.components(separatedBy: "  evaluated  ").count - 1 == 2, "\(lines)")
        #expect(lines.contains("team beta  round 1  failed"))
        #expect(lines.contains("No matching distribution found for holdout-no-such-package==0.0.1"), "\(lines)")
        #expect(try holdout(["status", "--team", "beta"]).standardOutput.contains("team alpha") == false)

        // The open board: of team alpha only what the Ladder released, on the feedback cases.
        let round = output.appendingPathComponent("tiny/round-1")
        let open = try latestBoard(round)
        let table = try #require(open.document.tasks.first { $0.taskId == "burgers-tiny" })
        let alpha = table.entries.filter { $0.method.hasPrefix("alpha") }
        #expect(alpha.map(\.method) == ["alpha"])
        #expect(alpha.first?.caseCount == 3)  // 3 of the 6 test cases give feedback
        #expect(alpha.first?.metrics.keys.sorted() == ["vrmse"])
        #expect(alpha.first?.notes.first?.contains("1 of 2 submission(s) released") == true, "\(alpha.first?.notes ?? [])")
        #expect(open.cases.isEmpty, "per-case numbers published while the round is open")
        let link = try #require(alpha.first?.manifest)
        let manifestFile = open.directory.appendingPathComponent(link).standardizedFileURL
        #expect(try String(contentsOf: manifestFile, encoding: .utf8).contains("name: numpy-spectral"))
        #expect(manifestFile.deletingLastPathComponent().lastPathComponent == alpha.first?.pluginSHA256)
        let html = try String(contentsOf: open.directory.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("<a href=\"\(link)\">submitted manifest</a>"))

        // After the close: every submission's run, on the 3 final cases only.
        let closed = try holdout(["round", "close"], output: true)
        #expect(closed.status == 0, "\(closed.output)")
        let final = try latestBoard(round)
        let entries = try #require(final.document.tasks.first { $0.taskId == "burgers-tiny" }).entries
        let runs = entries.filter { $0.method.hasPrefix("alpha@") }
        #expect(runs.count == 2)
        #expect(entries.allSatisfy { $0.caseCount == 3 })
        for entry in runs {
            let hash = try #require(entry.pluginSHA256)
            #expect(entry.manifest == "../submissions/\(hash)/plugin.yaml")
            #expect(entry.notes.contains("submission of team alpha, content SHA-256 \(hash)"))
        }
        let leaked = runs.compactMap { $0.findings.first { $0.check == "duplicates-declared-data" } }
        #expect(leaked.count == 1)
        #expect(leaked.first?.severity == .critical)
        #expect(leaked.first?.message.contains("6 hidden cases are exact copies") == true, "\(leaked.first?.message ?? "")")
        let finalCases = Set(final.cases.filter { $0.task == "burgers-tiny" }.map(\.caseId))
        #expect(finalCases.count == 3)
        let verified = try holdout(["round", "verify", "--round", "1"], output: true)
        #expect(verified.status == 0, "\(verified.output)")
    }

    private func latestBoard(_ round: URL) throws -> (document: LeaderboardDocument, cases: [CaseRow], directory: URL) {
        let version = try #require(Publisher.existingVersions(in: round).max())
        let directory = round.appendingPathComponent("v\(version)")
        let document = try JSONDecoder().decode(LeaderboardDocument.self, from: Data(contentsOf: directory.appendingPathComponent("leaderboard.json")))
        let cases = try CaseRow.parseTable(String(contentsOf: directory.appendingPathComponent("cases.csv"), encoding: .utf8))
        return (document, cases, directory)
    }
}
