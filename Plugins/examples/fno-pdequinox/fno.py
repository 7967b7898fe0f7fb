"""A Fourier Neural Operator (pdequinox.arch.ClassicFNO, Li et al. 2020) as a one-frame-step
map for periodic 1-D fields, trained with optax and rolled out autoregressively.

Shared by the budgeted plugin (plugin.py, trains inside the harness's budget) and the
open-track variant (../fno-pdequinox-open, weights trained offline by train_offline.py).

Input channels: the field at time t (scaled) and log(viscosity) (standardised); output: the
change to time t + interval (scaled). One network serves every lead: the rollout feeds its own
output back, which is what lets one model cover the 10 frames of a Burgers case.
"""
import json
import math
import os
import time

# One CPU thread, as the task's budget declares (threads: 1); set before jax is imported.
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import equinox as eqx  # noqa: E402
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402
import pdequinox  # noqa: E402

import holdout_sdk  # noqa: E402

DEFAULTS = {"hidden_channels": 32, "num_modes": 16, "num_blocks": 4, "learning_rate": 1e-3, "batch": 32,
            "unroll": 2, "seed": 0}


def build(config, key):
    return pdequinox.arch.ClassicFNO(
        num_spatial_dims=1, in_channels=2, out_channels=1, hidden_channels=config["hidden_channels"],
        num_modes=config["num_modes"], num_blocks=config["num_blocks"], key=key)


class Scaling:
    """Normalisation constants learned from the training split, saved with the weights."""

    def __init__(self, u_scale, du_scale, log_nu_mean, log_nu_std):
        self.u_scale, self.du_scale = float(u_scale), float(du_scale)
        self.log_nu_mean, self.log_nu_std = float(log_nu_mean), float(log_nu_std)

    @classmethod
    def fit(cls, trajectories, viscosity):
        u = trajectories[..., 0]
        du = np.diff(u, axis=1)
        log_nu = np.log(viscosity)
        return cls(u.std() + 1e-12, du.std() + 1e-12, log_nu.mean(), log_nu.std() + 1e-12)

    def as_dict(self):
        return dict(vars(self))


def step(model, u, nu_channel, scaling):
    """One interval forward for one case: u (N,) scaled field -> next scaled field."""
    x = jnp.stack([u, jnp.full_like(u, nu_channel)])
    return u + model(x)[0] * (scaling.du_scale / scaling.u_scale)


def rollout(model, u0, nu_channel, frames, scaling):
    def body(u, _):
        nxt = step(model, u, nu_channel, scaling)
        return nxt, nxt
    _, out = jax.lax.scan(body, u0, None, length=frames)
    return out  # (frames, N)


