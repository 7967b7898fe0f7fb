import Foundation

extension LeaderboardTask {
    /// A table column shown beside the headline mean on both pages.
    struct Column {
        var header: String
        var cell: (LeaderboardEntry) -> String
    }

    /// The columns beside the headline: the members a method returned (tasks with two tracks)
    /// and, where spectra were scored, the spectral ratio per band and the effective resolution,
    /// so that a blurred forecast — good RMSE, ratio well below 1 at high wavenumbers — is
    /// visible at a glance.
    var besideHeadline: [Column] {
        var columns: [Column] = []
        if track != nil {
            columns.append(Column(header: "Members") { $0.members.map(String.init) ?? "—" })
        }
        if track == "ensemble" {
            columns.append(Column(header: "Spread-skill") { Format.number($0.metrics["spread-skill"]?.mean) })
            columns.append(Column(header: "Rank histogram") { $0.rankHistogram.map(Self.sparkline) ?? "—" })
        }
        if let lyapunov = lyapunovExponent, entries.contains(where: { $0.metrics["valid-time"] != nil }) {
            // Mean valid time (a first crossing, censored at the last lead) in Lyapunov times.
            columns.append(Column(header: "Valid time (Lyapunov times)") { entry in
                Format.number(entry.metrics["valid-time"].map { $0.mean * lyapunov })
            })
        }
        if entries.contains(where: { $0.spectralRatio != nil }) {
            columns.append(Column(header: "Spectral ratio low/mid/high") { entry in
                guard let r = entry.spectralRatio else { return "—" }
                return ["low", "mid", "high"].map { Format.number(r[$0]) }.joined(separator: " / ")
            })
            columns.append(Column(header: "Eff. resolution") { Format.number($0.effectiveResolution) })
        }
        return columns
    }

    /// Frequencies as a row of eighth-blocks scaled to the largest bin, e.g. "▇▄▃▄█" (U-shaped:
    /// too little spread), so calibration is readable in a table cell without a plot.
    static func sparkline(_ frequencies: [Double]) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        guard let top = frequencies.max(), top > 0 else { return "—" }
        return String(frequencies.map { blocks[min(7, Int(($0 / top * 7).rounded()))] })
    }

    /// One sentence on what the table ranks, for tasks with two tracks.
    var trackDescription: String? {
        switch track {
        case "deterministic"?:
            return "Deterministic track: methods returning one member, ranked by \(headlineMetric); the spectral ratio beside it shows blur (a blurred forecast wins RMSE but has a high-band ratio well below 1)."
        case "ensemble"?:
            return "Ensemble track: every method, ranked by fair CRPS of its members; a deterministic method counts as a one-member ensemble, whose CRPS is its mean absolute error."
        default:
            return nil
        }
    }
}
