"""The one class a plugin author subclasses."""
import hashlib
import os
import pickle

import numpy as np

# Attributes the SDK sets; the default save() leaves them out (they come with every task).
_SDK_ATTRIBUTES = ("task", "options", "paths", "mode")


class Method:
    """A Holdout method. Override `predict`; override `train` if the method learns.

    Lifecycle (each step in its own process, see docs/plugin-protocol.md):
      training process:    __init__() -> setup() -> train(data) -> save(artifacts directory)
      prediction process:  __init__() -> setup() -> load(artifacts directory) -> predict(...) per batch

    Before setup() the SDK sets `self.task` (a `Task`), `self.options` (the challenge entry's
    options, a dict of numbers), `self.paths` (train, validation, artifacts, scratch) and
    `self.mode` ("train" or "predict").

    Class attributes: `name` (default: the class name), `version`, `ensembles` (True: asked for the task's M members, ensemble track; False: asked for one),
    `training_grid_only` (True: `predict` always sees the training grid; on a resolution-shift
    split the SDK brings the inputs down to it by Fourier truncation and the outputs up to the
    requested grid by zero-padding, periodic tasks only).
    A method trains exactly when its class overrides `train`.
    """

    name = None
    version = "0.0.0"
    ensembles = False
    training_grid_only = False

    # -- hooks ---------------------------------------------------------------------------------

    def setup(self):
        """Called once the task is known, in both modes, before train/load. Default: nothing."""

    def train(self, data):
        """Learns from `data`, the public training split (a `Split`, or None if the task has none).

        data.inputs (cases, input_frames, space..., component), data.targets (cases,
        output_frames, space..., component), data.parameters (cases, len(task.parameter_inputs)).
        """
        raise NotImplementedError

    def save(self, directory):
        """Writes what prediction needs into `directory` (the run's /artifacts).

        Default: pickles this object's attributes (except the SDK's own) to `method.pickle`.
        Override it for models with their own format (torch.save, eqx.tree_serialise_leaves, ...).
        """
        state = {k: v for k, v in vars(self).items() if k not in _SDK_ATTRIBUTES and not k.startswith("_holdout")}
        with open(os.path.join(directory, "method.pickle"), "wb") as handle:
            pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)

    def load(self, directory):
        """Restores what `save` wrote. Default: reads `method.pickle` back into attributes."""
        path = os.path.join(directory, "method.pickle")
        if not os.path.exists(path):
            raise FileNotFoundError("%s not found: did train() run and save() write the model to the artifacts directory?"
                                    % path)
        with open(path, "rb") as handle:
            vars(self).update(pickle.load(handle))

    def predict(self, inputs, parameters):
        """Forecasts a batch.

        inputs: (batch, input_frames, space..., component) float64; parameters: (batch,
        len(task.parameter_inputs)) or None. Return (batch, members, output_frames, space...,
        component); a deterministic method may leave out the member axis, and its forecast is
        repeated for every member. Each case must depend only on its own inputs and parameters.

        The space axes are the request's grid, `Method.grid(inputs)`: the training grid
        `task.points`, or a finer one of `task.grids` on a resolution-shift split; answer on
        the grid you are given.
        """
        raise NotImplementedError

    # -- helpers ---------------------------------------------------------------------------------

    @staticmethod
    def grid(inputs):
        """The grid (points per space axis) of a predict request's inputs."""
        return list(np.shape(inputs)[2:-1])

    @classmethod
    def trains(cls):
        """Whether the class overrides `train` (then the harness runs a training process)."""
        return getattr(cls.train, "__func__", cls.train) is not Method.train

    @classmethod
    def main(cls):
        """Serves this method over HPP/1 on stdin/stdout: `MyMethod.main()`."""
        from .server import serve
        serve(cls)

    def load_validation(self):
        """The public validation split (a `Split`), or None when the task has none."""
        from .data import load_split
        path = (self.paths or {}).get("validation")
        if not path:
            return None
        return load_split(path, fields=self.task.fields, parameters=self.task.parameter_inputs)

    def load_revealed(self):
        """The test splits of earlier, closed rounds (a list of `Split`), public once revealed; empty before the first."""
        from .data import load_split
        paths = (self.paths or {}).get("revealed") or []
        return [load_split(path, fields=self.task.fields, parameters=self.task.parameter_inputs) for path in paths]

    def check_outputs(self, outputs, batch, points=None):
        """Returns `outputs` as a float64 array of the exact reply shape on the request's grid
        `points` (default the training grid), or raises a ValueError that says why."""
        task = self.task
        points = task.points if points is None else list(points)
        expected = task.output_shape(batch, points=points)
        try:
            array = np.asarray(outputs, dtype=np.float64)
        except (TypeError, ValueError) as error:
            raise ValueError("predict returned %s, which is not a numeric array (%s)" % (type(outputs).__name__, error))
        legend = "(batch=%d, members=%d, output_frames=%d, %s, component=%d)" % (
            batch, task.members, task.output_frames,
            ", ".join("%s=%d" % (axis, n) for axis, n in zip("xyz", points)), task.components)
        if array.shape == expected[:1] + expected[2:]:
            array = np.repeat(array[:, None], task.members, axis=1)
        if array.shape != expected:
            hint = ""
            if array.ndim == len(expected) and array.shape[0] != batch:
                hint = " The first axis must be the batch: one forecast per case in the request."
            elif array.ndim == len(expected) - 2:
                hint = " Missing axes? Keep the component axis (size %d) last even for one field." % task.components
            elif array.ndim == len(expected) and array.shape[2] != task.output_frames:
                hint = " Return output_frames=%d frames per member." % task.output_frames
            raise ValueError("predict returned shape %s; expected %s %s, or %s for a deterministic method.%s"
                             % (tuple(array.shape), tuple(expected), legend, tuple(expected[:1] + expected[2:]), hint))
        bad = ~np.isfinite(array)
        if bad.any():
            cases = sorted(set(np.nonzero(bad)[0].tolist()))
            raise ValueError("predict returned %d non-finite values (NaN or Inf), in case(s) %s of the batch"
                             % (int(bad.sum()), cases[:10]))
        return np.ascontiguousarray(array)


def case_seed(*arrays):
    """A seed derived from one case's own data (e.g. its inputs and parameters).

    Ensemble members need randomness, but a case must get the same forecast whichever batch or
    process it lands in: seed a generator per case with `np.random.default_rng(case_seed(x, p))`,
    never with a global or time-based seed.
    """
    digest = hashlib.sha256()
    for array in arrays:
        if array is not None:
            digest.update(np.ascontiguousarray(array, dtype="<f8").tobytes())
    return int.from_bytes(digest.digest()[:8], "little")
