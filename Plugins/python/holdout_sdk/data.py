"""Public splits as numpy arrays, read from Holdout's HDF5 files (The Well's layout).

A split file (what `holdout data generate` writes and what a plugin finds under /data) holds
one trajectory per case: `t0_fields/<field>` of shape (cases, input_frames + output_frames,
space...), inputs first; root attributes `holdout_input_frames` and `holdout_output_frames`
say where inputs end; `scalars/<name>` holds each case's physical parameters. `Split` turns
that into arrays shaped exactly like what `predict` receives and must return, so code written
for training works unchanged on requests.
"""
import h5py
import numpy as np


class Split:
    """One public split in memory.

    trajectories  (cases, input_frames + output_frames, space..., component)
    inputs        (cases, input_frames, space..., component)   -- like `inputs` in predict
    targets       (cases, output_frames, space..., component)  -- predict's output without the member axis
    parameters    (cases, len(parameter_names)), or None when there are none
    """

    def __init__(self, trajectories, input_frames, fields, parameters=None, parameter_names=(),
                 case_ids=None, time=None, coordinates=None, attributes=None):
        self.trajectories = np.asarray(trajectories, dtype=np.float64)
        if self.trajectories.ndim < 4:
            raise ValueError("trajectories must be (cases, frames, space..., component); got shape %s"
                             % (self.trajectories.shape,))
        self.input_frames = int(input_frames)
        self.output_frames = self.trajectories.shape[1] - self.input_frames
        if self.input_frames < 1 or self.output_frames < 1:
            raise ValueError("input_frames=%d leaves no inputs or no targets in %d frames"
                             % (self.input_frames, self.trajectories.shape[1]))
        self.fields = list(fields)
        self.parameter_names = list(parameter_names)
        self.parameters = None if parameters is None else np.asarray(parameters, dtype=np.float64)
        self.case_ids = list(case_ids) if case_ids is not None else ["case-%d" % i for i in range(len(self))]
        self.time = None if time is None else np.asarray(time)
        self.coordinates = dict(coordinates or {})
        self.attributes = dict(attributes or {})

    def __len__(self):
        return self.trajectories.shape[0]

    @property
    def inputs(self):
        return self.trajectories[:, :self.input_frames]

    @property
    def targets(self):
        return self.trajectories[:, self.input_frames:]

    @property
    def points(self):
        return list(self.trajectories.shape[2:-1])

    def __getitem__(self, selection):
        """A subset of cases (an index array, a slice or a boolean mask), as a new Split."""
        index = np.arange(len(self))[selection]
        index = np.atleast_1d(index)
        return Split(self.trajectories[index], self.input_frames, self.fields,
                     None if self.parameters is None else self.parameters[index], self.parameter_names,
                     [self.case_ids[i] for i in index], self.time, self.coordinates, self.attributes)

    def __repr__(self):
        return "Split(%d cases, fields=%s, points=%s, input_frames=%d, output_frames=%d, parameters=%s)" % (
            len(self), self.fields, self.points, self.input_frames, self.output_frames, self.parameter_names)


def _strings(values):
    return [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in np.atleast_1d(values)]


def load_split(path, fields=None, parameters=None):
    """Reads a public split file into a `Split`.

    fields: component order (default: the file's `t0_fields` order). parameters: the columns of
    `Split.parameters` (default: every scalar in the file). Inside a plugin, the SDK passes the
    task's `fields` and `parameter_inputs`, so columns match the `parameters` of predict.
    """
    with h5py.File(path, "r") as f:
        if "t0_fields" not in f:
            raise ValueError("%s has no t0_fields group: not a split file in The Well's layout" % path)
        group = f["t0_fields"]
        names = list(fields) if fields is not None else (
            _strings(group.attrs["field_names"]) if "field_names" in group.attrs else sorted(group.keys()))
        missing = [name for name in names if name not in group]
        if missing:
            raise ValueError("%s: no field %s in t0_fields (it has %s)" % (path, missing, sorted(group.keys())))
        arrays = [np.asarray(group[name][()], dtype=np.float64) for name in names]
        shapes = {a.shape for a in arrays}
        if len(shapes) != 1:
            raise ValueError("%s: fields have different shapes %s" % (path, sorted(shapes)))
        trajectories = np.stack(arrays, axis=-1)  # (cases, frames, space..., component)
        if "holdout_input_frames" in f.attrs:
            input_frames = int(f.attrs["holdout_input_frames"])
        else:
            raise ValueError("%s has no holdout_input_frames attribute: where inputs end is unknown" % path)
        scalars = f["scalars"] if "scalars" in f else None
        if parameters is None:
            parameters = _strings(scalars.attrs["field_names"]) if scalars is not None and "field_names" in scalars.attrs \
                else (sorted(scalars.keys()) if scalars is not None else [])
        parameters = list(parameters)
        columns = []
        for name in parameters:
            if scalars is None or name not in scalars:
                raise ValueError("%s: no parameter %r in scalars" % (path, name))
            columns.append(np.asarray(scalars[name][()], dtype=np.float64).reshape(-1))
        values = np.stack(columns, axis=1) if columns else None
        case_ids = _strings(f["holdout/case_id"][()]) if "holdout/case_id" in f else None
        time = f["dimensions/time"][()] if "dimensions/time" in f else None
        coordinates = {}
        if "dimensions" in f and "spatial_dims" in f["dimensions"].attrs:
            for dim in _strings(f["dimensions"].attrs["spatial_dims"]):
                if dim in f["dimensions"]:
                    coordinates[dim] = f["dimensions"][dim][()]
        attributes = {key: f.attrs[key] for key in f.attrs}
    return Split(trajectories, input_frames, names, values, parameters, case_ids, time, coordinates, attributes)
