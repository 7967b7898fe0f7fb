/// An error in a YAML spec, rendered for people as `file:line:col: message`.
///
/// Every problem a spec can have (syntax, unknown key, wrong type, value out of range,
/// reference to a missing task) is reported through this one type, so that a user always
/// learns where and what was expected, never a bare decoding error.
public struct SpecError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}
