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
/// directory while it waits for the process (at most every ``checkInterval``) and kills the tree
/// when it is over; it also measures once more after the process has ended. Between two checks a
/// process can write past the bound by what it writes in one interval.
public struct DirectoryQuota: Codable, Hashable, Sendable {
    /// The host directory.
    public var path: String
    public var maximumBytes: UInt64
    public var maximumEntries: Int

    /// Entries (files, directories, links) a training process may leave in /artifacts: far more
    /// than a model needs, few enough that counting them takes milliseconds.
    public static let defaultMaximumEntries = 10_000
    /// How often the harness measures the directory while it waits.
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
    }

    /// Directory levels below the root that are walked (each open level holds a descriptor).
    public static let maximumDepth = 64

    /// Walks the tree below ``path``. Every directory is opened relative to its parent with
    /// `O_NOFOLLOW`, so a link the process swaps in (even while the walk runs) is counted as a
    /// link and never followed out of the directory.
    public func usage() -> Usage {
        var usage = Usage()
        let root = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if root >= 0 { _ = walk(root, depth: 0, into: &usage) }
        return usage
    }

    /// Counts the directory open at `descriptor` (which it closes) and below; false once a
    /// bound is passed (the walk stops there).
    private func walk(_ descriptor: Int32, depth: Int, into usage: inout Usage) -> Bool {
        guard let stream = fdopendir(descriptor) else {
            close(descriptor)
            return true
        }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            usage.entries += 1
            var info = stat()
            guard fstatat(dirfd(stream), name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            usage.bytes += UInt64(max(0, info.st_blocks)) * 512
            if usage.entries > maximumEntries || usage.bytes > maximumBytes { return false }
            guard (info.st_mode & S_IFMT) == S_IFDIR else { continue }
            if depth + 1 > Self.maximumDepth {
                usage.tooDeep = true
                return false
            }
            let child = openat(dirfd(stream), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if child >= 0, !walk(child, depth: depth + 1, into: &usage) { return false }
        }
        return true
    }

    /// Why the directory is over its bound ("more than 10000 files"; no path, since the reason is
    /// published), or nil when it is within it.
    public func violation() -> String? {
        let usage = usage()
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
}
