"""Unit tests of holdout_sdk (stdlib unittest; also runs under pytest).

Run: python3 -m unittest discover -s Plugins/python/tests   (needs numpy and h5py)
The Swift suite PythonSDKTests runs this file with /usr/bin/python3.
"""
import io
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import holdout_sdk  # noqa: E402
from holdout_sdk import protocol  # noqa: E402

TASK = {"id": "toy", "version": "1.0.0", "equation": "burgers", "lengths": [6.283185307179586],
        "boundary": "periodic", "fields": ["u"], "points": [16], "input_frames": 1, "output_frames": 3,
        "interval": 0.1, "members": 2, "parameter_inputs": ["viscosity"], "batch_size": 4}


def write_split(path, cases=5, frames=4, points=16, input_frames=1):
    """A split file in the layout `holdout data generate` writes (the parts the SDK reads)."""
    rng = np.random.default_rng(0)
    u = rng.standard_normal((cases, frames, points))
    with h5py.File(path, "w") as f:
        f.attrs["holdout_input_frames"] = input_frames
        f.attrs["holdout_output_frames"] = frames - input_frames
        group = f.create_group("t0_fields")
        group.attrs["field_names"] = ["u"]
        group.create_dataset("u", data=u)
        scalars = f.create_group("scalars")
        scalars.attrs["field_names"] = ["viscosity"]
        scalars.create_dataset("viscosity", data=np.linspace(0.05, 0.1, cases))
        f.create_group("holdout").create_dataset("case_id", data=np.array(["train-%04d" % i for i in range(cases)], dtype="S"))
        dims = f.create_group("dimensions")
        dims.attrs["spatial_dims"] = ["x"]
        dims.create_dataset("x", data=np.arange(points) * 2 * np.pi / points)
        dims.create_dataset("time", data=np.arange(frames) * 0.1)
    return u


class Damping(holdout_sdk.Method):
    """Learns one factor per lead; uses the default pickle save/load."""
    name = "damping"

    def train(self, data):
        last = data.inputs[:, -1].reshape(len(data), -1)                   # (cases, space * component)
        targets = data.targets.reshape(len(data), data.output_frames, -1)  # (cases, leads, space * component)
        self.alpha = np.einsum("cn,cln->l", last, targets) / np.einsum("cn,cn->", last, last)

    def predict(self, inputs, parameters):
        last = inputs[:, -1]
        return self.alpha[None, :, None, None] * last[:, None]  # no member axis: repeated by the SDK


class WrongShape(holdout_sdk.Method):
    def predict(self, inputs, parameters):
        return np.zeros((inputs.shape[0], 3, 16))


class NaNs(holdout_sdk.Method):
    def predict(self, inputs, parameters):
        out = np.zeros(self.task.output_shape(inputs.shape[0]))
        out[1, 0, 0, 0, 0] = np.nan
        return out


def frames(*messages):
    stream = io.BytesIO()
    for message, arrays in messages:
        protocol.write_frame(stream, message, arrays)
    stream.seek(0)
    return stream


def replies(stream):
    stream.seek(0)
    out = []
    while True:
        header, arrays = protocol.read_frame(stream)
        if header is None:
            return out
        out.append((header, arrays))


def task_message(mode, directory, train=None):
    return {"type": "task", "mode": mode, "task": TASK, "options": {"gain": 2},
            "paths": {"artifacts": directory, "scratch": directory, **({"train": train} if train else {})}}


class LoadSplitTests(unittest.TestCase):
    def test_reads_inputs_targets_and_parameters_in_the_request_layout(self):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "train-5.h5")
            u = write_split(path)
            split = holdout_sdk.load_split(path)
            self.assertEqual(len(split), 5)
            self.assertEqual(split.inputs.shape, (5, 1, 16, 1))
            self.assertEqual(split.targets.shape, (5, 3, 16, 1))
            self.assertEqual(split.parameters.shape, (5, 1))
            self.assertEqual(split.parameter_names, ["viscosity"])
            self.assertEqual(split.case_ids[0], "train-0000")
            np.testing.assert_array_equal(split.targets[..., 0], u[:, 1:])
            subset = split[[0, 2]]
            self.assertEqual(subset.case_ids, ["train-0000", "train-0002"])
            with self.assertRaisesRegex(ValueError, "no field"):
                holdout_sdk.load_split(path, fields=["v"])


