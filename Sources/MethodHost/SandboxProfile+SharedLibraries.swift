import Foundation

extension SandboxProfile {
    /// Directories of the shared libraries this process has loaded (from `/proc/self/maps`),
    /// e.g. the toolchain's `libswiftCore.so` and `libFoundation.so`.
    ///
    /// Built-in methods run as `holdout method serve NAME` inside the sandbox, through the same
    /// protocol as any plugin; the binary finds its Swift runtime through its rpath, so these
    /// directories must appear inside at the same paths.
    public static func loadedLibraryDirectories() -> [String] {
        // procfs files report size 0, so read them by handle until end-of-file.
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/maps"),
              let data = try? handle.readToEnd() else { return [] }
        let maps = String(decoding: data, as: UTF8.self)
        var directories = Set<String>()
        for line in maps.split(separator: "\n") {
            // address perms offset dev inode path
            guard let slash = line.firstIndex(of: "/") else { continue }
            let path = String(line[slash...])
            let name = (path as NSString).lastPathComponent
            guard name.hasSuffix(".so") || name.contains(".so.") else { continue }
            directories.insert((path as NSString).deletingLastPathComponent)
        }
        return directories.sorted()
    }

    /// This profile plus read-only binds (at identical paths) for `directories` and every loaded
    /// library directory not already visible, so a copy of the current binary placed in one of
    /// `directories` can be started inside the sandbox (built-ins run as `holdout method serve`).
    ///
    /// The executable's own directory is deliberately not bound: it may lie where the sandbox
    /// user cannot reach (a checkout under /root); the harness stages a copy of the binary in its
    /// workspace and passes that directory here.
    public func bindingLoadedLibraries(and directories: [String] = []) -> SandboxProfile {
        var profile = self
        for directory in Set(Self.loadedLibraryDirectories() + directories).sorted() where !profile.makesVisible(directory) {
            profile.readOnlyBinds.append(Bind(directory))
        }
        return profile
    }

    /// Whether a host path is already reachable at the same path through a bind or a link.
    public func makesVisible(_ path: String) -> Bool {
        let identical = (readOnlyBinds + writableBinds).filter { $0.source == $0.destination }.map(\.destination)
        let linked = symlinks.map(\.path)
        return (identical + linked).contains { root in path == root || path.hasPrefix(root + "/") }
    }
}
