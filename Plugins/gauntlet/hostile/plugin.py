"""Hostile plugin: the harness must survive every behaviour and record it precisely.

The `behaviour` task option (a number: challenge options are numbers) picks one attack; each
has a name, which is also what the gauntlet challenge calls its entry (see BEHAVIOURS).
Behaviours that look for something outside the sandbox report what they found in an `error`
message (the harness records it as the failure reason), so a test can assert they found nothing.
"""
import glob
import json
import os
import resource
import signal
import socket
import struct
import sys
import time

import numpy as np

BEHAVIOURS = {
    1: "crash-mid-frame",      # exits halfway through writing a prediction frame
    2: "hang",                 # sleeps forever when asked to predict
    3: "garbage-stdout",       # prints to stdout outside the protocol
    4: "wrong-shape",          # outputs of the wrong shape
    5: "nan-output",           # NaN outputs
    6: "escape",               # reads secrets, the database, the state and the harness's memory
    7: "lying-header",         # a frame header that declares a 1 TiB payload and sends nothing
    8: "spin-cpu",             # twenty-four processes spinning the CPU
    9: "slow-zeros",           # correct shape, zeros, 0.7 s per batch (interruption tests)
    10: "batch-normaliser",    # normalises with statistics of the whole batch (context leak)
    11: "inspector",           # reports everything it was given
    12: "network",             # tries to connect anywhere it can think of
    13: "fork-bomb",           # every process forks forever
    14: "memory-hog",          # allocates (and touches) memory without limit
    15: "fill-scratch",        # fills its scratch disk until a write fails
    16: "huge-frame",          # an honest header for an array 4096 times too large, then its bytes
    17: "wrong-dtype",         # int64 outputs
    18: "edit-limits",         # tries to raise its own limits, then works forever
    19: "nondeterministic",    # persistence plus unseeded noise: differs from run to run
    20: "snoop",               # looks for other submissions' code, models and predictions
    21: "flood-artifacts",     # training writes ever more 1 MiB files into /artifacts (with --trains)
}


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


def send_outputs(out, values, dtype="f64"):
    data = np.ascontiguousarray(values, dtype={"f64": "<f8", "i64": "<i8"}[dtype]).tobytes()
    send(out, {"type": "prediction"}, data,
         [{"name": "outputs", "dtype": dtype, "shape": list(values.shape), "offset": 0, "bytes": len(data)}])


def readable(path):
    """What a plugin could learn at `path`: a listing or a byte count, or None."""
    try:
        if os.path.isdir(path):
            return "%s: %s" % (path, sorted(os.listdir(path))[:5])
        with open(path, "rb") as handle:
            return "%s: %d bytes" % (path, len(handle.read(64)))
    except OSError:
        return None


def walk_visible():
    """Every path the sandbox shows outside the system's /usr and the kernel's /proc, /sys, /dev."""
    for root, directories, files in os.walk("/"):
        directories[:] = [d for d in directories if os.path.join(root, d) not in ("/usr", "/proc", "/sys", "/dev")]
        for name in directories + files:
            yield os.path.join(root, name)


def escape_attempts():
    """Everything a plugin might try to reach hidden targets; returns what it could read."""
    candidates = ["/work", "/root", "/home", "/var/tmp", "/etc/shadow", "/srv", "/opt/holdout", "/run", "/mnt"]
    candidates += [path for path in walk_visible()
                   if os.path.basename(path) in ("secret", "hidden", "state", "commitment.json") or path.endswith(".sqlite")]
    # bubblewrap's command line (pid 1 here) names the host paths of its binds: guess the
    # workspace around them (its database, its state directory) and try those host paths too.
    try:
        with open("/proc/1/cmdline", "rb") as handle:
            arguments = handle.read().decode(errors="replace").split("\0")
    except OSError:
        arguments = []
    for path in (argument for argument in arguments if argument.startswith("/") and "/data/" in argument):
        workspace = path.split("/data/")[0]
        candidates += [workspace, workspace + "/holdout.sqlite", workspace + "/state", workspace + "/plugins"]
    found = [what for what in map(readable, candidates) if what]
    # The harness's memory: only processes of the sandbox's own PID namespace are visible.
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as handle:
                argv = handle.read().decode(errors="replace").split("\0")
            # The sandbox's own init (bubblewrap) is visible; the harness (`holdout run`) must not be.
            if os.path.basename(argv[0]) != "holdout":
                continue
            found.append("harness process visible: " + " ".join(argv)[:80])
            with open("/proc/%s/mem" % pid, "rb") as handle:
                handle.seek(0x400000)
                if handle.read(16):
                    found.append("read the memory of pid %s" % pid)
        except (OSError, ValueError):
            pass
    return found


