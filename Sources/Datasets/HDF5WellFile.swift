import CHDF5
import Foundation
import HoldoutCore

/// Reading and writing ``WellDataset`` as HDF5 files in The Well's layout, so that Python
/// users open Holdout's public splits with h5py (or The Well's own loader) exactly as they
/// open The Well.
///
/// Writing is reproducible: every object is created without modification times and datasets
/// are contiguous, so the same dataset always gives the same bytes (which commitments hash).
/// It is also atomic: the file is written under a temporary name in the target directory,
/// created with the requested permissions from the start (hidden data is never readable by
/// others, not even while it is written), and renamed into place only when complete.
///
/// HDF5's automatic error printing is turned off; every failure becomes a ``WellFileError``
/// naming the file, the object and the HDF5 call.
public enum WellHDF5 {
    /// Version of Holdout's additions to the layout, stored as the root attribute
    /// `holdout_layout_version`.
    public static let layoutVersion = 1

    /// The three field groups, indexed by tensor order.
    static let fieldGroups = ["t0_fields", "t1_fields", "t2_fields"]

    /// Writes `dataset` to `url`, replacing any existing file.
    public static func write(_ dataset: WellDataset, to url: URL, permissions: mode_t = 0o644) throws {
        try dataset.validate()
        let target = url.path
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let descriptor = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, permissions)
        guard descriptor >= 0 else {
            throw WellFileError(.io, "cannot create a file in \(directory): \(String(cString: strerror(errno)))",
                                file: target, call: "open")
        }
        // The umask may have removed bits; the caller asked for exactly these.
        let modeStatus = fchmod(descriptor, permissions)
        close(descriptor)
        do {
            guard modeStatus == 0 else {
                throw WellFileError(.io, "cannot set permissions: \(String(cString: strerror(errno)))",
                                    file: target, call: "fchmod")
            }
            try HDF5Library.locked { try writeContents(dataset, path: temporary, displayedAs: target) }
            guard rename(temporary, target) == 0 else {
                throw WellFileError(.io, "cannot move the written file into place: \(String(cString: strerror(errno)))",
                                    file: target, call: "rename")
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Reads a whole file in The Well's layout (written by Holdout or by The Well).
    public static func read(from url: URL) throws -> WellDataset {
        try checkReadable(url)
        return try HDF5Library.locked {
            let file = try HDF5Object.openFile(at: url.path)
            return try readContents(file)
        }
    }

    /// Reads one field dataset, searched for by name in `t0_fields`, `t1_fields` and
    /// `t2_fields`, without reading the rest of the file. With `trajectory`, reads only that
    /// trajectory (a hyperslab of the leading case axis) and drops the case axis.
    public static func readField(name: String, from url: URL, trajectory: Int? = nil) throws -> Field {
        try checkReadable(url)
        return try HDF5Library.locked {
            let file = try HDF5Object.openFile(at: url.path)
            let dimensions = try file.openGroup("dimensions")
            guard let spatial = try dimensions.readAttribute("spatial_dims").strings else {
                throw dimensions.layoutError("spatial_dims is not a list of strings")
            }
            for (order, groupName) in fieldGroups.enumerated() where file.exists(groupName) {
                let group = try file.openGroup(groupName)
                if group.exists(name) {
                    return try readField(name, in: group, order: order, spatialDimensions: spatial,
                                        trajectory: trajectory)
                }
            }
            throw WellFileError(.layout, "no field named \(name) in t0_fields, t1_fields or t2_fields",
                                file: url.path, objectPath: "/t*_fields/\(name)")
        }
    }

    /// A clear error for a missing file before HDF5 reports a generic open failure.
    private static func checkReadable(_ url: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw WellFileError(.io, "no such file", file: url.path, call: "open")
        }
        guard !isDirectory.boolValue else {
            throw WellFileError(.io, "is a directory, not an HDF5 file", file: url.path, call: "open")
        }
    }
}
