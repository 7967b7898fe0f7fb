"""A minimal HPP/1 plugin runtime in pure Python + numpy (spec: docs/plugin-protocol.md).

Frames are: 4-byte little-endian header length, UTF-8 JSON header, binary payload.
Arrays in the payload are described by the header's `arrays` list (name, dtype, shape,
offset, bytes), little-endian, C order.
"""
import json
import os
import struct
import sys

import numpy as np

_DTYPES = {"f64": "<f8", "f32": "<f4"}


def read_frame(stream):
    prefix = stream.read(4)
    if len(prefix) < 4:
        return None, {}
    (length,) = struct.unpack("<I", prefix)
    header = json.loads(stream.read(length).decode("utf-8"))
    payload = stream.read(header.get("payload_bytes", 0))
    arrays = {}
    for spec in header.get("arrays", []):
        raw = payload[spec["offset"]:spec["offset"] + spec["bytes"]]
        arrays[spec["name"]] = np.frombuffer(raw, dtype=_DTYPES[spec["dtype"]]).reshape(spec["shape"])
    return header, arrays


def write_frame(stream, message, arrays=None):
    descriptors, chunks, offset = [], [], 0
    for name, array in (arrays or {}).items():
        data = np.ascontiguousarray(array, dtype="<f8").tobytes()
        descriptors.append({"name": name, "dtype": "f64", "shape": list(np.shape(array)),
                            "offset": offset, "bytes": len(data)})
        chunks.append(data)
        offset += len(data)
    header = dict(message, arrays=descriptors, payload_bytes=offset)
    encoded = json.dumps(header).encode("utf-8")
    stream.write(struct.pack("<I", len(encoded)))
    stream.write(encoded)
    for chunk in chunks:
        stream.write(chunk)
    stream.flush()


def serve(method, name, version, trains=False, ensembles=False):
    """Runs the protocol loop: `method` has configure(task_message), train(), predict(inputs, parameters, members)."""
    # Only frames may reach the harness: keep a private handle on the real stdout, then point
    # file descriptor 1 (print, C extensions, subprocesses) and sys.stdout at stderr.
    inp, out = sys.stdin.buffer, os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    write_frame(out, {"type": "hello", "protocol": "HPP/1",
                      "method": {"name": name, "version": version},
                      "capabilities": {"trains": trains, "ensembles": ensembles}})
    while True:
        header, arrays = read_frame(inp)
        if header is None or header["type"] == "bye":
            return
        try:
            if header["type"] == "task":
                method.configure(header)
            elif header["type"] == "train":
                method.train()
                write_frame(out, {"type": "trained"})
            elif header["type"] == "predict":
                outputs = method.predict(arrays["inputs"], arrays.get("parameters"), header["members"])
                write_frame(out, {"type": "prediction"}, {"outputs": outputs})
            else:
                raise ValueError("unknown message type %r" % header["type"])
        except Exception as error:  # reported to the harness, which records the failure
            write_frame(out, {"type": "error", "message": "%s: %s" % (type(error).__name__, error)})
