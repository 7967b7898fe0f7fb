import Foundation

/// Why a publication could not be written, with the path a user needs to act on it.
public struct PublishingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        /// Challenge or round id cannot be used as a directory name.
        case invalidName
        /// Reading the previous version or writing the new one failed.
        case io
        /// Another publisher created the same version first.
        case versionExists
        /// A published file cannot be read back (e.g. a malformed cases.csv).
        case invalidInput
    }

    public var code: Code
    public var path: String
    public var message: String

    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
