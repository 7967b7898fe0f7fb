"""The public description of a task, as the harness sends it in the `task` message."""


class Task:
    """What a method may know about the task (no budgets, seeds, case counts or targets).

    Attributes mirror the `task` object of HPP/1 (docs/plugin-protocol.md): id, version,
    equation, lengths, boundary, fields, points, grids, input_frames, output_frames, interval,
    members, parameter_inputs, batch_size. `raw` is the dict as received.

    `points` is the training grid (the public splits'); `grids` lists every grid a predict
    request may use, `points` first, then the finer grids of resolution-shift splits. A request
    on a finer grid has inputs on that grid and wants outputs on it (`Method.grid(inputs)`).
    """

    def __init__(self, raw):
        self.raw = dict(raw)
        self.id = raw.get("id", "")
        self.version = raw.get("version", "")
        self.equation = raw.get("equation", "")
        self.lengths = list(raw.get("lengths", []))
        self.boundary = raw.get("boundary", "")
        self.fields = list(raw["fields"])
        self.points = [int(n) for n in raw["points"]]
        self.grids = [[int(n) for n in grid] for grid in raw.get("grids", [self.points])]
        self.input_frames = int(raw["input_frames"])
        self.output_frames = int(raw["output_frames"])
        self.interval = float(raw.get("interval", 0))
        self.members = int(raw.get("members", 1))
        self.parameter_inputs = list(raw.get("parameter_inputs", []))
        self.batch_size = int(raw.get("batch_size", 1))

    @property
    def components(self):
        """Size of the last (component) axis: one per field."""
        return len(self.fields)

    def input_shape(self, batch, points=None):
        """Shape of `inputs` in a predict request: (batch, input_frames, space..., component)."""
        return (batch, self.input_frames) + tuple(self.points if points is None else points) + (self.components,)

    def output_shape(self, batch, members=None, points=None):
        """Shape predict must return: (batch, members, output_frames, space..., component), on
        `points` (the request's grid; default the training grid)."""
        members = self.members if members is None else members
        return (batch, members, self.output_frames) + tuple(self.points if points is None else points) + (self.components,)

    def __repr__(self):
        return "Task(%s %s: fields=%s points=%s input_frames=%d output_frames=%d members=%d parameters=%s)" % (
            self.id, self.version, self.fields, self.points, self.input_frames, self.output_frames,
            self.members, self.parameter_inputs)