class ServeTests(unittest.TestCase):
    def test_train_then_predict_in_separate_sessions_with_members_repeated(self):
        with tempfile.TemporaryDirectory() as directory:
            train = os.path.join(directory, "train-5.h5")
            write_split(train)
            out = io.BytesIO()
            holdout_sdk.serve(Damping, frames((task_message("train", directory, train), None),
                                              ({"type": "train"}, None), ({"type": "bye"}, None)), out)
            kinds = [h["type"] for h, _ in replies(out)]
            self.assertEqual(kinds, ["hello", "trained"])
            hello = replies(out)[0][0]
            self.assertEqual(hello["capabilities"]["trains"], True)
            self.assertEqual(hello["method"]["name"], "damping")
            self.assertTrue(os.path.exists(os.path.join(directory, "method.pickle")))

            inputs = np.random.default_rng(1).standard_normal((3, 1, 16, 1))
            out = io.BytesIO()
            holdout_sdk.serve(Damping, frames((task_message("predict", directory), None),
                                              ({"type": "predict", "batch": 3, "members": 2},
                                               {"inputs": inputs, "parameters": np.full((3, 1), 0.07)}),
                                              ({"type": "bye"}, None)), out)
            (hello, _), (reply, arrays) = replies(out)
            self.assertEqual(reply["type"], "prediction", reply)
            self.assertEqual(arrays["outputs"].shape, (3, 2, 3, 16, 1))
            np.testing.assert_array_equal(arrays["outputs"][:, 0], arrays["outputs"][:, 1])

    def test_a_resolution_shift_request_is_answered_on_its_own_grid(self):
        with tempfile.TemporaryDirectory() as directory:
            train = os.path.join(directory, "train-5.h5")
            write_split(train)
            holdout_sdk.serve(Damping, frames((task_message("train", directory, train), None),
                                              ({"type": "train"}, None), ({"type": "bye"}, None)), io.BytesIO())
            fine = np.random.default_rng(2).standard_normal((2, 1, 32, 1))
            request = ({"type": "predict", "batch": 2, "members": 2, "points": [32]},
                       {"inputs": fine, "parameters": np.full((2, 1), 0.07)})
            out = io.BytesIO()
            holdout_sdk.serve(Damping, frames((task_message("predict", directory), None), request, ({"type": "bye"}, None)), out)
            (reply, arrays) = replies(out)[1]
            self.assertEqual(reply["type"], "prediction", reply)
            self.assertEqual(arrays["outputs"].shape, (2, 2, 3, 32, 1))
            self.assertEqual(holdout_sdk.Method.grid(fine), [32])
            # A method that ignores the request's grid is told which grid was asked for.
            out = io.BytesIO()
            holdout_sdk.serve(NaNs, frames((task_message("predict", directory), None), request), out)
            reply = replies(out)[1][0]
            self.assertEqual(reply["type"], "error")
            self.assertIn("expected (2, 2, 3, 32, 1) (batch=2, members=2, output_frames=3, x=32, component=1)", reply["message"])

    def test_shape_and_nan_errors_say_what_was_expected(self):
        with tempfile.TemporaryDirectory() as directory:
            for cls, expected in [(WrongShape, "expected (3, 2, 3, 16, 1) (batch=3, members=2, output_frames=3, x=16, component=1)"),
                                  (NaNs, "non-finite values (NaN or Inf), in case(s) [1]")]:
                out = io.BytesIO()
                holdout_sdk.serve(cls, frames((task_message("predict", directory), None),
                                              ({"type": "predict", "batch": 3, "members": 2},
                                               {"inputs": np.zeros((3, 1, 16, 1)), "parameters": np.zeros((3, 1))})), out)
                (hello, _), (reply, _) = replies(out)
                self.assertFalse(hello["capabilities"]["trains"])
                self.assertEqual(reply["type"], "error")
                self.assertIn(expected, reply["message"])

    def test_missing_artifact_is_reported_when_loading(self):
        with tempfile.TemporaryDirectory() as directory:
            out = io.BytesIO()
            holdout_sdk.serve(Damping, frames((task_message("predict", directory), None),
                                              ({"type": "predict", "batch": 1, "members": 2},
                                               {"inputs": np.zeros((1, 1, 16, 1))})), out)
            reply = replies(out)[1][0]
            self.assertEqual(reply["type"], "error")
            self.assertIn("did train() run and save()", reply["message"])

    def test_case_seed_depends_only_on_the_case(self):
        a, b = np.arange(4.0), np.arange(4.0) + 1
        self.assertEqual(holdout_sdk.case_seed(a), holdout_sdk.case_seed(a.copy()))
        self.assertNotEqual(holdout_sdk.case_seed(a), holdout_sdk.case_seed(b))


