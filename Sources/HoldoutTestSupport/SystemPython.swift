import Foundation

/// The system Python (`/usr/bin/python3`, which has numpy and h5py) for tests that read and
/// write data the way participants do.
public enum SystemPython {
    /// Runs `/usr/bin/python3 -c script arguments…` (in `directory`, if given) and returns its
    /// standard output; a non-zero exit throws with the standard error.
    @discardableResult
    public static func run(_ script: String, _ arguments: [String] = [], in directory: URL? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script] + arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(message: String(decoding: errorData, as: UTF8.self))
        }
        return String(decoding: outputData, as: UTF8.self)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { "python3 failed: \(message)" }
    }

    /// Arguments `source target`: writes to `target` a persistence forecast of the split file
    /// `source` (field `u`, the last input frame repeated for every output frame) in the layout
    /// `holdout score --predictions` reads: the source file with only the output frames.
    public static let persistenceForecast = """
        import h5py, numpy as np, shutil, sys
        source, target = sys.argv[1], sys.argv[2]
        shutil.copy(source, target)
        with h5py.File(target, "r+") as g:
            inputs = int(g.attrs["holdout_input_frames"])
            data = g["t0_fields/u"][()]
            prediction = np.repeat(data[:, inputs - 1:inputs], data.shape[1] - inputs, axis=1)
            attrs = dict(g["t0_fields/u"].attrs)
            del g["t0_fields/u"]
            d = g["t0_fields"].create_dataset("u", data=np.ascontiguousarray(prediction))
            for k, v in attrs.items():
                d.attrs[k] = v
            t = g["dimensions/time"][()][inputs:]
            tattrs = dict(g["dimensions/time"].attrs)
            del g["dimensions/time"]
            g["dimensions"].create_dataset("time", data=t)
            for k, v in tattrs.items():
                g["dimensions/time"].attrs[k] = v
        """
}
