"""Lorenz-96 RK4 step in vectorised numpy, the comparison for Benchmarks/Benchmarks/L96Step.

Same problem as the Swift benchmark: one-scale K = 40, F = 8, dt = 0.01 (and the two-scale
system K = 8, J = 32, F = 20, h = 1, b = c = 10, dt = 0.001). Two numpy versions of the
one-scale step are timed:

  roll:   the textbook form with np.roll (allocates temporaries),
  padded: preallocated padded buffers, slicing and in-place ufuncs with out= (no per-step
          array allocation apart from numpy's internal temporaries: none here).

Each is timed over `steps` steps per repeat, `repeats` repeats; reported in µs per step
(min and median over repeats).  Run:

    sh Benchmarks/python/setup-venv.sh
    Benchmarks/python/.venv/bin/python Benchmarks/python/l96_step.py
"""
import statistics
import sys
import time

import numpy as np

K, F, DT = 40, 8.0, 0.01


def tendency_roll(x):
    return (np.roll(x, -1) - np.roll(x, 2)) * np.roll(x, 1) - x + F


def step_roll(x):
    k1 = tendency_roll(x)
    k2 = tendency_roll(x + 0.5 * DT * k1)
    k3 = tendency_roll(x + 0.5 * DT * k2)
    k4 = tendency_roll(x + DT * k3)
    return x + DT / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


class Padded:
    """X_k at p = k + 2 of K + 3 values; ghosts p = 0, 1 (X_{K-2}, X_{K-1}) and p = K + 2 (X_0)."""

    def __init__(self, x):
        self.x = np.zeros(K + 3)
        self.s = np.zeros(K + 3)
        self.x[2:K + 2] = x
        self.d = np.zeros(K)
        self.acc = np.zeros(K)
        self.tmp = np.zeros(K)

    @staticmethod
    def ghosts(p):
        p[0] = p[K]
        p[1] = p[K + 1]
        p[K + 2] = p[2]

    def tendency(self, p):
        d, tmp = self.d, self.tmp
        np.subtract(p[3:K + 3], p[0:K], out=d)
        np.multiply(d, p[1:K + 1], out=d)
        np.subtract(d, p[2:K + 2], out=d)
        np.add(d, F, out=d)

    def stage(self, weight, scale, first):
        if first:
            self.acc[:] = self.d
        else:
            np.multiply(self.d, weight, out=self.tmp)
            np.add(self.acc, self.tmp, out=self.acc)
        np.multiply(self.d, scale, out=self.tmp)
        np.add(self.x[2:K + 2], self.tmp, out=self.s[2:K + 2])
        self.ghosts(self.s)

    def step(self):
        self.ghosts(self.x)
        self.tendency(self.x)
        self.stage(1, 0.5 * DT, True)
        self.tendency(self.s)
        self.stage(2, 0.5 * DT, False)
        self.tendency(self.s)
        self.stage(2, DT, False)
        self.tendency(self.s)
        np.add(self.acc, self.d, out=self.acc)
        np.multiply(self.acc, DT / 6, out=self.acc)
        np.add(self.x[2:K + 2], self.acc, out=self.x[2:K + 2])


def two_scale_step(state, K2=8, J=32, F2=20.0, h=1.0, b=10.0, c=10.0, dt=0.001):
    coupling = h * c / b

    def f(s):
        x, y = s[:K2], s[K2:]
        dx = -np.roll(x, 1) * (np.roll(x, 2) - np.roll(x, -1)) - x + F2 - coupling * y.reshape(K2, J).sum(axis=1)
        dy = -c * b * np.roll(y, -1) * (np.roll(y, -2) - np.roll(y, 1)) - c * y + coupling * np.repeat(x, J)
        return np.concatenate([dx, dy])

    k1 = f(state)
    k2 = f(state + 0.5 * dt * k1)
    k3 = f(state + 0.5 * dt * k2)
    k4 = f(state + dt * k3)
    return state + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


def timed(name, run, steps, repeats):
    per_step = []
    for _ in range(repeats):
        start = time.perf_counter()
        run(steps)
        per_step.append((time.perf_counter() - start) / steps * 1e6)
    print(f"{name}: min {min(per_step):.2f} µs/step, median {statistics.median(per_step):.2f} µs/step "
          f"({repeats} repeats of {steps} steps)")


def main():
    steps, repeats = 10_000, 15
    x0 = np.array([8 + 0.5 * np.sin(k) for k in range(K)])

    def run_roll(n):
        x = x0.copy()
        for _ in range(n):
            x = step_roll(x)
        return x

    def run_padded(n):
        p = Padded(x0)
        for _ in range(n):
            p.step()
        return p.x

    # Same trajectory from both versions (sanity check, not timed).
    assert np.allclose(run_roll(100), run_padded(100)[2:K + 2], rtol=0, atol=1e-12)
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}")
    timed("numpy roll   L96 K=40 RK4 step", run_roll, steps, repeats)
    timed("numpy padded L96 K=40 RK4 step", run_padded, steps, repeats)

    s0 = np.concatenate([np.array([5 + 3 * np.sin(k) for k in range(8)]), 0.1 * np.sin(2.4 * np.arange(256))])

    def run_two(n):
        s = s0.copy()
        for _ in range(n):
            s = two_scale_step(s)
        return s

    timed("numpy roll   L96 two-scale K=8 J=32 RK4 step", run_two, 2_000, repeats)


if __name__ == "__main__":
    main()
