import Datasets
import Foundation
import HoldoutCore
import Testing

/// Files written by Swift, read by h5py (python3-h5py in /usr/bin/python3), checked the way
/// The Well's own loader and format checker look at them: types (`str`, `numpy.bool_`,
/// integer, string lists), shapes derived from sample_varying / time_varying / dim_varying,
/// and values.
@Suite struct WellHDF5PythonTests {
    /// Prints one JSON object describing the file as h5py sees it, and asserts the type rules
    /// of The Well's format checker (scripts/check_thewell_formatting.py) independently.
    static let inspect = #"""
import h5py, json, sys
import numpy as np
f = h5py.File(sys.argv[1], 'r')
def strs(v):
    assert isinstance(v, np.ndarray) and all(isinstance(s, str) for s in v), repr(v)
    return [str(s) for s in v]
def flag(obj, name):
    v = obj.attrs[name]
    assert isinstance(v, (bool, np.bool_)), (obj.name, name, repr(v))
    return bool(v)
out = {}
for k in ('dataset_name', 'grid_type'):
    assert isinstance(f.attrs[k], str); out[k] = f.attrs[k]
for k in ('n_spatial_dims', 'n_trajectories'):
    assert isinstance(f.attrs[k], (int, np.integer)); out[k] = int(f.attrs[k])
out['simulation_parameters'] = strs(f.attrs['simulation_parameters'])
out['parameter_attrs'] = {p: np.atleast_1d(f.attrs[p]).tolist() for p in out['simulation_parameters']}
out['parameter_ndims'] = {p: int(np.ndim(f.attrs[p])) for p in out['simulation_parameters']}
dims = f['dimensions']
out['spatial_dims'] = strs(dims.attrs['spatial_dims'])
out['time'] = dims['time'][:].tolist()
assert flag(dims['time'], 'time_varying') and not flag(dims['time'], 'sample_varying')
out['coords'] = {}
for d in out['spatial_dims']:
    assert not flag(dims[d], 'sample_varying') and not flag(dims[d], 'time_varying')
    out['coords'][d] = dims[d][:].tolist()
out['bcs'] = {}
for name, bc in f['boundary_conditions'].items():
    assert isinstance(bc.attrs['bc_type'], str)
    out['bcs'][name] = {'bc_type': bc.attrs['bc_type'], 'associated_dims': strs(bc.attrs['associated_dims']),
                        'associated_fields': strs(bc.attrs['associated_fields']),
                        'mask': bc['mask'][:].tolist(), 'mask_dtype': str(bc['mask'].dtype)}
sc = f['scalars']
out['scalar_names'] = strs(sc.attrs['field_names'])
out['scalars'] = {}
for s in out['scalar_names']:
    assert flag(sc[s], 'sample_varying') and not flag(sc[s], 'time_varying')
    out['scalars'][s] = sc[s][:].tolist()
out['fields'] = {}
for order in range(3):
    g = f['t%d_fields' % order]
    for name in strs(g.attrs['field_names']):
        d = g[name]
        expected = ()
        if flag(d, 'sample_varying'): expected += (int(f.attrs['n_trajectories']),)
        member = 'member' in strs(d.attrs['axis_kinds'])
        if member: expected += (d.shape[len(expected)],)
        if flag(d, 'time_varying'): expected += (dims['time'].shape[-1],)
        dv = d.attrs['dim_varying']
        assert len(dv) == int(f.attrs['n_spatial_dims']) and all(isinstance(v, np.bool_) for v in dv)
        for i, dim in enumerate(out['spatial_dims']):
            if dv[i]: expected += (dims[dim].shape[-1],)
        expected += (int(f.attrs['n_spatial_dims']),) * order
        assert d.shape == expected, (d.name, d.shape, expected)
        out['fields'][name] = {'order': order, 'shape': list(d.shape), 'dtype': str(d.dtype),
                               'axes': strs(d.attrs['axes']), 'axis_kinds': strs(d.attrs['axis_kinds']),
                               'values': d[...].reshape(-1).tolist()}
h = f['holdout']
out['holdout'] = {c: [v.decode() if isinstance(v, bytes) else (bool(v) if isinstance(v, np.bool_) else v)
                      for v in h[c][:].tolist()] for c in strs(h.attrs['column_names'])}
out['holdout_types'] = {c: str(h[c].dtype) for c in strs(h.attrs['column_names'])}
out['extra_attrs'] = {k: (strs(v) if isinstance(v, np.ndarray) and v.dtype == object else np.asarray(v).tolist())
                      for k, v in f.attrs.items() if k in ('task_id', 'task_version', 'split', 'domain_length')}
out['probe'] = float(f['t0_fields/u'][1, 2, 3]) if 'u' in f['t0_fields'] and f['t0_fields/u'].ndim == 3 else None
print(json.dumps(out))
"""#

    struct Inspection: Decodable {
        struct Boundary: Decodable, Equatable {
            var bc_type: String
            var associated_dims: [String]
            var associated_fields: [String]
            var mask: [Bool]
            var mask_dtype: String
        }
        struct FieldInfo: Decodable {
            var order: Int
            var shape: [Int]
            var dtype: String
            var axes: [String]
            var axis_kinds: [String]
            var values: [Double]
        }
        enum Cell: Decodable, Equatable {
            case string(String), bool(Bool), number(Double)
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let value = try? container.decode(Bool.self) { self = .bool(value) }
                else if let value = try? container.decode(Double.self) { self = .number(value) }
                else { self = .string(try container.decode(String.self)) }
            }
        }
        var dataset_name: String
        var grid_type: String
        var n_spatial_dims: Int
        var n_trajectories: Int
        var simulation_parameters: [String]
        var parameter_attrs: [String: [Double]]
        var parameter_ndims: [String: Int]
        var spatial_dims: [String]
        var time: [Double]
        var coords: [String: [Double]]
        var bcs: [String: Boundary]
        var scalar_names: [String]
        var scalars: [String: [Double]]
        var fields: [String: FieldInfo]
        var holdout: [String: [Cell]]
        var holdout_types: [String: String]
        var extra_attrs: [String: Cell?]?
        var probe: Double?
    }

    static func inspect(_ url: URL) throws -> Inspection {
        let output = try WellFileFixtures.python(inspect, [url.path])
        return try JSONDecoder().decode(Inspection.self, from: Data(output.utf8))
    }

    @Test func h5pyReadsOneDimensionalLayout() throws {
        let directory = try WellFileFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("ks.hdf5")
        let dataset = WellFileFixtures.oneDimensional()
        try WellHDF5.write(dataset, to: url)
        let seen = try Self.inspect(url)

        #expect(seen.dataset_name == "kuramoto_sivashinsky_1d")
        #expect(seen.grid_type == "cartesian")
        #expect(seen.n_spatial_dims == 1)
        #expect(seen.n_trajectories == 2)
        #expect(seen.simulation_parameters == ["forcing", "nu"])
        // Equal per-trajectory values give a scalar float attribute, as in The Well; values
        // that differ between trajectories give a 1-D attribute of all B values.
        #expect(seen.parameter_attrs["forcing"] == [1])
        #expect(seen.parameter_ndims["forcing"] == 0)
        #expect(seen.parameter_attrs["nu"] == [0.01, 0.02])
        #expect(seen.parameter_ndims["nu"] == 1)
        #expect(seen.spatial_dims == ["x"])
        #expect(seen.time == [0, 0.1, 0.2])
        #expect(seen.coords["x"] == [0, 0.25, 0.5, 0.75])
        // Periodic: mask True on the first and last grid point, as The Well's loader inspects.
        #expect(seen.bcs["x_periodic"] == .init(bc_type: "PERIODIC", associated_dims: ["x"], associated_fields: [],
                                                 mask: [true, false, false, true], mask_dtype: "bool"))
        #expect(seen.scalar_names == ["forcing", "nu"])
        #expect(seen.scalars["nu"] == [0.01, 0.02])
        let u = try #require(seen.fields["u"])
        #expect(u.order == 0)
        #expect(u.shape == [2, 3, 4])
        #expect(u.dtype == "float64")
        #expect(u.axes == ["case", "lead", "x"])
        #expect(u.axis_kinds == ["case", "lead", "space"])
        #expect(u.values == dataset.t0Fields[0].field.values)
        #expect(seen.probe == 123.5)  // by hand: 100·1 + 10·2 + 3 + 0.5
        #expect(seen.holdout["case_id"] == [.string("case-0000"), .string("case-0001")])
        #expect(seen.holdout["start_time"] == [.number(0), .number(50)])
        #expect(seen.holdout["out_of_distribution"] == [.bool(false), .bool(true)])
        #expect(seen.holdout_types["out_of_distribution"] == "bool")
        #expect(seen.holdout_types["seed_index"] == "int64")
        #expect(seen.extra_attrs?["task_id"] == .string("ks-1d"))
        #expect(seen.extra_attrs?["task_version"] == .number(3))
        #expect(seen.extra_attrs?["domain_length"] == .number(22))
    }

    @Test func h5pyReadsTwoDimensionalAndMemberLayouts() throws {
        let directory = try WellFileFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let planar = directory.appendingPathComponent("ns.hdf5")
        let dataset = WellFileFixtures.twoDimensional()
        try WellHDF5.write(dataset, to: planar)
        let seen = try Self.inspect(planar)
        #expect(seen.spatial_dims == ["x", "y"])
        #expect(Set(seen.bcs.keys) == ["x_periodic", "y_periodic"])
        #expect(seen.bcs["y_periodic"]?.mask == [true, true])
        let velocity = try #require(seen.fields["velocity"])
        #expect(velocity.order == 1)
        #expect(velocity.shape == [2, 2, 3, 2, 2])
        #expect(velocity.axes == ["case", "lead", "x", "y", "velocity"])
        #expect(velocity.values == dataset.t1Fields[0].field.values)
        #expect(seen.fields["p"]?.values == dataset.t0Fields[0].field.values)

        let ensemble = directory.appendingPathComponent("prediction.hdf5")
        let members = WellFileFixtures.withMembers()
        try WellHDF5.write(members, to: ensemble)
        let seenMembers = try Self.inspect(ensemble)
        let u = try #require(seenMembers.fields["u"])
        #expect(u.shape == [2, 3, 3, 4])
        #expect(u.axes == ["case", "member", "lead", "x"])
        #expect(u.values == members.t0Fields[0].field.values)
    }

    /// A file written by h5py the way The Well writes its files (dummy-data style: fp32,
    /// constant scalar, no Holdout attributes) is read with axes inferred from the flags.
    @Test func readsFileWrittenByH5pyInTheWellsStyle() throws {
        let directory = try WellFileFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("well.hdf5")
        let script = #"""
import h5py, sys
import numpy as np
with h5py.File(sys.argv[1], 'w') as f:
    f.attrs['dataset_name'] = 'dummy'; f.attrs['grid_type'] = 'cartesian'
    f.attrs['n_spatial_dims'] = 2; f.attrs['n_trajectories'] = 2
    f.attrs['simulation_parameters'] = ['a']; f.attrs['a'] = 0.25; f.attrs['note'] = 'hello'
    g = f.create_group('dimensions'); g.attrs['spatial_dims'] = ['x', 'y']
    for k, v in [('time', np.linspace(0, 1, 3)), ('x', np.arange(4.0)), ('y', np.arange(2.0))]:
        g.create_dataset(k, data=v.astype(np.float32)); g[k].attrs['sample_varying'] = False
        g[k].attrs['time_varying'] = k == 'time'
    b = f.create_group('boundary_conditions').create_group('x_wall')
    b.attrs['associated_dims'] = ['x']; b.attrs['associated_fields'] = []; b.attrs['bc_type'] = 'wall'
    b.create_dataset('mask', data=np.array([True, False, False, True]))
    s = f.create_group('scalars'); s.attrs['field_names'] = ['a']
    s.create_dataset('a', data=np.array(0.25, dtype=np.float32))
    s['a'].attrs['sample_varying'] = False; s['a'].attrs['time_varying'] = False
    t0 = f.create_group('t0_fields'); t0.attrs['field_names'] = ['c']
    t0.create_dataset('c', data=np.arange(2 * 4 * 2, dtype=np.float32).reshape(2, 4, 2))
    t0['c'].attrs['dim_varying'] = [True, True]; t0['c'].attrs['sample_varying'] = True
    t0['c'].attrs['time_varying'] = False
    t1 = f.create_group('t1_fields'); t1.attrs['field_names'] = ['v']
    t1.create_dataset('v', data=np.ones((2, 3, 4, 2), dtype=np.float32))
    t1['v'].attrs['dim_varying'] = [True, False]; t1['v'].attrs['sample_varying'] = True
    t1['v'].attrs['time_varying'] = True
    f.create_group('t2_fields').attrs['field_names'] = []
"""#
        _ = try WellFileFixtures.python(script, [url.path])
        let read = try WellHDF5.read(from: url)
        #expect(read.datasetName == "dummy")
        #expect(read.precision == .float32)
        #expect(read.time == [0, 0.5, 1])
        #expect(read.scalars == ["a": [0.25, 0.25]])
        #expect(read.simulationParameters == ["a"])
        #expect(read.attributes == ["note": .string("hello")])
        #expect(read.boundaryConditions == [.init(name: "x_wall", kind: .wall, dimensions: ["x"])])
        let c = try #require(read.field(named: "c"))
        #expect(c.axes == [.case, Axis(.space, "x"), Axis(.space, "y")])
        #expect(c[1, 3, 1] == 15)  // arange: 1·8 + 3·2 + 1
        let v = try #require(read.field(named: "v"))
        #expect(v.axes == [.case, .lead, Axis(.space, "x"), Axis(.component)])
        #expect(v.shape == [2, 3, 4, 2])
        #expect(read.t2Fields.isEmpty)
    }
}
