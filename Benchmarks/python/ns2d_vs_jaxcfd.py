"""Holdout's 2-D Navier–Stokes solver against jax-cfd's pseudo-spectral solver, side by side.

Setting (Kochkov et al. 2021, jax-cfd's ForcedNavierStokes2D): 2π box, 256², ν = 1e-3, linear
drag α = 0.1, Kolmogorov forcing f = (sin(4y), 0), 2/3 dealiasing, float64 on both sides.

1. A smooth random vorticity is spun up to a turbulent state with Holdout's solver (t = SPINUP).
2. Accuracy: from that state both solvers integrate to t = T_ACC with the benchmark step DT;
   each is compared with its own fine-step run (DT/16) and the two fine runs with each other
   (the difference of the two semi-discrete systems: jax-cfd's 2/3 brick-wall filter keeps
   rows -85..84 and columns 0..85, Holdout's |k| <= 85 on both axes, and jax-cfd filters only
   the advection term).
3. Cost: median wall time per step of jax-cfd's jitted step (crank_nicolson_rk4, 5 explicit
   stages of 7 FFTs each), measured over a jitted loop of STEPS steps after compilation, with
   jax's default CPU threading (both cores). Holdout's per-step cost comes from the ordo-one
   benchmark `swift package benchmark --target NS2DStep` (run it right after this script).

Usage (after `bash Benchmarks/python/setup_jaxcfd_venv.sh` and
`swift build -c release --product NS2DAccuracy` in Benchmarks/):

    Benchmarks/python/.venv-jaxcfd/bin/python Benchmarks/python/ns2d_vs_jaxcfd.py
"""

import os
import pathlib
import subprocess
import statistics
import sys
import tempfile
import time

import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import jax_cfd.base as cfd  # noqa: E402
import jax_cfd.spectral as spectral  # noqa: E402

N = 256
NU = 1e-3
DRAG = 0.1
KF = 4
DT = float(os.environ.get("NS2D_DT", "0.0025"))  # the task's reference step
SPINUP = 3.0
T_ACC = 0.5
STEPS = 50
HERE = pathlib.Path(__file__).resolve().parent
TOOL = HERE.parent / ".build" / "release" / "NS2DAccuracy"


def holdout(omega, dt, t, threads=1):
    """Runs Holdout's solver (NS2DAccuracy) from omega for time t with step dt."""
    with tempfile.TemporaryDirectory() as d:
        src, dst = pathlib.Path(d) / "in.bin", pathlib.Path(d) / "out.bin"
        np.ascontiguousarray(omega, dtype="<f8").tofile(src)
        out = subprocess.run([str(TOOL), str(src), str(dst), str(N), repr(NU), repr(DRAG), "1", str(KF),
                              repr(dt), repr(t), str(threads)], check=True, capture_output=True, text=True)
        return np.fromfile(dst, dtype="<f8").reshape(N, N), out.stdout.strip()


def initial_vorticity(seed=0, kmax=8):
    rng = np.random.default_rng(seed)
    x = 2 * np.pi * np.arange(N) / N
    X, Y = np.meshgrid(x, x, indexing="ij")
    w = np.zeros((N, N))
    for mx in range(0, kmax + 1):
        for my in range(-kmax, kmax + 1):
            if (mx > 0 or my > 0) and mx * mx + my * my <= kmax * kmax:
                a = rng.normal() / np.hypot(mx, my)
                w += a * np.cos(mx * X + my * Y + 2 * np.pi * rng.uniform())
    return 4 * w / np.sqrt(np.mean(w * w))


def holdout_mask():
    """Holdout's 2/3 band (|k_x| <= (N-1)//3, k_y <= (N-1)//3) in jax-cfd's rfft layout."""
    kx = np.abs(np.fft.fftfreq(N, 1 / N))[:, None]
    ky = np.fft.rfftfreq(N, 1 / N)[None, :]
    cut = (N - 1) // 3
    return jnp.asarray(((kx <= cut) & (ky <= cut)).astype(np.float64))


