import ArgumentParser
import Foundation

/// `holdout plugin new`: a plugin directory that passes `holdout plugin check` as generated,
/// so an author starts from something that works and changes one thing at a time.
struct PluginNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a plugin directory: plugin.yaml, code and a README.",
        discussion: """
        python: plugin.py (a subclass of holdout_sdk.Method fitting damped persistence) and a copy of the \
        holdout_sdk package: the sandbox shows a plugin only its own directory and the host's /usr, so the SDK \
        travels inside the plugin. swift: Package.swift, Sources/<name>/main.swift (HPP/1 in plain Foundation) \
        and build.sh, which builds a static binary into bin/.
        """)

    enum Language: String, ExpressibleByArgument, CaseIterable { case python, swift }

    @Option(help: "python or swift.")
    var language: Language = .python

    @Argument(help: "The method's name: lower-case letters, digits and dashes (e.g. my-fno).")
    var name: String

    @Option(help: "Where to create the directory (default: ./<name>).")
    var output: String?

    @Option(help: "The repository whose Plugins/python/holdout_sdk is copied (default: found from here or from the holdout binary).")
    var repository: String?

    func run() throws {
        guard name.range(of: #"^[a-z][a-z0-9-]*$"#, options: .regularExpression) != nil else {
            throw fail("'\(name)' is not a valid name: use lower-case letters, digits and dashes, starting with a letter")
        }
        let manager = FileManager.default
        let target = URL(fileURLWithPath: output ?? name, relativeTo: URL(fileURLWithPath: manager.currentDirectoryPath + "/"))
            .standardizedFileURL
        if manager.fileExists(atPath: target.path),
           !((try? manager.contentsOfDirectory(atPath: target.path))?.isEmpty ?? false) {
            throw fail("\(target.path) exists and is not empty; choose another --output")
        }
        let templates = PluginTemplates(name: name)
        var files: [(String, String, Bool)] = []  // path, content, executable
        switch language {
        case .python:
            guard let sdk = Self.findSDK(repository: repository) else {
                throw fail("cannot find Plugins/python/holdout_sdk (the SDK to copy); run from the Holdout repository or pass --repository")
            }
            try manager.createDirectory(at: target, withIntermediateDirectories: true)
            try manager.copyItem(at: sdk, to: target.appendingPathComponent("holdout_sdk"))
            try? manager.removeItem(at: target.appendingPathComponent("holdout_sdk/__pycache__"))
            files = [("plugin.yaml", templates.pythonManifest, false), ("plugin.py", templates.pythonPlugin, false),
                     ("README.md", templates.pythonReadme, false)]
        case .swift:
            files = [("plugin.yaml", templates.swiftManifest, false), ("Package.swift", templates.swiftPackage, false),
                     ("Sources/\(name)/main.swift", templates.swiftMain, false), ("build.sh", templates.swiftBuild, true),
                     ("README.md", templates.swiftReadme, false)]
        }
        for (path, content, executable) in files {
            let url = target.appendingPathComponent(path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
            if executable { try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }
        }
        print("Created \(language.rawValue) plugin '\(name)' in \(target.path)")
        switch language {
        case .python: print("Next: edit plugin.py, then run: holdout plugin check \(output ?? name)")
        case .swift: print("Next: (cd \(output ?? name) && ./build.sh), then run: holdout plugin check \(output ?? name)")
        }
    }

    /// The SDK package to vendor: under --repository, the current directory, or a directory
    /// above the running binary (a build in .build/ of the repository).
    static func findSDK(repository: String?) -> URL? {
        var candidates: [URL] = []
        if let repository { candidates.append(URL(fileURLWithPath: repository)) }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        var url = currentExecutable.deletingLastPathComponent()
        while url.path != "/" {
            candidates.append(url)
            url.deleteLastPathComponent()
        }
        return candidates.map { $0.appendingPathComponent("Plugins/python/holdout_sdk") }
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("__init__.py").path) }
    }
}
