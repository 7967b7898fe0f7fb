"""HPP/1 frames: u32 little-endian header length, UTF-8 JSON header, binary payload.

Arrays in the payload are described by the header's `arrays` list (name, dtype, shape, offset,
bytes), little-endian, C order. Specification: docs/plugin-protocol.md.
"""
import json
import struct

import numpy as np

_DTYPES = {"f64": "<f8", "f32": "<f4"}


class ProtocolError(Exception):
    """The harness sent something this runtime cannot read (should never happen)."""


def _read_exactly(stream, count):
    data = stream.read(count) if count else b""
    if len(data) != count:
        raise EOFError("stream ended after %d of %d bytes" % (len(data), count))
    return data


def read_frame(stream):
    """Returns (header dict, {name: ndarray}) or (None, {}) at end of file."""
    prefix = stream.read(4)
    if len(prefix) < 4:
        return None, {}
    (length,) = struct.unpack("<I", prefix)
    header = json.loads(_read_exactly(stream, length).decode("utf-8"))
    payload = _read_exactly(stream, int(header.get("payload_bytes", 0)))
    arrays = {}
    for spec in header.get("arrays", []):
        if spec["dtype"] not in _DTYPES:
            raise ProtocolError("unknown dtype %r for array %r" % (spec["dtype"], spec["name"]))
        raw = payload[spec["offset"]:spec["offset"] + spec["bytes"]]
        arrays.setdefault(spec["name"], np.frombuffer(raw, dtype=_DTYPES[spec["dtype"]]).reshape(spec["shape"]))
    return header, arrays


def write_frame(stream, message, arrays=None):
    """Writes one frame; arrays are sent as contiguous little-endian f64."""
    descriptors, chunks, offset = [], [], 0
    for name, array in (arrays or {}).items():
        data = np.ascontiguousarray(array, dtype="<f8")
        raw = data.tobytes()
        descriptors.append({"name": name, "dtype": "f64", "shape": [int(n) for n in data.shape],
                            "offset": offset, "bytes": len(raw)})
        chunks.append(raw)
        offset += len(raw)
    header = dict(message, arrays=descriptors, payload_bytes=offset)
    encoded = json.dumps(header).encode("utf-8")
    stream.write(struct.pack("<I", len(encoded)) + encoded)
    for chunk in chunks:
        stream.write(chunk)
    stream.flush()
