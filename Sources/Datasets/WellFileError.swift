/// A failure to write or read a file in The Well's layout, with the context a user needs to
/// find the problem: which file, which object inside it, and which HDF5 call failed (with
/// HDF5's own message, taken from its error stack instead of being printed to stderr).
public struct WellFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The in-memory dataset is inconsistent (shapes, names, counts); nothing was written.
        public static let invalidDataset = Code(rawValue: "invalid dataset")
        /// An HDF5 library call failed (missing file, not HDF5, missing object, I/O error).
        public static let hdf5 = Code(rawValue: "HDF5 call failed")
        /// The file is valid HDF5 but does not follow The Well's layout (or uses a part of it
        /// that is not supported, such as time-varying scalars).
        public static let layout = Code(rawValue: "not in The Well's layout")
        /// A file-system operation around the HDF5 file failed (temporary file, rename).
        public static let io = Code(rawValue: "file-system error")
    }

    public var code: Code
    public var message: String
    /// The file on disk, if any.
    public var file: String?
    /// The HDF5 object path inside the file, e.g. `/t0_fields/u`.
    public var objectPath: String?
    /// The failing HDF5 or system call, e.g. `H5Fopen`.
    public var call: String?
    /// The most specific message on HDF5's error stack, if the failure came from HDF5.
    public var libraryMessage: String?

    public init(_ code: Code, _ message: String, file: String? = nil, objectPath: String? = nil,
                call: String? = nil, libraryMessage: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.objectPath = objectPath
        self.call = call
        self.libraryMessage = libraryMessage
    }

    public var description: String {
        var text = "\(code): \(message)"
        var context: [String] = []
        if let file { context.append("file \(file)") }
        if let objectPath { context.append("object \(objectPath)") }
        if let call { context.append("in \(call)") }
        if !context.isEmpty { text += " (" + context.joined(separator: ", ") + ")" }
        if let libraryMessage, !libraryMessage.isEmpty { text += ": HDF5 says \"\(libraryMessage)\"" }
        return text
    }
}