class ProcessTests(unittest.TestCase):
    def test_prints_and_native_writes_to_fd_1_do_not_reach_the_protocol_stream(self):
        sdk = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
        with tempfile.TemporaryDirectory() as directory:
            plugin = os.path.join(directory, "plugin.py")
            with open(plugin, "w") as handle:
                handle.write(textwrap.dedent("""
                    import os, sys
                    sys.path.insert(0, %r)
                    import numpy as np
                    import holdout_sdk

                    class Noisy(holdout_sdk.Method):
                        def predict(self, inputs, parameters):
                            print("progress: predicting")          # Python-level print
                            os.write(1, b"native library banner\\n")  # what C code writing to fd 1 does
                            return np.repeat(inputs[:, -1:], self.task.output_frames, axis=1)

                    if __name__ == "__main__":
                        Noisy.main()
                    """ % sdk))
            request = frames((task_message("predict", directory), None),
                             ({"type": "predict", "batch": 2, "members": 2}, {"inputs": np.ones((2, 1, 16, 1))}),
                             ({"type": "bye"}, None)).getvalue()
            done = subprocess.run([sys.executable, plugin], input=request, capture_output=True, timeout=60)
            got = replies(io.BytesIO(done.stdout))
            self.assertEqual([h["type"] for h, _ in got], ["hello", "prediction"], done.stderr.decode())
            self.assertEqual(got[1][1]["outputs"].shape, (2, 2, 3, 16, 1))
            self.assertIn(b"native library banner", done.stderr)


if __name__ == "__main__":
    unittest.main()


class GridResamplingTests(unittest.TestCase):
    """`training_grid_only` methods see the training grid; the SDK maps finer requests to it."""

    def test_band_limited_signal_survives_up_and_down(self):
        from holdout_sdk.grids import resample
        x = np.arange(64) * 2 * np.pi / 64
        coarse = (np.sin(3 * x) + 0.5 * np.cos(7 * x) + 2.0).reshape(1, 1, 64, 1)
        fine = resample(coarse, [256])
        xf = np.arange(256) * 2 * np.pi / 256
        np.testing.assert_allclose(fine[0, 0, :, 0], np.sin(3 * xf) + 0.5 * np.cos(7 * xf) + 2.0, atol=1e-12)
        np.testing.assert_allclose(resample(fine, [64]), coarse, atol=1e-12)

    def test_two_dimensional_grids(self):
        from holdout_sdk.grids import resample
        y, x = np.meshgrid(np.arange(16) * 2 * np.pi / 16, np.arange(32) * 2 * np.pi / 32, indexing="ij")
        field = (np.sin(2 * x) * np.cos(y)).reshape(1, 1, 16, 32, 1)
        back = resample(resample(field, [32, 64]), [16, 32])
        np.testing.assert_allclose(back, field, atol=1e-12)
