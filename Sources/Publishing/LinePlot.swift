import Foundation

/// A plot of several named curves over one shared x axis as inline SVG (no scripts): the
/// lead-time plots (error and CRPS against lead, one line per method) and the spectra plots
/// (each method's spectrum against the truth's, log–log) of the published board.
///
/// Points that cannot be drawn (non-finite, or ≤ 0 on a log axis) break a curve rather than
/// being invented; a curve with no drawable point is listed as "not plotted".
public struct LinePlot: Sendable {
    public struct Series: Sendable, Equatable {
        public var name: String
        public var values: [Double]
        /// The reference curve (the truth's spectrum): drawn black and thicker.
        public var reference: Bool

        public init(name: String, values: [Double], reference: Bool = false) {
            self.name = name
            self.values = values
            self.reference = reference
        }
    }

    public var title: String
    public var cssClass: String
    public var xLabel: String
    public var yLabel: String
    public var x: [Double]
    public var series: [Series]
    public var logX: Bool
    public var logY: Bool

    let width = 720.0, height = 400.0
    let left = 78.0, right = 200.0, top = 24.0, bottom = 56.0

    public init(title: String, cssClass: String, xLabel: String, yLabel: String, x: [Double], series: [Series],
                logX: Bool = false, logY: Bool = false) {
        self.title = title
        self.cssClass = cssClass
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.x = x
        self.series = series
        self.logX = logX
        self.logY = logY
    }

    func drawable(_ v: Double, log: Bool) -> Bool { v.isFinite && (!log || v > 0) }

    /// An axis over [lo, hi] in data units, linear or log10.
    struct Axis {
        var lo: Double, hi: Double, log: Bool

        init(values: [Double], log: Bool, includeZero: Bool) {
            self.log = log
            if log {
                let decades = CostAccuracyPlot.LogAxis(values: values)
                lo = decades.lo
                hi = decades.hi
            } else {
                var a = values.min() ?? 0, b = values.max() ?? 1
                if includeZero { a = min(a, 0); b = max(b, 0) }
                if b <= a { b = a + 1 }
                let step = Axis.step(b - a)
                lo = (a / step).rounded(.down) * step
                hi = (b / step).rounded(.up) * step
            }
        }

        /// A 1, 2 or 5 × 10^k step giving about five intervals.
        static func step(_ span: Double) -> Double {
            let raw = span / 5, decade = pow(10, (log10(raw)).rounded(.down))
            return [1.0, 2, 5, 10].map { $0 * decade }.first { $0 >= raw } ?? 10 * decade
        }

        func unit(_ v: Double) -> Double { log ? (log10(v) - lo) / (hi - lo) : (v - lo) / (hi - lo) }

        var ticks: [Double] {
            if log { return (Int(lo)...Int(hi)).map { pow(10, Double($0)) } }
            let step = Axis.step(hi - lo)
            return stride(from: lo, through: hi + step / 1e6, by: step).map { $0 }
        }
    }

    /// The `<svg>` element.
    public func svg() -> String {
        let plotW = width - left - right, plotH = height - top - bottom
        var svg = "<svg class=\"\(HTML.escape(cssClass))\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">\n"
        svg += "<title>\(HTML.escape(title))</title>\n"
        let xs = x.filter { drawable($0, log: logX) }
        let ys = series.flatMap { s in zip(x, s.values).filter { drawable($0.0, log: logX) && drawable($0.1, log: logY) }.map(\.1) }
        guard !xs.isEmpty, !ys.isEmpty else {
            return svg + "<text x=\"\(f(width / 2))\" y=\"\(f(height / 2))\" text-anchor=\"middle\">Nothing to plot.</text>\n</svg>"
        }
        let xAxis = Axis(values: xs, log: logX, includeZero: false)
        let yAxis = Axis(values: ys, log: logY, includeZero: !logY)
        func px(_ v: Double) -> Double { left + xAxis.unit(v) * plotW }
        func py(_ v: Double) -> Double { top + (1 - yAxis.unit(v)) * plotH }

        svg += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"#333\"/>\n"
        for value in xAxis.ticks {
            let xp = px(value)
            svg += "<line x1=\"\(f(xp))\" y1=\"\(f(top))\" x2=\"\(f(xp))\" y2=\"\(f(top + plotH))\" stroke=\"#ddd\"/>"
            svg += "<text class=\"tick\" x=\"\(f(xp))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\">\(label(value))</text>\n"
        }
        for value in yAxis.ticks {
            let yp = py(value)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(yp))\" x2=\"\(f(left + plotW))\" y2=\"\(f(yp))\" stroke=\"#ddd\"/>"
            svg += "<text class=\"tick\" x=\"\(f(left - 8))\" y=\"\(f(yp + 4))\" text-anchor=\"end\">\(label(value))</text>\n"
        }
        svg += "<text class=\"axis-label\" x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\">\(HTML.escape(xLabel))</text>\n"
        svg += "<text class=\"axis-label\" transform=\"translate(16 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(yLabel))</text>\n"

