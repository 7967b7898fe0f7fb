"""Golden values for Tests/PhysicsTests/Lorenz96Tests.swift, from an independent numpy
implementation of the one- and two-scale Lorenz-96 systems (np.roll for the periodic
indices, classical RK4). Run once, output pasted into the test:

    python3 scripts/golden/lorenz96.py

(numpy 2.4.6, CPython 3.11, Debian 12.) Not run by tests or CI.
"""
import numpy as np


def l96(x, forcing):
    # dX_k/dt = (X_{k+1} - X_{k-2}) X_{k-1} - X_k + F
    return (np.roll(x, -1) - np.roll(x, 2)) * np.roll(x, 1) - x + forcing


def l96_two_scale(state, K, J, F, h, b, c):
    # Wilks (2005) / Arnold et al. (2013); Y is one ring of length K*J, m = k*J + j.
    x, y = state[:K], state[K:]
    coupling = h * c / b
    dx = -np.roll(x, 1) * (np.roll(x, 2) - np.roll(x, -1)) - x + F - coupling * y.reshape(K, J).sum(axis=1)
    dy = -c * b * np.roll(y, -1) * (np.roll(y, -2) - np.roll(y, 1)) - c * y + coupling * np.repeat(x, J)
    return np.concatenate([dx, dy])


def rk4(f, x, dt, steps):
    for _ in range(steps):
        k1 = f(x)
        k2 = f(x + 0.5 * dt * k1)
        k3 = f(x + 0.5 * dt * k2)
        k4 = f(x + dt * k3)
        x = x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return x


def show(name, values):
    print(f"let {name}: [Double] = [")
    for i in range(0, len(values), 4):
        print("    " + ", ".join(repr(float(v)) for v in values[i:i + 4]) + ",")
    print("]")


# One-scale: K = 8, F = 8, X_k(0) = 8 + (k mod 3) - 0.5 k / 8, dt = 0.01, 100 steps (t = 1).
K = 8
x0 = np.array([8 + (k % 3) - 0.5 * k / 8 for k in range(K)])
show("oneScaleAtOne", rk4(lambda x: l96(x, 8.0), x0, 0.01, 100))

# Two-scale: K = 4, J = 4, F = 20, h = 1, b = 10, c = 10; X_k(0) = 5 + k, Y_m(0) = 0.1 (m mod 5) - 0.2,
# dt = 0.001, 200 steps (t = 0.2).
K, J = 4, 4
s0 = np.concatenate([np.array([5.0 + k for k in range(K)]), np.array([0.1 * (m % 5) - 0.2 for m in range(K * J)])])
show("twoScaleAtPointTwo", rk4(lambda s: l96_two_scale(s, K, J, 20.0, 1.0, 10.0, 10.0), s0, 0.001, 200))
