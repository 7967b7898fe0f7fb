import Foundation
import Testing
@testable import Publishing

@Suite struct HTMLTests {
    private func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    @Test func htmlIsSelfContainedWithOnePlotPointPerPlottableMethod() throws {
        let html = Fixtures.document().html(version: 1)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<style>"))
        // No external resources of any kind.
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src="))

        #expect(count("<svg class=\"cost-accuracy\"", in: html) == 1)
        // Six entries have a positive mean and cost; "crashy" has no metrics and is counted as not plotted.
        #expect(count("<g class=\"point\"", in: html) == 6)
        for method in ["spectral-32", "spectral-64", "spectral-128", "persistence", "fno", "template"] {
            #expect(count("data-method=\"\(method)\"", in: html) == 1)
        }
        #expect(html.contains("not plotted: 1"))
        // The three ladder rungs are joined by one polyline with three vertices.
        #expect(count("<polyline class=\"ladder\"", in: html) == 1)
        let polyline = try #require(html.components(separatedBy: "<polyline class=\"ladder\" points=\"").dropFirst().first?
            .components(separatedBy: "\"").first)
        #expect(polyline.split(separator: " ").count == 3)
        // Legend and axis labels.
        #expect(html.contains("baseline ladder") && html.contains("submission") && html.contains("hollow: unsandboxed"))
        #expect(html.contains("predict wall time per case (s, log scale)"))
        // Every entry (failed one included) is in the table.
        #expect(html.contains("<td>crashy</td>"))
    }

    @Test func logAxisTicksSpanWholeDecades() {
        // Costs 1.5e-4 … 2e-2 → decades 1e-4 … 1e-1 (three decades: no 2×/5× ticks).
        let axis = CostAccuracyPlot.LogAxis(values: [1.5e-4, 2e-2])
        #expect(axis.lo == -4 && axis.hi == -1)
        #expect(axis.ticks.map(\.value) == [1e-4, 1e-3, 1e-2, 1e-1])
        // A value on a decade is padded by one more decade so its marker is not on the frame.
        let padded = CostAccuracyPlot.LogAxis(values: [1e-4, 0.02])
        #expect(padded.lo == -5 && padded.hi == -1)
        // Within one decade: 2× and 5× ticks are added.
        let narrow = CostAccuracyPlot.LogAxis(values: [0.3, 0.6])
        #expect(narrow.ticks.map(\.value) == [0.1, 0.2, 0.5, 1.0])
        #expect(narrow.unit(0.1) == 0 && narrow.unit(1) == 1)
    }

    @Test func tickLabels() {
        let plot = CostAccuracyPlot(task: Fixtures.task())
        #expect(plot.tickLabel(1e-4) == "1e-4")
        #expect(plot.tickLabel(2e-5) == "2e-5")
        #expect(plot.tickLabel(0.01) == "0.01")
        #expect(plot.tickLabel(100) == "100")
        #expect(plot.tickLabel(1e5) == "1e5")
    }

    @Test func textIsEscaped() {
        var task = Fixtures.task()
        task.entries[3].method = "<b>&\"evil\""
        let html = Fixtures.document(task: task).html(version: 1)
        #expect(!html.contains("<b>&"))
        #expect(html.contains("&lt;b&gt;&amp;&quot;evil&quot;"))
    }
}
