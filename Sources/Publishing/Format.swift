import Foundation

/// Number formatting for the human-readable pages (README.md, index.html).
///
/// Four significant digits (`%.4g`): enough to tell methods apart, few enough to read. The JSON and
/// CSV keep full precision; these pages are views of them.
enum Format {
    static func number(_ x: Double?) -> String {
        guard let x else { return "—" }
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "∞" : "−∞" }
        if x == 0 { return "0" }
        // %g picks fixed or exponent notation by magnitude (exponent below 1e-4 or from 1e4 on).
        return String(format: "%.4g", x)
    }

    static func percent(_ x: Double) -> String { String(format: "%.1f %%", 100 * x) }

    static func signedPercent(_ x: Double) -> String { String(format: "%+.1f %%", 100 * x) }

    static func interval(_ low: Double, _ high: Double) -> String { "[\(number(low)), \(number(high))]" }

    static func bytes(_ n: Int64) -> String {
        let gib = Double(n) / 1_073_741_824
        return gib >= 1 ? String(format: "%.1f GiB", gib) : String(format: "%.0f MiB", Double(n) / 1_048_576)
    }

    static func flag(_ b: Bool?) -> String {
        switch b {
        case true?: return "yes"
        case false?: return "no"
        case nil: return "—"
        }
    }
}
