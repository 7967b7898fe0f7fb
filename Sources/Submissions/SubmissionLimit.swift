import Foundation

/// The per-team submission limit of a challenge (`submissions_per_day`), counted over a
/// rolling 24 hours rather than per calendar day, so no team gets twice the limit around
/// midnight UTC. Every accepted submission counts, including those that failed installation
/// or validation (they cost the harness as much); a recognised re-submission does not.
public struct SubmissionLimit: Sendable, Equatable {
    public let perDay: Int
    public static let window: TimeInterval = 24 * 3600

    public init(perDay: Int) { self.perDay = perDay }

    /// nil when a submission at `now` is allowed, otherwise the earliest time it will be,
    /// given the team's submission times within the last 24 hours.
    public func nextAllowed(recent times: [Date], now: Date) -> Date? {
        let counted = times.filter { $0 > now.addingTimeInterval(-Self.window) && $0 <= now }.sorted()
        guard counted.count >= perDay else { return nil }
        // Allowed again once enough of the counted submissions have left the window.
        return counted[counted.count - perDay].addingTimeInterval(Self.window)
    }
}
