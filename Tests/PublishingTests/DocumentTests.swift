import Foundation
import Testing
@testable import Publishing

@Suite struct DocumentTests {
    @Test func jsonRoundTripsAndIsDeterministic() throws {
        let doc = Fixtures.document()
        let bytes = try doc.canonicalJSON()
        #expect(try LeaderboardDocument.decode(from: bytes) == doc)
        #expect(try doc.canonicalJSON() == bytes)
        let text = try #require(String(data: bytes, encoding: .utf8))
        #expect(text.contains("\"schemaVersion\" : 1"))
        // Sorted keys: "challengeId" precedes "challengeTitle" precedes "commitment".
        let a = try #require(text.range(of: "\"challengeId\"")), b = try #require(text.range(of: "\"challengeTitle\""))
        let c = try #require(text.range(of: "\"commitment\""))
        #expect(a.lowerBound < b.lowerBound && b.lowerBound < c.lowerBound)
        // Per-case rows are not in leaderboard.json.
        #expect(!text.contains("caseId"))
    }

    @Test func nonFiniteNumbersSurviveTheRoundTrip() throws {
        var task = Fixtures.task()
        task.entries[0].metrics["vrmse"]?.worst = .infinity
        let doc = Fixtures.document(task: task)
        let decoded = try LeaderboardDocument.decode(from: doc.canonicalJSON())
        #expect(decoded.tasks[0].entries[0].metrics["vrmse"]?.worst == .infinity)
    }

    @Test func failureRateIsCountOverCases() {
        // 2 of 8 cases failed.
        #expect(Fixtures.task().entries.first { $0.method == "fno" }?.failureRate == 0.25)
    }

    @Test func rankingFollowsHeadlineMeanAndKeepsFailures() {
        let ranked = Fixtures.task().ranked()
        // Means by hand: 0.001, 0.02, 0.05, 0.2, 0.5, 1.0; "crashy" has none and comes last, unranked.
        #expect(ranked.map(\.entry.method) == ["spectral-128", "spectral-64", "fno", "spectral-32", "template", "persistence", "crashy"])
        #expect(ranked.map(\.rank) == [1, 2, 3, 4, 5, 6, nil])

        var higher = Fixtures.task()
        higher.lowerIsBetter = false
        #expect(higher.ranked().first?.entry.method == "persistence")
    }

    @Test func casesCSVByHand() {
        let expected = "task,method,case_id,split,out_of_distribution,failed,failure_reason,wall_seconds,cpu_seconds,crps,vrmse\r\n"
            + "ks-1d,fno,2,test-ood,true,true,\"non-finite output, \"\"NaN\"\" at lead 3\",0.25,0.5,0.5,1.0\r\n"
            + "ks-1d,fno,10,test,false,false,,0.5,0.9,,0.04\r\n"
        #expect(CaseTable.csv(Fixtures.cases) == expected)
    }

    @Test func readmeListsEveryEntryFailureAndFinding() {
        let md = Fixtures.document().markdown(version: 3)
        #expect(md.hasPrefix("# Starter challenge — round-0 (v3)"))
        for method in ["spectral-32", "spectral-64", "spectral-128", "persistence", "fno", "template", "crashy"] {
            #expect(md.contains("| \(method) |"), "\(method) missing from the table")
        }
        #expect(md.contains("| 3 | — | fno | 1.0.0 | submission | budgeted | **no** | partial | 0.05 | [0.04, 0.06] | 2/8 (25.0 %) |"))
        #expect(md.contains("- crashy 1.0.0: failed, 8 of 8 cases failed — timeout after 10 s"))
        #expect(md.contains("- fno 1.0.0: partial, 2 of 8 cases failed — timeout after 10 s"))
        #expect(md.contains("**warning** fno 1.0.0, `near-duplicate`: case 3 is 0.1 from a public case"))
        #expect(md.contains("not eligible for an official board"))
    }
}

@Suite struct LeakageMarkTests {
    /// A critical finding marks the method in every table; a warning stays in the findings list.
    @Test func criticalFindingsMarkTheMethodInTheTable() throws {
        var task = Fixtures.task()
        let index = try #require(task.entries.firstIndex { $0.method == "spectral-64" })
        task.entries[index].findings = [LeakageFinding(check: "duplicates", severity: .critical, message: "3 hidden cases are exact copies")]
        let document = Fixtures.document(task: task)
        let markdown = document.markdown(version: 1)
        let html = document.html(version: 1)
        #expect(markdown.contains("| spectral-64 ⚠ critical leakage finding |"))
        #expect(html.contains("spectral-64 ⚠ critical leakage finding"))
        // The fixture's warning-level finding on "fno" does not mark it.
        #expect(!markdown.contains("fno ⚠"))
        #expect(task.entries[index].markedMethod != task.entries[index].method)
    }
}
