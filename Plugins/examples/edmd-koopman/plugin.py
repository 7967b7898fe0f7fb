"""edmd-koopman: extended dynamic mode decomposition (Williams, Kevrekidis & Rowley 2015), a
Koopman-operator method, in numpy only.

The state is centred and projected on its leading POD modes (proper orthogonal decomposition
of every training frame); the dictionary of observables is [1, the POD coordinates a, the
products a_i a_j of the first `quadratic` coordinates, a times each standardised parameter].
One linear operator, fitted by ridge regression from each frame's dictionary to the next
frame's coordinates, advances the state by one output interval; the forecast applies it
autoregressively. On small training sets the modes and products are cut so that there is at
most one observable per two training pairs. Coordinates are clipped to a margin beyond the range seen in training, so a
rollout that leaves the data stays finite (and is scored as the poor forecast it is).
"""
import numpy as np

import holdout_sdk


class EDMD(holdout_sdk.Method):
    # It works on its training grid; the SDK maps finer (resolution-shift) requests to it.
    training_grid_only = True

    name = "edmd-koopman"
    version = "1.0.0"

    def setup(self):
        self.modes = int(self.options.get("modes", 32))
        self.quadratic = int(self.options.get("quadratic", 12))
        self.ridge = float(self.options.get("ridge", 1e-6))

    def dictionary(self, a, p):
        """Observables of coordinates a (cases, r) and standardised parameters p (cases, q)."""
        q = min(self.quadratic, a.shape[1])
        i, j = np.triu_indices(q)
        terms = [np.ones((a.shape[0], 1)), a, a[:, i] * a[:, j]]
        terms += [a * p[:, [k]] for k in range(p.shape[1])]
        return np.concatenate(terms, axis=1)

    def train(self, data):
        cases, frames = data.trajectories.shape[:2]
        states = data.trajectories.reshape(cases, frames, -1)
        flat = states.reshape(cases * frames, -1)
        self.mean = flat.mean(axis=0)
        _, singular, vt = np.linalg.svd(flat - self.mean, full_matrices=False)
        parameters = data.parameters if data.parameters is not None else np.zeros((cases, 0))
        # At most one observable per two training pairs: fewer modes and products on small data.
        samples, extra = cases * (frames - 1), parameters.shape[1]
        r, q = min(self.modes, vt.shape[0]), self.quadratic
        while r > 1 and 1 + r * (1 + extra) + min(q, r) * (min(q, r) + 1) // 2 > samples // 2:
            q, r = (q - 1, r) if q > 0 else (q, r - 1)
        self.quadratic = min(q, r)
        self.basis = vt[:r].T                                              # (state, r)
        self.p_mean = parameters.mean(axis=0)
        self.p_scale = np.where(parameters.std(axis=0) > 0, parameters.std(axis=0), 1.0)
        p = (parameters - self.p_mean) / self.p_scale
        a = (states - self.mean) @ self.basis                              # (cases, frames, r)
        span = a.max(axis=(0, 1)) - a.min(axis=(0, 1))
        self.low, self.high = a.min(axis=(0, 1)) - 0.5 * span, a.max(axis=(0, 1)) + 0.5 * span
        now = a[:, :-1].reshape(-1, a.shape[2])
        nxt = a[:, 1:].reshape(-1, a.shape[2])
        p_rows = np.repeat(p, frames - 1, axis=0)
        psi = self.dictionary(now, p_rows)
        scale = np.sqrt((psi ** 2).mean(axis=0)) + 1e-12                  # column scaling for the ridge
        gram = (psi / scale).T @ (psi / scale)
        gram += self.ridge * np.trace(gram) / gram.shape[0] * np.eye(gram.shape[0])
        self.operator = np.linalg.solve(gram, (psi / scale).T @ nxt) / scale[:, None]
        residual = psi @ self.operator - nxt
        holdout_sdk.server._log("edmd: %d POD modes (%.4f of the variance), %d observables, one-step relative residual %.3e"
                                % (self.basis.shape[1], (singular[:self.basis.shape[1]] ** 2).sum() / (singular ** 2).sum(),
                                   psi.shape[1], np.linalg.norm(residual) / np.linalg.norm(nxt)))

    def predict(self, inputs, parameters):
        batch = inputs.shape[0]
        shape = inputs.shape[2:]
        parameters = parameters if parameters is not None else np.zeros((batch, 0))
        p = (parameters - self.p_mean) / self.p_scale
        a = (inputs[:, -1].reshape(batch, -1) - self.mean) @ self.basis
        out = np.empty((batch, self.task.output_frames) + shape)
        for frame in range(self.task.output_frames):
            a = np.clip(self.dictionary(a, p) @ self.operator, self.low, self.high)
            out[:, frame] = (a @ self.basis.T + self.mean).reshape((batch,) + shape)
        return out


if __name__ == "__main__":
    holdout_sdk.serve(EDMD)
