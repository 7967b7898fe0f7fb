import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bound on what a process tree may store in one host directory: the disk it takes (allocated
/// blocks, so sparse files count for what they use) and the number of entries in it.
///
/// Why not a sized tmpfs, as for /scratch and /tmp: a training process's /artifacts must outlive
/// the sandbox (prediction processes read it later), so it is a bind of a host directory, and
/// `RLIMIT_FSIZE` bounds each file but not how many there are. The harness therefore measures the
/// directory while it waits for the process and kills the tree when it is over; it also measures
/// once more after the process has ended. Between two checks a process can write past the bound
/// by what it writes in one interval.
///
/// Names are handled as raw bytes (a name need not be UTF-8), links are never followed, and
/// anything the harness cannot read (a directory the process made unreadable) is a violation of
/// its own: what cannot be measured is not allowed.
public struct DirectoryQuota: Codable, Hashable, Sendable {
    /// The host directory.
    public var path: String
    public var maximumBytes: UInt64
    public var maximumEntries: Int

    /// Entries (files, directories, links) a training process may leave in /artifacts: far more
    /// than a model needs, few enough that counting them takes milliseconds.
    public static let defaultMaximumEntries = 10_000
    /// Directory levels below the root that are walked (each open level holds a descriptor).
    public static let maximumDepth = 64
    /// How often the harness measures the directory while it waits, at the most: a walk that
    /// takes longer than a tenth of this interval stretches the next one (a tree built to be
    /// slow to walk cannot make the harness spend its time walking).
    public static let checkInterval: Duration = .milliseconds(100)

    public init(path: String, maximumBytes: UInt64, maximumEntries: Int = DirectoryQuota.defaultMaximumEntries) {
        self.path = path
        self.maximumBytes = maximumBytes
        self.maximumEntries = maximumEntries
    }

    /// What the directory holds, counted until a bound is passed (so a directory with a million
    /// files costs no more to check than one just over the bound).
    public struct Usage: Hashable, Sendable {
        public var bytes: UInt64 = 0
        public var entries = 0
        /// A directory lies deeper than ``maximumDepth`` below the root.
        public var tooDeep = false
        /// An entry could not be measured (errno of the failed call), e.g. an unreadable directory.
        public var unreadable: Int32?
    }

    /// Walks the tree below ``path``. Every directory is opened relative to its parent with
    /// `O_NOFOLLOW`, so a link the process swaps in (even while the walk runs) is counted as a
    /// link and never followed out of the directory. A missing root counts as empty.
    public func usage() -> Usage {
        var usage = Usage()
        let root = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if root >= 0 {
            _ = walk(root, depth: 0, into: &usage)
        } else if errno != ENOENT {
            usage.unreadable = errno
        }
        return usage
    }

    /// Counts the directory open at `descriptor` (which it closes) and below; false once a
    /// bound is passed (the walk stops there).
    private func walk(_ descriptor: Int32, depth: Int, into usage: inout Usage) -> Bool {
        guard let stream = fdopendir(descriptor) else {
            usage.unreadable = errno
            close(descriptor)
            return false
        }
        defer { closedir(stream) }
        let parent = dirfd(stream)
        while let entry = readdir(stream) {
            let name = Self.name(of: entry)
            if Self.isDotOrDotDot(name) { continue }
            usage.entries += 1
            var info = stat()
            guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                if errno == ENOENT { continue }  // removed since readdir saw it
                usage.unreadable = errno
                return false
            }
            usage.bytes += UInt64(max(0, info.st_blocks)) * 512
            if usage.entries > maximumEntries || usage.bytes > maximumBytes { return false }
            guard (info.st_mode & S_IFMT) == S_IFDIR else { continue }
            if depth + 1 > Self.maximumDepth {
                usage.tooDeep = true
                return false
            }
            let child = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if child < 0 {
                if errno == ENOENT { continue }
                usage.unreadable = errno
                return false
            }
            if !walk(child, depth: depth + 1, into: &usage) { return false }
        }
        return true
    }

    /// The entry's name as the C string the kernel returned (any bytes but `/` and NUL).
    private static func name(of entry: UnsafeMutablePointer<dirent>) -> UnsafePointer<CChar> {
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        return UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self)
    }

    private static func isDotOrDotDot(_ name: UnsafePointer<CChar>) -> Bool {
        name[0] == 0x2E && (name[1] == 0 || (name[1] == 0x2E && name[2] == 0))
    }

    /// Why the directory is over its bound ("more than 10000 files"; no path, since the reason is
    /// published), or nil when it is within it.
    public func violation() -> String? {
        let usage = usage()
        if let code = usage.unreadable {
            return "an entry the harness cannot read (\(String(cString: strerror(code))))"
        }
        if usage.entries > maximumEntries {
            return "more than \(maximumEntries) files"
        }
        if usage.tooDeep {
            return "directories nested more than \(Self.maximumDepth) deep"
        }
        if usage.bytes > maximumBytes {
            return maximumBytes % (1 << 20) == 0 ? "more than \(maximumBytes >> 20) MiB" : "more than \(maximumBytes) bytes"
        }
        return nil
    }

    /// Removes everything below ``path`` and leaves it an empty directory with its mode, whatever
    /// the names, permissions or depth a process left there: the tree is moved aside, made
    /// writable (`chmod -R u+rwx`) and removed (`rm -rf`). Call it only after the process tree
    /// has ended.
    public func removeContents() throws {
        let manager = FileManager.default
        var info = stat()
        guard lstat(path, &info) == 0, (try? manager.contentsOfDirectory(atPath: path))?.isEmpty != true else { return }
        let aside = path + ".removing-\(UUID().uuidString)"
        guard rename(path, aside) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        try manager.createDirectory(atPath: path, withIntermediateDirectories: false,
                                    attributes: [.posixPermissions: Int(info.st_mode & 0o7777)])
        for arguments in [["/bin/chmod", "-R", "u+rwx", "--", aside], ["/bin/rm", "-rf", "--", aside]] {
            let tool = Process()
            tool.executableURL = URL(fileURLWithPath: arguments[0])
            tool.arguments = Array(arguments.dropFirst())
            tool.standardError = FileHandle.nullDevice
            try tool.run()
            tool.waitUntilExit()
        }
        if lstat(aside, &info) == 0 {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: aside])
        }
    }
}
