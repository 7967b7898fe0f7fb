import Foundation
import Testing
@testable import Publishing

/// The two tracks of a weather task on the published pages, with their lead-time and spectra plots.
@Suite struct TrackPlotTests {
    /// A deterministic and an ensemble table of one weather task; `sharp` is a perfect-model run,
    /// `blurred` an ensemble mean, `ens` the ensemble; lead times in Lyapunov times.
    static func tables() -> [LeaderboardTask] {
        func entry(_ name: String, members: Int, rmse: [Double], crps: [Double], spectrum: [Double], high: Double) -> LeaderboardEntry {
            var e = Fixtures.entry(name, kind: .baseline, vrmse: rmse.last!, cost: 0.001)
            e.metrics = ["rmse": Fixtures.summary(rmse.last!), "crps": Fixtures.summary(crps.last!),
                         "valid-time": Fixtures.summary(crps.first! * 10)]
            e.members = members
            e.leadCurves = ["rmse": rmse, "crps": crps]
            e.spectrum = spectrum
            e.spectralRatio = ["low": 1, "mid": 0.9, "high": high]
            e.effectiveResolution = 2.5
            return e
        }
        let sharp = entry("sharp", members: 1, rmse: [0.5, 2, 4.6], crps: [0.3, 1.2, 2.9], spectrum: [1, 4, 2, 1, 0.5], high: 1.02)
        let blurred = entry("blurred", members: 1, rmse: [0.4, 1.7, 3.6], crps: [0.25, 1, 2.3], spectrum: [1, 3, 1, 0.2, 0.01], high: 0.05)
        var ens = entry("ens", members: 20, rmse: [0.4, 1.7, 3.6], crps: [0.2, 0.7, 1.6], spectrum: [1, 4, 2, 1, 0.5], high: 0.99)
        ens.metrics["spread-skill"] = Fixtures.summary(0.97)
        ens.rankHistogram = [0.3, 0.1, 0.05, 0.1, 0.45]
        func table(_ id: String, track: String, headline: String, entries: [LeaderboardEntry]) -> LeaderboardTask {
            var t = LeaderboardTask(taskId: id, version: "1.0.0", specSHA256: String(repeating: "c", count: 64),
                                    headlineMetric: headline, entries: entries)
            t.track = track
            t.leadTimes = [1, 3, 5]
            t.leadUnit = "Lyapunov times"
            t.lyapunovExponent = 2
            t.wavenumbers = [0, 1, 2, 3, 4]
            t.truthSpectrum = [1, 4, 2, 1, 0.5]
            return t
        }
        return [table("l96", track: "deterministic", headline: "rmse", entries: [sharp, blurred]),
                table("l96/ensemble", track: "ensemble", headline: "crps", entries: [sharp, blurred, ens])]
    }

    static func document() -> LeaderboardDocument {
        var d = Fixtures.document()
        d.tasks = tables()
        return d
    }

    @Test func markdownShowsBothTracksWithMembersAndSpectralRatioBesideTheHeadline() {
        let md = Self.document().markdown(version: 1)
        #expect(md.contains("## l96 (v1.0.0)") && md.contains("## l96/ensemble (v1.0.0)"))
        #expect(md.contains("Deterministic track") && md.contains("Ensemble track"))
        let header = md.split(separator: "\n").first { $0.hasPrefix("| Rank") && $0.contains("rmse mean") }!
        // Members and the spectral ratio sit right after the headline's interval.
        #expect(header.contains("| rmse mean | 95 % CI | Members | Valid time (Lyapunov times) | Spectral ratio low/mid/high | Eff. resolution | Failures"))
        // valid-time 3 time units × λ₁ = 2 → 6 Lyapunov times for "sharp" (crps at lead 1: 0.3).
        #expect(md.contains("| sharp | 1.0.0 | baseline | baseline | yes | complete | 4.6 | [3.68, 5.52] | 1 | 6 |"), "\(md)")
        #expect(md.contains("| 1 / 0.9 / 0.05 |"), "the blurred forecast's high-band ratio is visible")
        // The ensemble table adds calibration: spread-skill and the rank histogram as a sparkline.
        #expect(md.contains("| crps mean | 95 % CI | Members | Spread-skill | Rank histogram | Valid time (Lyapunov times) | Spectral ratio low/mid/high |"))
        #expect(md.contains("| 20 | 0.97 | ▆▃▂▃█ | 4 |"), "U-shaped: under-dispersive")
        // Every row has as many cells as its table's header.
        for section in md.components(separatedBy: "\n## ").dropFirst() {
            let lines = section.split(separator: "\n").filter { $0.hasPrefix("| ") }
            guard let head = lines.first else { continue }
            for line in lines.dropFirst() {
                #expect(line.components(separatedBy: " | ").count == head.components(separatedBy: " | ").count, "\(line)")
            }
        }
    }

    @Test func htmlHasLeadTimeAndSpectraPlotsWithOneCurvePerMethodAndNoScript() throws {
        let html = Self.document().html(version: 1)
        #expect(!html.contains("<script"))
        let ensembleSection = try #require(html.components(separatedBy: "id=\"task-l96/ensemble\"").last)
        #expect(ensembleSection.components(separatedBy: "class=\"lead-time\"").count - 1 == 2, "rmse and crps against lead")
        #expect(ensembleSection.components(separatedBy: "class=\"spectra\"").count - 1 == 1)
        let plots = Self.tables()[1].leadTimePlots()
        #expect(plots.map(\.series.count) == [3, 3])
        #expect(plots[0].xLabel == "lead time (Lyapunov times)")
        let spectrum = try #require(Self.tables()[1].spectrumPlot())
        #expect(spectrum.series.map(\.name) == ["truth", "ens", "blurred", "sharp"])
        #expect(spectrum.series[0].reference && spectrum.x == [1, 2, 3, 4], "shell 0 has no wavelength")
    }

    @Test func linePlotBreaksCurvesAtUndrawablePointsAndListsEmptyOnes() {
        let plot = LinePlot(title: "t", cssClass: "spectra", xLabel: "k", yLabel: "E", x: [1, 2, 4, 8],
                            series: [.init(name: "a", values: [1, 0.5, 0, 0.1]), .init(name: "b", values: [0, -1, .nan, 0])],
                            logX: true, logY: true)
        let svg = plot.svg()
        // "a": 1, 0.5 form a line; 0 cannot be drawn on a log axis; 0.1 stands alone as a dot.
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 1)
        #expect(svg.contains("<circle"))
        #expect(svg.contains("not plotted: b"))
        let empty = LinePlot(title: "t", cssClass: "lead-time", xLabel: "x", yLabel: "y", x: [1], series: [.init(name: "a", values: [.nan])])
        #expect(empty.svg().contains("Nothing to plot."))
    }

    @Test func sparklineScalesToTheLargestBin() {
        #expect(LeaderboardTask.sparkline([1, 1, 1, 1]) == "████")
        #expect(LeaderboardTask.sparkline([0, 0.5, 1]) == "▁▅█")
        #expect(LeaderboardTask.sparkline([0, 0]) == "—")
    }

    @Test func linearAxisUsesRoundStepsAndIncludesZero() {
        let axis = LinePlot.Axis(values: [0.37, 4.6], log: false, includeZero: true)
        #expect(axis.lo == 0 && axis.hi == 5)
        #expect(axis.ticks == [0, 1, 2, 3, 4, 5])
        #expect(LinePlot.Axis.step(0.9) == 0.2)
    }
}
