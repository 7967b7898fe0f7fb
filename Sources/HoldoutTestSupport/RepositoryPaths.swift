import Foundation

/// Paths into the repository for tests: specs, plugins and the built `holdout` binary.
public enum RepositoryPaths {
    /// The package root, found from this source file's location.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    public static var tasks: URL { root.appendingPathComponent("Tasks") }
    public static var burgersSpec: URL { tasks.appendingPathComponent("pde/burgers-1d.yaml") }
    public static var starterChallenge: URL { tasks.appendingPathComponent("challenges/starter.yaml") }

    /// A fresh temporary directory, removed by the caller (or left for inspection on failure).
    public static func temporaryDirectory(_ label: String = "holdout-test") -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