def snoop_attempts():
    """Other submissions' code, trained models and predictions: anything beyond its own."""
    own = ("/plugin/", "/data/", "/artifacts/", "/scratch/", "/tmp/")
    found = []
    for path in walk_visible():
        if path.startswith(own):
            continue
        name = os.path.basename(path)
        if name in ("plugin.yaml", "plugin.py", "plugins", "runs", "predictions", "artifacts", "scratch") \
                or name.endswith((".sqlite", ".pickle", ".npy", ".npz", ".pt", ".h5")):
            if path not in ("/artifacts", "/scratch"):
                found.append(path)
    return found


def network_attempts():
    """Connections a plugin might try; returns what it reached and why each attempt failed."""
    reached, failures = [], []
    targets = [("1.1.1.1", 53), ("8.8.8.8", 443), ("10.0.2.2", 80), ("172.17.0.1", 22), ("127.0.0.1", 8080)]
    for host, port in targets:
        try:
            socket.create_connection((host, port), timeout=1).close()
            reached.append("%s:%d" % (host, port))
        except OSError as error:
            failures.append("%s:%d %s" % (host, port, error.strerror or error))
    try:
        socket.getaddrinfo("pypi.org", 443)
        reached.append("DNS resolved pypi.org")
    except OSError as error:
        failures.append("DNS %s" % (error.strerror or error))
    for path in ["/run/docker.sock", "/var/run/docker.sock", "/run/dbus/system_bus_socket", "\0/tmp/.X11-unix/X0"]:
        try:
            client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            client.settimeout(1)
            client.connect(path)
            reached.append("unix socket %r" % path)
        except OSError as error:
            failures.append("unix %r %s" % (path, error.strerror or error))
    with open("/proc/net/dev") as handle:
        interfaces = [line.split(":")[0].strip() for line in handle.readlines()[2:]]
    return reached, failures, interfaces


def limit_edit_attempts():
    """Every way a plugin might try to raise its own budget; returns one short word per attempt."""
    results = []

    def attempt(name, action):
        try:
            outcome = action()
            results.append("%s %s" % (name, outcome or "DONE"))
        except (OSError, ValueError):
            results.append("%s refused" % name)

    def append(path, text):
        with open(path, "a") as handle:
            handle.write(text)

    def signal_and_look(pid, number):
        os.kill(pid, number)
        time.sleep(0.1)
        os.kill(pid, 0)  # still there: the signal did nothing (a PID namespace's init ignores it)
        return "ignored"

    parent = os.getppid()
    attempt("manifest", lambda: append("/plugin/plugin.yaml", "\nwall_seconds: 1000000\n"))
    attempt("public-data", lambda: append("/data/stats.yaml", "\nbudgets: {predict: {wall_seconds: 1000000}}\n"))
    attempt("cgroup", lambda: append("/sys/fs/cgroup/memory/memory.limit_in_bytes", "-1"))
    attempt("rlimit", lambda: resource.setrlimit(resource.RLIMIT_CPU, (resource.RLIM_INFINITY, resource.RLIM_INFINITY)))
    attempt("signal-parent", lambda: signal_and_look(parent, signal.SIGKILL))
    attempt("signal-init", lambda: signal_and_look(1, signal.SIGTERM))
    return results


def fork_bomb():
    parent = os.getpid()
    while True:
        try:
            os.fork()
        except OSError:
            if os.getpid() == parent:
                raise  # the process cap: the plugin's main process dies of it
            os._exit(1)  # children leave without Python's teardown, which would copy every page


def spin():
    for _ in range(23):
        if os.fork() == 0:
            break
    while True:
        pass


