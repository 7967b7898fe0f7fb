import Foundation
import Publishing

/// The leaderboard as a compact terminal table: one block per task, ranked by the headline.
enum BoardPrinter {
    static func render(_ document: LeaderboardDocument) -> String {
        var lines = ["\(document.challengeTitle) — \(document.roundId) (\(document.roundStatus.rawValue))"]
        for task in document.tasks {
            lines.append("")
            let labels = task.labels.map { " [\($0.joined(separator: "; "))]" } ?? ""
            lines.append("\(task.taskId) v\(task.version)\(labels) — headline \(task.headlineMetric) (\(task.lowerIsBetter ? "lower" : "higher") is better)")
            lines.append(row(["rank", "method", "kind", "track", task.headlineMetric + " mean [95% CI]", "fail", "wall s/case", "vs ladder", "sandbox"]))
            for (rank, entry) in task.ranked() {
                let summary = entry.metrics[task.headlineMetric]
                // A team's entry in an open round carries only the Ladder's released score.
                let released = entry.notes.first?.hasPrefix("Ladder-released") == true
                let headline = summary.map { released ? String(format: "%.4g (Ladder-released)", $0.mean)
                                                      : String(format: "%.4g [%.4g, %.4g]", $0.mean, $0.ci95Low, $0.ci95High) } ?? "—"
                var ladder = "—"
                if let placement = entry.ladder {
                    if let speedup = placement.speedupAtEqualError {
                        ladder = String(format: "%.3gx speed at equal error", speedup)
                    } else if placement.beyondLadderError == true {
                        ladder = "beyond the ladder"
                    }
                    if placement.dominated == true { ladder += ", dominated" }
                }
                lines.append(row([rank.map(String.init) ?? "–", entry.markedMethod, entry.kind.rawValue, entry.track.rawValue, headline,
                                  String(format: "%.0f%%", entry.failureRate * 100),
                                  String(format: "%.3g", entry.cost.predictWallSecondsPerCase), ladder,
                                  entry.sandboxed ? "yes" : "NO"]))
                if let reason = entry.failureReason {
                    lines.append("        failure: \(reason.prefix(160))")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    private static let widths = [4, 18, 11, 8, 30, 5, 11, 30, 7]

    private static func row(_ cells: [String]) -> String {
        zip(cells, widths).map { cell, width in cell.count >= width ? cell + " " : cell.padding(toLength: width + 1, withPad: " ", startingAt: 0) }
            .joined()
    }
}