def jaxcfd_stepper(dt, same_mask=False):
    grid = cfd.grids.Grid((N, N), domain=((0, 2 * np.pi), (0, 2 * np.pi)))
    eq = spectral.equations.ForcedNavierStokes2D(NU, grid, smooth=True)
    if same_mask:
        eq.filter_ = holdout_mask()
    return jax.jit(spectral.time_stepping.crank_nicolson_rk4(eq, dt))


def jaxcfd_run(omega, dt, t, same_mask=False):
    step = jaxcfd_stepper(dt, same_mask)
    steps = int(round(t / dt))
    run = jax.jit(lambda w: jax.lax.fori_loop(0, steps, lambda _, v: step(v), w))
    w_hat = jnp.fft.rfftn(jnp.asarray(omega))
    return np.asarray(jnp.fft.irfftn(run(w_hat)))


def rel(a, b):
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def main():
    if not TOOL.exists():
        sys.exit(f"build the tool first: (cd Benchmarks && swift build -c release --product NS2DAccuracy); missing {TOOL}")
    print(f"jax {jax.__version__}, devices {jax.devices()}, x64 {jax.config.jax_enable_x64}")
    print(f"N = {N}, nu = {NU}, drag = {DRAG}, k_f = {KF}, dt = {DT}")

    start, info = holdout(initial_vorticity(), DT / 2, SPINUP)
    print(f"spin-up to t = {SPINUP} with Holdout (dt = {DT / 2}): {info}; max|ω| = {np.max(np.abs(start)):.3f}")
    # Max velocity for the CFL number.
    w_hat = np.fft.rfft2(start)
    kx = np.fft.fftfreq(N, 1 / N)[:, None]
    ky = np.fft.rfftfreq(N, 1 / N)[None, :]
    k2 = kx ** 2 + ky ** 2
    k2[0, 0] = 1
    u = np.fft.irfft2(1j * ky * w_hat / k2, s=(N, N))
    v = np.fft.irfft2(-1j * kx * w_hat / k2, s=(N, N))
    umax = float(np.max(np.hypot(u, v)))
    print(f"max|u| = {umax:.3f}, CFL = dt*max|u|*N/L = {DT * umax * N / (2 * np.pi):.3f}")

    fine_h, _ = holdout(start, DT / 16, T_ACC)
    coarse_h, _ = holdout(start, DT, T_ACC)
    fine_j = jaxcfd_run(start, DT / 16, T_ACC)
    coarse_j = jaxcfd_run(start, DT, T_ACC)
    err_h, err_j = rel(coarse_h, fine_h), rel(coarse_j, fine_j)
    print(f"accuracy at t = {T_ACC}, relative max error vs own dt/16 run:  Holdout ETDRK4 {err_h:.3e}   jax-cfd CN-RK4 {err_j:.3e}")
    print(f"fine runs, Holdout vs jax-cfd (different 2/3 masks): {rel(fine_h, fine_j):.3e}")
    fine_js = jaxcfd_run(start, DT / 16, T_ACC, same_mask=True)
    print(f"fine runs, Holdout vs jax-cfd with Holdout's mask (same semi-discrete system): {rel(fine_h, fine_js):.3e}")
    print(f"coarse runs vs Holdout fine: Holdout {rel(coarse_h, fine_h):.3e}, jax-cfd {rel(coarse_j, fine_h):.3e}")

    # Timing: jitted loop of STEPS steps, median over repeats.
    step = jaxcfd_stepper(DT)
    loop = jax.jit(lambda w: jax.lax.fori_loop(0, STEPS, lambda _, v: step(v), w))
    w0 = jnp.fft.rfftn(jnp.asarray(start))
    loop(w0).block_until_ready()
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        loop(w0).block_until_ready()
        times.append((time.perf_counter() - t0) / STEPS)
    print(f"jax-cfd step 256² (float64, jit, fori_loop of {STEPS}): median {1e6 * statistics.median(times):.0f} µs, "
          f"min {1e6 * min(times):.0f} µs over {len(times)} repeats")
    _, info1 = holdout(start, DT, STEPS * DT, threads=1)
    _, info2 = holdout(start, DT, STEPS * DT, threads=2)
    print(f"Holdout NS2DAccuracy (one run of {STEPS} steps, includes plan/coefficients): threads=1 {info1}; threads=2 {info2}")


if __name__ == "__main__":
    main()
