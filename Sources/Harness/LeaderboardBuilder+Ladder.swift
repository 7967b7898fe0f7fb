import Foundation
import HoldoutCore
import Publishing
import Scoring
import Store

extension LeaderboardBuilder {
    /// While a round is open: one entry per team whose only number is the score the Ladder
    /// released on the feedback cases (the exact mean headline badness of the team's leader),
    /// so that nothing else about the hidden cases reaches a participant.
    /// `headline` is the table's (the ensemble track ranks by its own headline).
    func releasedEntries(spec: TaskSpec, split: TaskSpec.Split, headline: Metric, runs: [RunRecord],
                         results: [String: [CaseResultRecord]], feedback: [String],
                         submissions: [String: SubmissionRecord]) throws -> [LeaderboardEntry] {
        let decoder = JSONDecoder()
        var byTeam: [String: [RunRecord]] = [:]
        for run in runs { byTeam[submissions[run.id]!.team, default: []].append(run) }
        var entries: [LeaderboardEntry] = []
        for (team, teamRuns) in byTeam.sorted(by: { $0.key < $1.key }) {
            let losses = try teamRuns.map { run -> [String: Double] in
                var byCase: [String: Double] = [:]
                for record in results[run.id] ?? [] where record.split == split.name {
                    if let value = try decoder.decode(CaseScore.self, from: record.score).value(headline) {
                        byCase[record.caseID] = headline.badness(value)
                    }
                }
                return byCase
            }
            let replay = LadderBoard.replay(losses, feedbackCases: feedback)
            guard let leaderIndex = replay.leader, let score = replay.released else { continue }
            let leader = teamRuns[leaderIndex]
            let submission = submissions[leader.id]!
            // The badness of the mean is the mean shown, in the metric's own orientation.
            let shown = headline.orientation == .higherIsBetter ? -score : score
            let released = Publishing.MetricSummary(mean: shown, median: shown, p95: shown, worst: shown, ci95Low: shown, ci95High: shown)
            let changes = replay.releases.compactMap { $0 }.filter(\.changed).count
            var entry = LeaderboardEntry(
                method: team, version: leader.methodVersion, kind: .submission, track: Track(rawValue: leader.track) ?? .budgeted,
                language: leader.language, sandboxed: leader.sandboxed,
                sandboxProfileSHA256: leader.sandboxProfileHash.isEmpty ? nil : leader.sandboxProfileHash,
                pluginSHA256: leader.pluginHash, status: leader.status == .failed ? .failed : .complete,
                failureReason: leader.failureReason.map(Self.withheldWhileOpen), caseCount: feedback.count,
                metrics: [headline.rawValue: released],
                cost: Cost(predictWallSecondsPerCase: 0, predictCPUSecondsPerCase: 0, startupSeconds: leader.startupSeconds ?? 0),
                notes: ["Ladder-released score on the round's feedback cases: \(changes) of \(teamRuns.count) submission(s) released, "
                        + "shown: \(submission.methodName); every other statistic waits for the round's close"])
            entry.manifest = Self.manifestLink(contentHash: submission.contentHash)
            entries.append(entry)
        }
        return entries
    }

    /// A failure while the round is open, by its kind only ("plugin-error", "training failed"):
    /// the rest is the plugin's own words (its `error` message, its stderr), which could carry
    /// the hidden inputs it was given. The full reason is published when the round closes.
    static func withheldWhileOpen(_ reason: String) -> String {
        let kind = reason.split(separator: ":", maxSplits: 1).first.map(String.init) ?? reason
        return "\(kind) (details withheld until the round closes)"
    }
}