def train(trajectories, viscosity, seconds, config=None, log=print):
    """Fits the FNO on (cases, frames, N, 1) trajectories for at most `seconds` of wall time.

    Loss: mean squared error (scaled) of `unroll`-step rollouts from every start frame, so the
    model learns to correct its own errors. The learning rate follows a cosine decay in wall
    time, since the number of steps the budget allows is not known in advance.
    """
    config = dict(DEFAULTS, **(config or {}))
    start = time.monotonic()
    scaling = Scaling.fit(trajectories, viscosity)
    u = trajectories[..., 0] / scaling.u_scale                       # (cases, frames, N)
    nu = (np.log(viscosity) - scaling.log_nu_mean) / scaling.log_nu_std  # (cases,)
    unroll = int(config["unroll"])
    cases, frames, _ = u.shape
    starts = [(c, f) for c in range(cases) for f in range(frames - unroll)]
    windows = np.stack([u[c, f:f + unroll + 1] for c, f in starts]).astype(np.float32)
    window_nu = np.array([nu[c] for c, _ in starts], dtype=np.float32)

    key = jax.random.PRNGKey(int(config["seed"]))
    key, init = jax.random.split(key)
    model = build(config, init)
    optimiser = optax.inject_hyperparams(optax.adam)(learning_rate=config["learning_rate"])
    state = optimiser.init(eqx.filter(model, eqx.is_array))

    def loss_fn(model, window, nu_value):
        predicted = rollout(model, window[0], nu_value, unroll, scaling)
        return jnp.mean((predicted - window[1:]) ** 2)

    @eqx.filter_jit
    def update(model, state, windows, nus, rate):
        loss, grads = eqx.filter_value_and_grad(
            lambda m: jnp.mean(jax.vmap(loss_fn, in_axes=(None, 0, 0))(m, windows, nus)))(model)
        state.hyperparams["learning_rate"] = rate
        updates, state = optimiser.update(grads, state, eqx.filter(model, eqx.is_array))
        return eqx.apply_updates(model, updates), state, loss

    rng = np.random.default_rng(int(config["seed"]))
    batch = min(int(config["batch"]), len(windows))
    steps, loss = 0, float("nan")
    while True:
        elapsed = time.monotonic() - start
        if elapsed >= seconds:
            break
        fraction = elapsed / seconds
        rate = config["learning_rate"] * 0.5 * (1 + math.cos(math.pi * fraction))
        index = rng.choice(len(windows), size=batch, replace=False)
        model, state, loss = update(model, state, windows[index], window_nu[index], jnp.float32(rate))
        steps += 1
        if steps % 200 == 0:
            log("fno: step %d, %.0f s, loss %.3e" % (steps, elapsed, float(loss)))
    log("fno: trained %d steps in %.1f s, last loss %.3e" % (steps, time.monotonic() - start, float(loss)))
    return model, scaling, config, {"steps": steps, "seconds": time.monotonic() - start, "loss": float(loss)}


def save(directory, model, scaling, config, summary):
    eqx.tree_serialise_leaves(os.path.join(directory, "fno.eqx"), model)
    with open(os.path.join(directory, "fno.json"), "w") as handle:
        json.dump({"config": config, "scaling": scaling.as_dict(), "training": summary}, handle, indent=1, sort_keys=True)


def load(directory):
    with open(os.path.join(directory, "fno.json")) as handle:
        meta = json.load(handle)
    config = meta["config"]
    model = eqx.tree_deserialise_leaves(os.path.join(directory, "fno.eqx"), build(config, jax.random.PRNGKey(0)))
    return model, Scaling(**meta["scaling"]), config


def forecast(model, scaling, inputs, viscosity, frames):
    """inputs (batch, input_frames, N, 1), viscosity (batch,) -> (batch, frames, N, 1).

    One case at a time through one compiled function of fixed shape, so a case's forecast is
    bitwise the same whichever batch it arrives in (a batched matmul may round differently).
    """
    run = eqx.filter_jit(lambda u, n: rollout(model, u, n, frames, scaling))
    out = []
    for u, nu in zip(inputs[:, -1, :, 0], viscosity):
        u0 = jnp.asarray(u / scaling.u_scale, dtype=jnp.float32)
        n = jnp.float32((math.log(nu) - scaling.log_nu_mean) / scaling.log_nu_std)
        out.append(np.asarray(run(u0, n), dtype=np.float64) * scaling.u_scale)
    return np.stack(out)[..., None]


class FNOMethod(holdout_sdk.Method):
    """What both plugins share: the task check and the rollout. `self.model` and
    `self.scaling` come from training (budgeted) or from the shipped weights (open)."""

    def setup(self):
        task = self.task
        if len(task.points) != 1 or task.components != 1 or "viscosity" not in task.parameter_inputs:
            raise ValueError("the FNO plugins handle 1-D single-field tasks with a viscosity input (Burgers, KS)")
        self.column = task.parameter_inputs.index("viscosity")

    def predict(self, inputs, parameters):
        return forecast(self.model, self.scaling, inputs, np.asarray(parameters)[:, self.column], self.task.output_frames)
