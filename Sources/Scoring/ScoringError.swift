/// An error raised when inputs to the scorer cannot be scored as given.
///
/// A struct with an extensible code and the context a user needs, rendered once.
public struct ScoringError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Prediction and target do not have compatible axes or shapes.
        public static let shapeMismatch = Code(rawValue: "shape-mismatch")
        /// The configuration does not match the fields (lead count, domain lengths, climatology).
        public static let configuration = Code(rawValue: "configuration")
        /// Two accumulators or score sets computed on different grids or cases were combined.
        public static let incompatible = Code(rawValue: "incompatible")
        /// Not enough data for the requested statistic.
        public static let insufficientData = Code(rawValue: "insufficient-data")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "scoring error (\(code.rawValue)): \(message)" }
}
