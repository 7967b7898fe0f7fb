"""The HPP/1 loop: turns a `Method` subclass into a plugin process."""
import numpy as np
import os
import sys
import traceback

from .grids import resample
from . import protocol
from .data import load_split
from .task import Task


def _log(text):
    sys.stderr.write(text if text.endswith("\n") else text + "\n")
    sys.stderr.flush()


def serve(method_class, stdin=None, stdout=None):
    """Runs the protocol on stdin/stdout until `bye` or end of file.

    `method_class` is a `Method` subclass (or an instance). stdout carries frames only: the
    real fd 1 is kept for the protocol, then fd 1 and `sys.stdout` are pointed at stderr, so a
    stray print (or a native library writing to fd 1) lands in the log instead of corrupting
    the stream.
    """
    if stdout is None:
        out = os.fdopen(os.dup(1), "wb")
        os.dup2(2, 1)
        sys.stdout = sys.stderr
    else:
        out = stdout
    inp = stdin if stdin is not None else sys.stdin.buffer
    cls = method_class if isinstance(method_class, type) else type(method_class)
    # hello goes out before the user's class is instantiated: start-up is timed to hello, and
    # the protocol asks for it before any model loading.
    protocol.write_frame(out, {"type": "hello", "protocol": "HPP/1",
                               "method": {"name": cls.name or cls.__name__, "version": str(cls.version)},
                               "capabilities": {"trains": bool(cls.trains()), "ensembles": bool(cls.ensembles)}})
    method = None
    failed = None  # an error in `task` is reported as the answer to the next request
    while True:
        header, arrays = protocol.read_frame(inp)
        if header is None or header.get("type") == "bye":
            return
        kind = header.get("type")
        try:
            if failed is not None:
                raise failed
            if kind == "task":
                try:
                    method = method_class() if isinstance(method_class, type) else method_class
                    method.task = Task(header["task"])
                    method.options = dict(header.get("options") or {})
                    method.paths = dict(header.get("paths") or {})
                    method.mode = header.get("mode", "predict")
                    method.setup()
                    if method.mode == "predict" and cls.trains():
                        method.load(method.paths["artifacts"])
                except Exception as error:
                    _log(traceback.format_exc())
                    failed = error
                continue
            if method is None:
                raise RuntimeError("received %r before the task message" % kind)
            if kind == "train":
                path = method.paths.get("train")
                data = load_split(path, fields=method.task.fields, parameters=method.task.parameter_inputs) if path else None
                method.train(data)
                artifacts = method.paths["artifacts"]
                method.save(artifacts)
                if not [name for name in os.listdir(artifacts) if not name.startswith(".holdout")]:
                    raise RuntimeError("save() wrote nothing to %s: prediction runs in another process and "
                                       "only sees what training saved there" % artifacts)
                protocol.write_frame(out, {"type": "trained"})
            elif kind == "predict":
                inputs = arrays["inputs"]
                batch = int(header.get("batch", inputs.shape[0]))
                points = header.get("points") or method.task.points
                if cls.training_grid_only and list(points) != list(method.task.points):
                    coarse = resample(inputs, method.task.points)
                    outputs = method.predict(coarse, arrays.get("parameters"))
                    # Outputs are (batch, [members,] frames, space..., component).
                    first_space = np.ndim(outputs) - 1 - len(points)
                    outputs = resample(outputs, points, first_space_axis=first_space)
                else:
                    outputs = method.predict(inputs, arrays.get("parameters"))
                protocol.write_frame(out, {"type": "prediction"}, {"outputs": method.check_outputs(outputs, batch, points)})
            else:
                raise ValueError("unknown message type %r" % kind)
        except Exception as error:
            _log(traceback.format_exc())
            protocol.write_frame(out, {"type": "error", "message": "%s: %s" % (type(error).__name__, error)})
            return
