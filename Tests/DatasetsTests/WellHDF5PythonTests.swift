import Datasets
import Foundation
import HoldoutCore
import HoldoutTestSupport
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

    // MARK: - Public splits of every equation

    /// Reads a task's public split files and stats.yaml with h5py/numpy: layout, values, and the
    /// moments of the training file (and of training + validation, to show which one stats.yaml is).
    static let readPublicSplits = #"""
import h5py, json, os, sys
import numpy as np
directory, fields = sys.argv[1], sys.argv[2].split(',')
def strs(v): return [s.decode() if isinstance(s, bytes) else str(s) for s in v]
out = {'splits': {}, 'stats': {}, 'train_moments': {}, 'all_moments': {}}
pooled = {name: [] for name in fields}
for split in ('train', 'validation'):
    name = [p for p in os.listdir(directory) if p.startswith(split + '-') and p.endswith('.h5')][0]
    with h5py.File(os.path.join(directory, name), 'r') as f:
        dims = strs(f['dimensions'].attrs['spatial_dims'])
        info = {'spatial_dims': dims, 'n_spatial_dims': int(f.attrs['n_spatial_dims']),
                'n_trajectories': int(f.attrs['n_trajectories']), 'split': str(f.attrs['holdout_split']),
                'input_frames': int(f.attrs['holdout_input_frames']), 'time': f['dimensions/time'][:].tolist(),
                'coords': {d: f['dimensions'][d][:].tolist() for d in dims},
                'scalars': {s: f['scalars'][s][:].tolist() for s in strs(f['scalars'].attrs['field_names'])},
                'case_ids': strs(f['holdout/case_id'][:]), 'fields': {}}
        assert strs(f['t0_fields'].attrs['field_names']) == fields, strs(f['t0_fields'].attrs['field_names'])
        for field in fields:
            d = f['t0_fields'][field]
            data = d[...]
            info['fields'][field] = {'shape': list(d.shape), 'dtype': str(d.dtype), 'axes': strs(d.attrs['axes']),
                                     'dim_varying': [bool(v) for v in d.attrs['dim_varying']],
                                     'values': data.reshape(-1).tolist()}
            pooled[field].append(data.reshape(-1))
            if split == 'train':
                out['train_moments'][field] = [float(data.mean()), float(data.std())]
        out['splits'][split] = info
for field in fields:
    everything = np.concatenate(pooled[field])
    out['all_moments'][field] = [float(everything.mean()), float(everything.std())]
section = None
for line in open(os.path.join(directory, 'stats.yaml')):
    if line.startswith('#') or not line.strip(): continue
    if not line.startswith(' '):
        section = line.strip().rstrip(':'); out['stats'][section] = {}
    else:
        key, value = line.strip().split(':', 1); out['stats'][section][key.strip()] = float(value)
print(json.dumps(out))
"""#

    struct PublicSplits: Decodable {
        struct FieldInfo: Decodable {
            var shape: [Int]
            var dtype: String
            var axes: [String]
            var dim_varying: [Bool]
            var values: [Double]
        }
        struct SplitInfo: Decodable {
            var spatial_dims: [String]
            var n_spatial_dims: Int
            var n_trajectories: Int
            var split: String
            var input_frames: Int
            var time: [Double]
            var coords: [String: [Double]]
            var scalars: [String: [Double]]
            var case_ids: [String]
            var fields: [String: FieldInfo]
        }
        var splits: [String: SplitInfo]
        var stats: [String: [String: Double]]
        var train_moments: [String: [Double]]
        var all_moments: [String: [Double]]
    }

    /// The public splits of every equation, written as the harness writes them (`PublicSplitFile`
    /// and `SplitStatistics` of the training split), read back by h5py and compared with the cases.
    @Test(arguments: ["pde/burgers-tiny", "pde/ks-tiny", "pde/navier-stokes-tiny", "pde/vlasov-tiny",
                      "weather/lorenz96-tiny", "weather/lorenz96-two-scale-tiny"])
    func h5pyReadsThePublicSplitsOfEveryEquation(task: String) throws {
        let spec = try TaskSpec.load(from: RepositoryPaths.fixtureRepository.appendingPathComponent("Tasks/\(task).yaml"))
        let directory = try WellFileFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let generator = try CaseGenerator(spec: spec)
        var written: [String: [GeneratedCase]] = [:]
        for name in ["train", "validation"] {
            let split = try #require(spec.split(named: name))
            let cases = generator.generate(split: split, count: min(split.cases, 3), key: SeedDerivation.publicKey, seedOrigin: "public")
            try PublicSplitFile.write(cases, spec: spec, split: split, to: directory.appendingPathComponent("\(name)-\(cases.count).h5"))
            written[name] = cases
        }
        let statistics = SplitStatistics(cases: written["train"]!, fields: spec.observation.fields)
        try statistics.write(to: directory.appendingPathComponent("stats.yaml"))

        let output = try WellFileFixtures.python(Self.readPublicSplits, [directory.path, spec.observation.fields.joined(separator: ",")])
        let seen = try JSONDecoder().decode(PublicSplits.self, from: Data(output.utf8))
        let points = spec.observation.points
        let dims = Array(["x", "y", "z"].prefix(points.count))
        let frames = spec.observation.inputFrames + spec.observation.outputFrames
        for (name, cases) in written {
            let info = try #require(seen.splits[name])
            #expect(info.split == name && info.n_trajectories == cases.count && info.case_ids == cases.map(\.id))
            #expect(info.spatial_dims == dims && info.n_spatial_dims == points.count, "\(task)")
            #expect(info.input_frames == spec.observation.inputFrames)
            #expect(info.time.count == frames)
            for (axis, dim) in dims.enumerated() {
                let expected = (0..<points[axis]).map { Double($0) * spec.physics.lengths[axis] / Double(points[axis]) }
                #expect(info.coords[dim] == expected, "\(task) \(dim)")
            }
            for parameter in spec.physics.parameters {
                #expect(info.scalars[parameter.name] == cases.map { $0.parameters[parameter.name]! }, "\(task) \(parameter.name)")
            }
            for (c, field) in spec.observation.fields.enumerated() {
                let file = try #require(info.fields[field])
                #expect(file.shape == [cases.count, frames] + points, "\(task) \(field)")
                #expect(file.dtype == "float64" && file.axes == ["case", "lead"] + dims)
                #expect(file.dim_varying == Array(repeating: true, count: points.count))
                // Component c of every frame, inputs then targets, case after case: exactly what Swift wrote.
                let components = spec.observation.fields.count
                let expected = cases.flatMap { item in
                    [item.inputs, item.targets].flatMap { source in stride(from: c, to: source.count, by: components).map { source.values[$0] } }
                }
                #expect(file.values == expected, "\(task) \(field)")
            }
        }
        // stats.yaml holds the mean and std of the training file only (not of train + validation).
        for field in spec.observation.fields {
            let mean = try #require(seen.stats["mean"]?[field]), std = try #require(seen.stats["std"]?[field])
            let train = try #require(seen.train_moments[field]), all = try #require(seen.all_moments[field])
            let scale = max(abs(train[0]), train[1], 1e-300)
            #expect(abs(mean - train[0]) <= 1e-12 * scale && abs(std - train[1]) <= 1e-12 * scale, "\(task) \(field): \(mean), \(std) vs \(train)")
            #expect(mean == statistics.mean[field] && std == statistics.std[field])
            #expect(abs(mean - all[0]) + abs(std - all[1]) > 1e-9 * scale, "\(task) \(field): stats look pooled over validation too")
        }
    }
}
