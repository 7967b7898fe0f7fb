import Foundation

/// The cost–accuracy plot of one task as inline SVG: predict wall time per case (x) against
/// the headline metric's mean (y), both on log axes.
///
/// Log–log because the ladder of a convergent solver is close to a straight line there
/// (error ∝ cost^(−p/d) for order p in d dimensions), so "speedup at equal error" reads as a
/// horizontal distance and "error at equal cost" as a vertical one. Ladder rungs are joined
/// by a line in order of cost; every other entry is a labelled point; the 95 % interval of the
/// mean is a vertical bar. Entries that cannot be placed on log axes (no finite positive mean
/// or cost) are counted in a caption rather than silently left out.
public struct CostAccuracyPlot: Sendable {
    public struct Point: Sendable, Equatable {
        public var method: String
        public var kind: EntryKind
        public var sandboxed: Bool
        public var cost: Double
        public var value: Double
        public var low: Double?
        public var high: Double?
    }

    public let task: LeaderboardTask
    /// Entries that can be drawn, in board order.
    public let points: [Point]
    /// Entries that cannot (method names).
    public let omitted: [String]

    // Geometry (SVG user units).
    let width = 720.0, height = 440.0
    let left = 78.0, right = 190.0, top = 24.0, bottom = 56.0

    public init(task: LeaderboardTask) {
        self.task = task
        var points: [Point] = [], omitted: [String] = []
        for (_, e) in task.ranked() {
            let cost = e.cost.predictWallSecondsPerCase
            guard let s = e.headline(in: task), s.mean.isFinite, s.mean > 0, cost.isFinite, cost > 0 else {
                omitted.append(e.method)
                continue
            }
            points.append(Point(
                method: e.method, kind: e.kind, sandboxed: e.sandboxed, cost: cost, value: s.mean,
                low: s.ci95Low > 0 && s.ci95Low.isFinite ? s.ci95Low : nil,
                high: s.ci95High > 0 && s.ci95High.isFinite ? s.ci95High : nil))
        }
        self.points = points
        self.omitted = omitted
    }

    /// A log axis spanning whole decades around the data, with a point never on the frame
    /// (a data value within 0.02 decades of a decade gets the next decade added).
    struct LogAxis {
        var lo: Double  // log10 of the axis minimum
        var hi: Double

        init(values: [Double]) {
            let logs = values.map(log10)
            var lo = ((logs.min() ?? 0) - 0.02).rounded(.down), hi = ((logs.max() ?? 1) + 0.02).rounded(.up)
            if hi <= lo { hi = lo + 1 }
            self.lo = lo
            self.hi = hi
        }

        /// Position in [0, 1].
        func unit(_ x: Double) -> Double { (log10(x) - lo) / (hi - lo) }

        /// Decades, plus 2× and 5× when the axis spans at most two decades.
        var ticks: [(value: Double, major: Bool)] {
            var out: [(Double, Bool)] = []
            for k in Int(lo)...Int(hi) {
                let decade = pow(10, Double(k))
                out.append((decade, true))
                if hi - lo <= 2, k < Int(hi) { out += [(2 * decade, false), (5 * decade, false)] }
            }
            return out
        }
    }

