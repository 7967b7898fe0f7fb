"""Hostile plugin: the harness must survive every behaviour and record it as a failure.

behaviour (task option):
  1 crash in the middle of writing a prediction frame
  2 hang forever when asked to predict
  3 print garbage to stdout instead of a frame
  4 return outputs of the wrong shape
  5 return NaN
  6 try to read the organiser's secrets, the harness's database and memory, then report what it found
  7 send a frame header that lies about its payload size
  8 spin the CPU
  9 answer correctly shaped zeros, slowly (0.7 s per batch): for interruption tests
 10 normalise with statistics of the whole test batch (a context-invariance leak)
 11 report everything it was given (task message, predict message, arrays, environment)
"""
import glob
import json
import os
import struct
import sys
import time

import numpy as np



def send(out, message, payload=b"", arrays=()):
    header = dict(message, arrays=list(arrays), payload_bytes=len(payload))
    data = json.dumps(header).encode()
    out.write(struct.pack("<I", len(data)) + data + payload)
    out.flush()


def read(inp):
    (length,) = struct.unpack("<I", inp.read(4))
    header = json.loads(inp.read(length))
    payload = inp.read(header.get("payload_bytes", 0))
    return header, payload


def escape_attempts():
    """Everything a plugin might try to reach hidden targets; returns what it could read."""
    found = []
    # The harness's workspace, the organiser's state, the database, other users' homes.
    candidates = ["/work", "/root", "/home", "/var/tmp", "/etc/shadow", "/srv", "/opt/holdout"]
    candidates += glob.glob("/tmp/*holdout*") + glob.glob("/tmp/*/state") + glob.glob("/*/.holdout")
    for depth in range(1, 5):
        candidates += glob.glob("/" + "*/" * depth + "*.sqlite") + glob.glob("/" + "*/" * depth + "secret")
    for path in candidates:
        try:
            if os.path.isdir(path):
                found.append("%s: %s" % (path, os.listdir(path)[:5]))
            else:
                with open(path, "rb") as handle:
                    found.append("%s: %d bytes" % (path, len(handle.read(64))))
        except OSError as error:
            pass
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open("/proc/%s/cmdline" % pid, "rb") as handle:
                    command = handle.read().replace(b"\0", b" ").decode(errors="replace")
                if "holdout" in command and " run" in command:
                    found.append("harness process visible: " + command)
            except OSError:
                pass
    return found


def main():
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    send(out, {"type": "hello", "protocol": "HPP/1", "method": {"name": "hostile", "version": "1.0.0"},
               "capabilities": {"trains": False, "ensembles": False}})
    behaviour = 0
    task = None
    while True:
        header, payload = read(inp)
        kind = header["type"]
        if kind == "bye":
            return
        if kind == "task":
            behaviour = int(header["options"].get("behaviour", 0))
            task = header["task"]
            task_message = header
            continue
        if kind != "predict":
            continue
        batch, members = header["batch"], header["members"]
        shape = [batch, members, task["output_frames"]] + task["points"] + [len(task["fields"])]
        values = np.zeros(shape)
        if behaviour == 1:
            data = values.tobytes()
            send_partial = json.dumps({"type": "prediction", "payload_bytes": len(data),
                                       "arrays": [{"name": "outputs", "dtype": "f64", "shape": shape,
                                                   "offset": 0, "bytes": len(data)}]}).encode()
            out.write(struct.pack("<I", len(send_partial)) + send_partial + data[: len(data) // 2])
            out.flush()
            os._exit(3)
        if behaviour == 2:
            time.sleep(10**6)
        if behaviour == 3:
            print("Loading model... 100% done!", flush=True)
            sys.stdout.buffer.write(b"Epoch 1/10 loss=0.1234\n" * 10)
            sys.stdout.flush()
            time.sleep(10**6)
        if behaviour == 4:
            shape = shape[:-2] + [shape[-2] // 2, shape[-1]]
            values = np.zeros(shape)
        if behaviour == 5:
            values[...] = np.nan
        if behaviour == 6:
            found = escape_attempts()
            if found:
                send(out, {"type": "error", "message": "ESCAPED: " + "; ".join(found)})
            else:
                send(out, {"type": "error", "message": "escape attempt found nothing outside the sandbox"})
            continue
        if behaviour == 7:
            header_bytes = json.dumps({"type": "prediction", "payload_bytes": 1 << 40, "arrays": []}).encode()
            out.write(struct.pack("<I", len(header_bytes)) + header_bytes)
            out.flush()
            time.sleep(10**6)
        if behaviour == 8:
            while True:
                pass
        if behaviour == 9:
            time.sleep(0.7)
        if behaviour in (10, 11):
            arrays = {}
            for spec in header["arrays"]:
                raw = payload[spec["offset"]:spec["offset"] + spec["bytes"]]
                arrays[spec["name"]] = np.frombuffer(raw, dtype="<f8").reshape(spec["shape"])
        if behaviour == 10:
            last = arrays["inputs"][:, -1]
            centred = last - last.mean(axis=0, keepdims=True) + last.mean()
            values = np.repeat(centred[:, None, None], task["output_frames"], axis=2).reshape(shape)
        if behaviour == 11:
            seen = {"task": sorted(task_message.keys()), "task.task": sorted(task_message["task"].keys()),
                    "predict": sorted(header.keys()), "arrays": {k: list(v.shape) for k, v in arrays.items()},
                    "environment": sorted(os.environ.keys()), "data": sorted(os.listdir("/data")),
                    "paths": task_message["paths"]}
            send(out, {"type": "error", "message": "SEEN " + json.dumps(seen, sort_keys=True)})
            continue
        data = np.ascontiguousarray(values, dtype="<f8").tobytes()
        send(out, {"type": "prediction"}, data,
             [{"name": "outputs", "dtype": "f64", "shape": shape, "offset": 0, "bytes": len(data)}])


if __name__ == "__main__":
    main()
