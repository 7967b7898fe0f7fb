import Datasets
import Foundation
import HoldoutCore
import Testing

@Suite struct WellHDF5Tests {
    @Test func roundTripOneDimensional() throws {
        let directory = try WellFileFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("ks.hdf5")
        let dataset = WellFileFixtures.oneDimensional()
        try WellHDF5.write(dataset, to: url)
        let read = try WellHDF5.read(from: url)
        #expect(read == dataset)
        // By hand: u[1, 2, 3] = 100 + 20 + 3 + 0.5.
        #expect(read.field(named: "u")?[1, 2, 3] == 123.5)
        #expect(read.boundaryConditions == [.periodic("x")])
        #expect(read.simulationParameters == ["forcing", "nu"])
    }

    @Test func roundTripTwoDimensionalWithVectorField() throws {
        let directory = try WellFileFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("ns.hdf5")
        let dataset = WellFileFixtures.twoDimensional()
        try WellHDF5.write(dataset, to: url)
        let read = try WellHDF5.read(from: url)
        #expect(read == dataset)
        // By hand: v[1, 1, 2, 1, 1] = 1000 + 100 + 20 + 1 + 0.25.
        #expect(read.field(named: "velocity")?[1, 1, 2, 1, 1] == 1121.25)
        #expect(read.t1Fields.first?.field.axes.last == Axis(.component, "velocity"))
    }

    @Test func roundTripWithMemberAxis() throws {
        let directory = try WellFileFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("prediction.hdf5")
        let dataset = WellFileFixtures.withMembers()
        try WellHDF5.write(dataset, to: url)
        let read = try WellHDF5.read(from: url)
        #expect(read == dataset)
        let u = try #require(read.field(named: "u"))
        #expect(u.axes.map(\.kind) == [.case, .member, .lead, .space])
        #expect(u.shape == [2, 3, 3, 4])
        // By hand: u[1, 2, 0, 3] = 100 + 0 + 3 + 2/8.
        #expect(u[1, 2, 0, 3] == 103.25)
    }

    @Test func readSingleFieldAndTrajectory() throws {
        let directory = try WellFileFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("ns.hdf5")
        let dataset = WellFileFixtures.twoDimensional()
        try WellHDF5.write(dataset, to: url)
        let velocity = try WellHDF5.readField(name: "velocity", from: url)
        #expect(velocity == dataset.t1Fields[0].field)
        let second = try WellHDF5.readField(name: "velocity", from: url, trajectory: 1)
        #expect(second == dataset.t1Fields[0].field.slice(1))
        #expect(second.shape == [2, 3, 2, 2])
        #expect(second[0, 2, 1, 0] == 1021)  // 1000 + 0 + 20 + 1 + 0
        #expect(throws: WellFileError.self) { try WellHDF5.readField(name: "missing", from: url) }
        #expect(throws: WellFileError.self) { try WellHDF5.readField(name: "p", from: url, trajectory: 2) }
    }

    @Test func identicalInputGivesIdenticalBytes() throws {
        let directory = try WellFileFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (index, dataset) in [WellFileFixtures.oneDimensional(), WellFileFixtures.twoDimensional(),
                                 WellFileFixtures.withMembers()].enumerated() {
            let first = directory.appendingPathComponent("first-\(index).hdf5")
            let second = directory.appendingPathComponent("second-\(index).hdf5")
            try WellHDF5.write(dataset, to: first)
            try WellHDF5.write(dataset, to: second)
            let firstBytes = try Data(contentsOf: first)
            #expect(firstBytes.count > 1000)
            #expect(firstBytes == (try Data(contentsOf: second)))
            // Overwriting an existing file gives the same bytes too.
            try WellHDF5.write(dataset, to: first)
            #expect(firstBytes == (try Data(contentsOf: first)))
        }
    }

    @Test func permissionsAreExactAndNoTemporaryFilesRemain() throws {
        let directory = try WellFileFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("hidden.hdf5")
        try WellHDF5.write(WellFileFixtures.oneDimensional(), to: url, permissions: 0o600)
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["hidden.hdf5"])
    }

    @Test func float32PrecisionIsStoredAndReadBack() throws {
        let directory = try WellFileFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("f32.hdf5")
        var dataset = WellFileFixtures.oneDimensional()
        dataset.precision = .float32
        dataset.scalars = ["nu": [0.5, 0.25]]  // exactly representable in fp32
        dataset.simulationParameters = ["nu"]
        dataset.time = [0, 0.125, 0.25]
        try WellHDF5.write(dataset, to: url)
        #expect(try WellHDF5.read(from: url) == dataset)
        let dtype = try WellFileFixtures.python(
            "import h5py, sys; f = h5py.File(sys.argv[1], 'r'); print(f['t0_fields/u'].dtype, f['dimensions/x'].dtype)",
            [url.path])
        #expect(dtype.trimmingCharacters(in: .whitespacesAndNewlines) == "float32 float32")
    }

    @Test func missingFileGivesClearError() throws {
        let url = URL(fileURLWithPath: "/nonexistent-holdout-directory/data.hdf5")
        let error = try #require(throws: WellFileError.self) { try WellHDF5.read(from: url) }
        #expect(error.code == .io)
        #expect(error.file == url.path)
        #expect(error.description.contains("no such file"))
        let writeError = try #require(throws: WellFileError.self) {
            try WellHDF5.write(WellFileFixtures.oneDimensional(), to: url)
        }
        #expect(writeError.code == .io)
        #expect(writeError.description.contains("/nonexistent-holdout-directory"))
    }

    @Test func notHDF5GivesLibraryError() throws {
        let directory = try WellFileFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("text.hdf5")
        try Data("not an HDF5 file".utf8).write(to: url)
        let error = try #require(throws: WellFileError.self) { try WellHDF5.read(from: url) }
        #expect(error.code == .hdf5)
        #expect(error.call == "H5Fopen")
        #expect(error.file == url.path)
        #expect(error.libraryMessage?.isEmpty == false)
    }

    @Test func fileWithoutLayoutGivesLayoutError() throws {
        let directory = try WellFileFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("plain.hdf5")
        _ = try WellFileFixtures.python(
            "import h5py, sys; f = h5py.File(sys.argv[1], 'w'); f.attrs['dataset_name'] = 'x'; f.close()", [url.path])
        let error = try #require(throws: WellFileError.self) { try WellHDF5.read(from: url) }
        #expect(error.code == .layout)
        #expect(error.objectPath == "/@grid_type")
    }

    @Test func inconsistentDatasetIsRejectedBeforeWriting() throws {
        let directory = try WellFileFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("bad.hdf5")
        var wrongLead = WellFileFixtures.oneDimensional()
        wrongLead.time = [0, 1]
        var wrongOrder = WellFileFixtures.oneDimensional()
        wrongOrder.t1Fields = wrongOrder.t0Fields
        var reserved = WellFileFixtures.oneDimensional()
        reserved.attributes["n_trajectories"] = .int(7)
        var shortScalar = WellFileFixtures.oneDimensional()
        shortScalar.scalars["nu"] = [0.1]
        for dataset in [wrongLead, wrongOrder, reserved, shortScalar] {
            let error = try #require(throws: WellFileError.self) { try WellHDF5.write(dataset, to: url) }
            #expect(error.code == .invalidDataset)
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }
}
