import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The files that make up a plugin: what its content hash covers and what is staged.
///
/// Regular files are taken as they are. A symbolic link is normally kept as a link (inside the
/// sandbox it resolves against what is bound there, which is harmless), with one exception: a
/// link to the shared plugin code of a Holdout repository — its Python SDK
/// (`Plugins/python/holdout_sdk`) or a file of another example or gauntlet plugin
/// (`Plugins/examples/…`, `Plugins/gauntlet/…`) — is replaced by what it points to. That is how
/// the example plugins share one SDK (the two FNO variants one model file, the two hostile
/// gauntlet plugins one script) instead of each carrying a copy; the staged plugin still contains,
/// and its hash still covers, exactly the code that runs. No other link target is ever copied,
/// so a link cannot pull an organiser's file into a staged plugin.
enum PluginFiles {
    static let sharedSDKSuffix = "/Plugins/python/holdout_sdk"

    static func isSharedCode(_ resolved: String) -> Bool {
        resolved.hasSuffix(sharedSDKSuffix) || resolved.contains(sharedSDKSuffix + "/") || resolved.contains("/Plugins/examples/")
            || resolved.contains("/Plugins/gauntlet/")
    }

    enum Entry: Equatable {
        case file(relative: String, source: URL)
        case link(relative: String, target: String)
    }

    /// Every entry under `directory`, sorted by relative path; `__pycache__` left out.
    static func entries(of directory: URL) throws -> [Entry] {
        var entries: [Entry] = []
        try collect(directory.standardizedFileURL.path, prefix: "", into: &entries)
        return entries.sorted { relative($0) < relative($1) }
    }

    static func relative(_ entry: Entry) -> String {
        switch entry {
        case let .file(relative, _), let .link(relative, _): relative
        }
    }

    private static func collect(_ path: String, prefix: String, into entries: inout [Entry]) throws {
        let manager = FileManager.default
        for name in try manager.contentsOfDirectory(atPath: path).sorted() where name != "__pycache__" {
            let full = path + "/" + name
            let relative = prefix + "/" + name
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                try collect(full, prefix: relative, into: &entries)
            case S_IFREG:
                entries.append(.file(relative: relative, source: URL(fileURLWithPath: full)))
            case S_IFLNK:
                let target = try manager.destinationOfSymbolicLink(atPath: full)
                let resolved = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
                var isDirectory: ObjCBool = false
                if isSharedCode(resolved), manager.fileExists(atPath: resolved, isDirectory: &isDirectory) {
                    if isDirectory.boolValue {
                        try collect(resolved, prefix: relative, into: &entries)
                    } else {
                        entries.append(.file(relative: relative, source: URL(fileURLWithPath: resolved)))
                    }
                } else {
                    entries.append(.link(relative: relative, target: target))
                }
            default:
                continue  // sockets, fifos, devices: not plugin content
            }
        }
    }

    /// Writes the entries below `target` (which must not exist yet).
    static func copy(_ entries: [Entry], to target: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: target, withIntermediateDirectories: true)
        for entry in entries {
            let destination = target.appendingPathComponent(String(relative(entry).dropFirst()))
            try manager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            switch entry {
            case let .file(_, source): try manager.copyItem(at: source, to: destination)
            case let .link(_, linkTarget): try manager.createSymbolicLink(atPath: destination.path, withDestinationPath: linkTarget)
            }
        }
    }
}