        var ly = top + 8
        var omitted: [String] = []
        var colourIndex = 0
        for s in series {
            // Consecutive drawable points form one polyline; a gap starts the next.
            var segments: [[String]] = [[]]
            for (xv, yv) in zip(x, s.values) {
                if drawable(xv, log: logX) && drawable(yv, log: logY) {
                    segments[segments.count - 1].append("\(f(px(xv))),\(f(py(yv)))")
                } else if !segments[segments.count - 1].isEmpty {
                    segments.append([])
                }
            }
            segments = segments.filter { !$0.isEmpty }
            guard !segments.isEmpty else { omitted.append(s.name); continue }
            let colour = s.reference ? "#000000" : Self.palette[colourIndex % Self.palette.count]
            if !s.reference { colourIndex += 1 }
            let stroke = "stroke=\"\(colour)\" stroke-width=\"\(s.reference ? "2.5" : "1.5")\" fill=\"none\""
            svg += "<g class=\"series\" data-name=\"\(HTML.escape(s.name))\"><title>\(HTML.escape(s.name))</title>"
            for segment in segments {
                svg += segment.count == 1
                    ? "<circle cx=\"\(segment[0].split(separator: ",")[0])\" cy=\"\(segment[0].split(separator: ",")[1])\" r=\"2.5\" fill=\"\(colour)\"/>"
                    : "<polyline points=\"\(segment.joined(separator: " "))\" \(stroke)/>"
            }
            svg += "</g>\n"
            let lx = left + plotW + 14
            svg += "<line x1=\"\(f(lx))\" y1=\"\(f(ly))\" x2=\"\(f(lx + 18))\" y2=\"\(f(ly))\" \(stroke)/>"
            svg += "<text class=\"label\" x=\"\(f(lx + 24))\" y=\"\(f(ly + 4))\">\(HTML.escape(s.name))</text>\n"
            ly += 18
        }
        if !omitted.isEmpty {
            svg += "<text class=\"label\" x=\"\(f(left + plotW + 14))\" y=\"\(f(ly + 4))\">not plotted: \(HTML.escape(omitted.joined(separator: ", ")))</text>\n"
        }
        return svg + "</svg>"
    }

    /// Colour-blind-safe categorical colours (Okabe–Ito, without black, kept for the reference).
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#999999"]

    func label(_ v: Double) -> String { Format.number(abs(v) < 1e-12 ? 0 : v) }
}

/// Coordinates with two decimals: deterministic and compact.
private func f(_ x: Double) -> String { String(format: "%.2f", x) }

extension LeaderboardTask {
    /// Lead-time plots: for each of `metrics` that some entry has a curve of, one line per entry
    /// against lead time (in Lyapunov times where the spec gives λ₁).
    public func leadTimePlots(metrics: [String] = ["rmse", "crps"]) -> [LinePlot] {
        guard let leads = leadTimes, leads.count >= 2 else { return [] }
        return metrics.compactMap { metric in
            let series = ranked().compactMap { _, entry in
                entry.leadCurves?[metric].map { LinePlot.Series(name: entry.method, values: $0) }
            }
            guard !series.isEmpty else { return nil }
            return LinePlot(title: "\(taskId): \(metric) against lead time", cssClass: "lead-time",
                            xLabel: "lead time (\(leadUnit ?? "time units"))", yLabel: "\(metric), mean over cases",
                            x: leads, series: series)
        }
    }

    /// The spectra plot: each entry's mean shell spectrum and the truth's, log–log, without
    /// shell 0 (the mean has no wavelength). nil without spectra.
    public func spectrumPlot() -> LinePlot? {
        guard let k = wavenumbers, let truth = truthSpectrum, k.count > 2 else { return nil }
        let series = [LinePlot.Series(name: "truth", values: Array(truth.dropFirst()), reference: true)]
            + ranked().compactMap { _, entry in entry.spectrum.map { LinePlot.Series(name: entry.method, values: Array($0.dropFirst())) } }
        return LinePlot(title: "\(taskId): spectra of predictions and truth", cssClass: "spectra",
                        xLabel: "wavenumber |k| (log scale)", yLabel: "shell energy (log scale)",
                        x: Array(k.dropFirst()), series: series, logX: true, logY: true)
    }
}