def main():
    # A process that re-executed itself after "raising its limits" (edit-limits) just works forever.
    if os.environ.get("HOLDOUT_WALL_SECONDS") == "unlimited":
        sys.stderr.write("relaunched with HOLDOUT_WALL_SECONDS=unlimited; working forever\n")
        sys.stderr.flush()
        while True:
            time.sleep(1)

    inp, out = sys.stdin.buffer, sys.stdout.buffer
    # `--trains` (Plugins/gauntlet/hostile-trainer) asks for a training process, where the
    # training behaviours act; the others never train.
    trains = "--trains" in sys.argv
    send(out, {"type": "hello", "protocol": "HPP/1", "method": {"name": "hostile", "version": "1.1.0"},
               "capabilities": {"trains": trains, "ensembles": False}})
    behaviour = None
    task = None
    while True:
        header, payload = read(inp)
        kind = header["type"]
        if kind == "bye":
            return
        if kind == "task":
            behaviour = BEHAVIOURS.get(int(header["options"].get("behaviour", 0)))
            task = header["task"]
            task_message = header
            continue
        if kind == "train":
            if behaviour == "flood-artifacts":
                chunk = b"\x01" * (1 << 20)
                for number in range(10**6):
                    # Each file far below the file-size limit: only a bound on the directory stops this.
                    with open(os.path.join(task_message["paths"]["artifacts"], "flood-%06d" % number), "wb") as handle:
                        handle.write(chunk)
            send(out, {"type": "trained"})
            continue
        if kind != "predict":
            continue
        batch, members = header["batch"], header["members"]
        shape = [batch, members, task["output_frames"]] + task["points"] + [len(task["fields"])]
        values = np.zeros(shape)
        arrays = {}
        for spec in header["arrays"]:
            raw = payload[spec["offset"]:spec["offset"] + spec["bytes"]]
            arrays[spec["name"]] = np.frombuffer(raw, dtype="<f8").reshape(spec["shape"])

        if behaviour == "crash-mid-frame":
            data = values.tobytes()
            partial = json.dumps({"type": "prediction", "payload_bytes": len(data),
                                  "arrays": [{"name": "outputs", "dtype": "f64", "shape": shape,
                                              "offset": 0, "bytes": len(data)}]}).encode()
            out.write(struct.pack("<I", len(partial)) + partial + data[: len(data) // 2])
            out.flush()
            os._exit(3)
        if behaviour == "hang":
            time.sleep(10**6)
        if behaviour == "garbage-stdout":
            print("Loading model... 100% done!", flush=True)
            sys.stdout.buffer.write(b"Epoch 1/10 loss=0.1234\n" * 10)
            sys.stdout.flush()
            time.sleep(10**6)
        if behaviour == "wrong-shape":
            values = np.zeros(shape[:-2] + [shape[-2] // 2, shape[-1]])
        if behaviour == "nan-output":
            values[...] = np.nan
        if behaviour == "escape":
            found = escape_attempts()
            message = "ESCAPED: " + "; ".join(found) if found else "escape attempt found nothing outside the sandbox"
            send(out, {"type": "error", "message": message})
            continue
        if behaviour == "lying-header":
            header_bytes = json.dumps({"type": "prediction", "payload_bytes": 1 << 40, "arrays": []}).encode()
            out.write(struct.pack("<I", len(header_bytes)) + header_bytes)
            out.flush()
            time.sleep(10**6)
        if behaviour == "spin-cpu":
            spin()
        if behaviour == "slow-zeros":
            time.sleep(0.7)
        if behaviour == "batch-normaliser":
            last = arrays["inputs"][:, -1]
            centred = last - last.mean(axis=0, keepdims=True) + last.mean()
            values = np.repeat(centred[:, None, None], task["output_frames"], axis=2).reshape(shape)
        if behaviour == "inspector":
            seen = {"task": sorted(task_message.keys()), "task.task": sorted(task_message["task"].keys()),
                    "predict": sorted(header.keys()), "arrays": {k: list(v.shape) for k, v in arrays.items()},
                    "environment": sorted(os.environ.keys()), "data": sorted(os.listdir("/data")),
                    "paths": task_message["paths"]}
            send(out, {"type": "error", "message": "SEEN " + json.dumps(seen, sort_keys=True)})
            continue
        if behaviour == "network":
            reached, failures, interfaces = network_attempts()
            if reached:
                message = "NETWORK REACHED: " + "; ".join(reached)
            else:
                message = "every connection failed (interfaces %s): %s" % (interfaces, "; ".join(failures))
            send(out, {"type": "error", "message": message})
            continue
        if behaviour == "fork-bomb":
            fork_bomb()
        if behaviour == "memory-hog":
            hoard = []
            while True:
                hoard.append(b"\x01" * (16 << 20))  # written, so every page is charged
        if behaviour == "fill-scratch":
            chunk = b"\x00" * (1 << 20)
            for number in range(10**6):
                # Many files, each far below the file-size limit: only a bound on the whole disk stops this.
                with open(os.path.join(os.environ.get("TMPDIR", "/tmp"), "fill-%06d" % number), "wb") as handle:
                    handle.write(chunk)
        if behaviour == "huge-frame":
            big = np.zeros(shape[:-2] + [shape[-2] * 4096, shape[-1]])
            send_outputs(out, big)
            time.sleep(10**6)
        if behaviour == "wrong-dtype":
            send_outputs(out, values.astype(np.int64), dtype="i64")
            continue
        if behaviour == "edit-limits":
            sys.stderr.write("limit edits: " + "; ".join(limit_edit_attempts()) + "\n")
            sys.stderr.flush()
            environment = dict(os.environ, HOLDOUT_WALL_SECONDS="unlimited", HOLDOUT_CPU_SECONDS="unlimited",
                               HOLDOUT_MEMORY_MB="unlimited", OMP_NUM_THREADS="64")
            os.execve(sys.executable, [sys.executable] + sys.argv, environment)
        if behaviour == "nondeterministic":
            last = arrays["inputs"][:, -1:]
            noise = np.random.default_rng().normal(scale=1e-3, size=last.shape)  # unseeded: new per process
            values = np.repeat(last + noise, task["output_frames"], axis=1).reshape(shape)
        if behaviour == "snoop":
            found = snoop_attempts()
            message = "SNOOPED: " + "; ".join(found[:10]) if found else "found no other submission's code, model or predictions"
            send(out, {"type": "error", "message": message})
            continue
        send_outputs(out, values)


if __name__ == "__main__":
    main()