    /// The `<svg>` element.
    public func svg() -> String {
        let plotW = width - left - right, plotH = height - top - bottom
        var svg = "<svg class=\"cost-accuracy\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"\(HTML.escape("Cost–accuracy plot for \(task.taskId)"))\">\n"
        svg += "<title>\(HTML.escape("\(task.taskId): \(task.headlineMetric) vs predict wall time per case"))</title>\n"
        guard !points.isEmpty else {
            svg += "<text x=\"\(f(width / 2))\" y=\"\(f(height / 2))\" text-anchor=\"middle\">No entry can be placed on log axes.</text>\n</svg>"
            return svg
        }
        let xAxis = LogAxis(values: points.map(\.cost))
        var yValues = points.map(\.value)
        yValues += points.compactMap(\.low) + points.compactMap(\.high)
        let yAxis = LogAxis(values: yValues)
        func px(_ x: Double) -> Double { left + xAxis.unit(x) * plotW }
        func py(_ y: Double) -> Double { top + (1 - yAxis.unit(y)) * plotH }

        // Frame, grid, ticks.
        svg += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"#333\"/>\n"
        for (value, major) in xAxis.ticks {
            let x = px(value)
            svg += "<line class=\"grid\" x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(top + plotH))\" stroke=\"#ddd\"\(major ? "" : " stroke-dasharray=\"2,3\"")/>\n"
            svg += "<line x1=\"\(f(x))\" y1=\"\(f(top + plotH))\" x2=\"\(f(x))\" y2=\"\(f(top + plotH + (major ? 6 : 3)))\" stroke=\"#333\"/>\n"
            svg += "<text class=\"tick\" x=\"\(f(x))\" y=\"\(f(top + plotH + 20))\" text-anchor=\"middle\">\(tickLabel(value))</text>\n"
        }
        for (value, major) in yAxis.ticks {
            let y = py(value)
            svg += "<line class=\"grid\" x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y))\" stroke=\"#ddd\"\(major ? "" : " stroke-dasharray=\"2,3\"")/>\n"
            svg += "<line x1=\"\(f(left - (major ? 6 : 3)))\" y1=\"\(f(y))\" x2=\"\(f(left))\" y2=\"\(f(y))\" stroke=\"#333\"/>\n"
            svg += "<text class=\"tick\" x=\"\(f(left - 9))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(tickLabel(value))</text>\n"
        }
        svg += "<text class=\"axis-label\" x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\">predict wall time per case (s, log scale)</text>\n"
        let yLabel = "\(task.headlineMetric) mean (log scale, \(task.lowerIsBetter ? "lower" : "higher") is better)"
        svg += "<text class=\"axis-label\" transform=\"translate(16 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(yLabel))</text>\n"

        // Ladder line.
        let ladder = points.filter { $0.kind == .ladderRung }.sorted { $0.cost < $1.cost }
        if ladder.count >= 2 {
            let coords = ladder.map { "\(f(px($0.cost))),\(f(py($0.value)))" }.joined(separator: " ")
            svg += "<polyline class=\"ladder\" points=\"\(coords)\" fill=\"none\" stroke=\"\(Self.color(.ladderRung))\" stroke-width=\"1.5\"/>\n"
        }

        // Points with interval bars and labels.
        for p in points {
            let x = px(p.cost), y = py(p.value), color = Self.color(p.kind)
            svg += "<g class=\"point\" data-method=\"\(HTML.escape(p.method))\" data-kind=\"\(p.kind.rawValue)\">"
            if let lo = p.low, let hi = p.high {
                svg += "<line x1=\"\(f(x))\" y1=\"\(f(py(lo)))\" x2=\"\(f(x))\" y2=\"\(f(py(hi)))\" stroke=\"\(color)\" stroke-opacity=\"0.6\"/>"
            }
            svg += Self.marker(kind: p.kind, x: x, y: y, filled: p.sandboxed)
            svg += "<text class=\"label\" x=\"\(f(x + 7))\" y=\"\(f(y - 6))\">\(HTML.escape(p.method))</text>"
            svg += "<title>\(HTML.escape("\(p.method): \(task.headlineMetric) \(Format.number(p.value)) at \(Format.number(p.cost)) s/case"))</title>"
            svg += "</g>\n"
        }

        // Legend.
        let lx = left + plotW + 18
        var ly = top + 8
        svg += "<g class=\"legend\">\n"
        for kind in EntryKind.allCases {
            if kind == .ladderRung {
                svg += "<line x1=\"\(f(lx - 6))\" y1=\"\(f(ly))\" x2=\"\(f(lx + 6))\" y2=\"\(f(ly))\" stroke=\"\(Self.color(kind))\" stroke-width=\"1.5\"/>"
            }
            svg += Self.marker(kind: kind, x: lx, y: ly, filled: true)
            svg += "<text x=\"\(f(lx + 14))\" y=\"\(f(ly + 4))\">\(Self.legendName(kind))</text>\n"
            ly += 20
        }
        svg += Self.marker(kind: .submission, x: lx, y: ly, filled: false)
        svg += "<text x=\"\(f(lx + 14))\" y=\"\(f(ly + 4))\">hollow: unsandboxed</text>\n"
        ly += 20
        svg += "<text x=\"\(f(lx - 6))\" y=\"\(f(ly + 4))\">bar: 95 % CI of mean</text>\n"
        if !omitted.isEmpty {
            ly += 20
            svg += "<text x=\"\(f(lx - 6))\" y=\"\(f(ly + 4))\">not plotted: \(omitted.count)</text>\n"
        }
        svg += "</g>\n</svg>"
        return svg
    }

    static func color(_ kind: EntryKind) -> String {
        switch kind {
        case .ladderRung: return "#555555"
        case .baseline: return "#1f77b4"
        case .submission: return "#d62728"
        case .example: return "#2ca02c"
        }
    }

    static func legendName(_ kind: EntryKind) -> String {
        switch kind {
        case .ladderRung: return "baseline ladder"
        case .baseline: return "other baseline"
        case .submission: return "submission"
        case .example: return "example"
        }
    }

    /// Square for ladder rungs, diamond for baselines, circle for submissions, triangle for examples.
    static func marker(kind: EntryKind, x: Double, y: Double, filled: Bool) -> String {
        let c = color(kind), fill = filled ? c : "#ffffff"
        let style = "fill=\"\(fill)\" stroke=\"\(c)\" stroke-width=\"1.5\""
        switch kind {
        case .ladderRung:
            return "<rect x=\"\(f(x - 4))\" y=\"\(f(y - 4))\" width=\"8\" height=\"8\" \(style)/>"
        case .baseline:
            return "<polygon points=\"\(f(x)),\(f(y - 5)) \(f(x + 5)),\(f(y)) \(f(x)),\(f(y + 5)) \(f(x - 5)),\(f(y))\" \(style)/>"
        case .submission:
            return "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"4.5\" \(style)/>"
        case .example:
            return "<polygon points=\"\(f(x)),\(f(y - 5)) \(f(x + 5)),\(f(y + 4)) \(f(x - 5)),\(f(y + 4))\" \(style)/>"
        }
    }

    /// 10^k as `1`, `10`, `0.01`, `1e-5`; multiples as `2e-4` etc. outside [1e-3, 1e4).
    func tickLabel(_ v: Double) -> String {
        if v >= 1e-3 && v < 1e4 { return String(format: "%g", v) }
        let k = Int(log10(v).rounded(.down))
        let m = (v / pow(10, Double(k))).rounded()
        return "\(Int(m))e\(k)"
    }
}

/// Coordinates with two decimals: deterministic and compact.
private func f(_ x: Double) -> String { String(format: "%.2f", x) }
