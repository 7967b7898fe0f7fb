"""Kuramoto–Sivashinsky ETDRK4 per-step cost and accuracy: exponax (JAX, CPU, float64) against
Holdout's KuramotoSivashinskySolver, and exponax's step against its own FFTs.

Run after `bash Benchmarks/python/setup-venv.sh` and, for the accuracy cross-check, after
building the Swift side (`cd Benchmarks && swift build -c release --product KSCompare`):

    Benchmarks/python/.venv/bin/python Benchmarks/python/ks_exponax.py \
        --swift Benchmarks/.build/release/KSCompare

Same problem on both sides: u_t + u u_x + u_xx + u_xxxx = 0 (exponax's
KuramotoSivashinskyConservative with convection, second- and fourth-order scales 1, ETDRK4
(order=4), 2/3 dealiasing with the same kept modes), L = 64, N = 128 and 256, dt = 0.05, from
u0 = cos(2πx/L)(1 + sin(2πx/L)) + 0.3 cos(6πx/L + 0.4).

Timing: exponax's `step` jitted and iterated with `jax.lax.scan` (no Python dispatch per step:
its best case), XLA pinned to one thread of the CPU (the Swift solver is serial);
per step = median over repeats of (wall time of STEPS steps) / STEPS. FFT-only: the same scan
over 4 irfft + 4 rfft of the same size.

Accuracy: both solvers integrate to T = 20 from the same u0; each is compared with a reference
run of exponax at dt/16 (max abs error), and the two solutions with each other.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
os.environ.setdefault("JAX_PLATFORMS", "cpu")
import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import exponax as ex  # noqa: E402

LENGTH = 64.0
DT = 0.05
T_FINAL = 20.0
STEPS = 2000
REPEATS = 15


def initial(n):
    x = np.arange(n) * LENGTH / n
    k = 2 * np.pi / LENGTH
    return np.cos(k * x) * (1 + np.sin(k * x)) + 0.3 * np.cos(3 * k * x + 0.4)


def stepper(n, dt):
    # exponax keeps modes k ≤ fraction·(N/2) − 1; Holdout's 2/3 rule keeps 3k < N, i.e.
    # k ≤ (N−1)//3 (one mode more at fraction 2/3). Match them so both solve the same
    # semi-discrete system: fraction = ((N−1)//3 + 1) / (N/2).
    fraction = ((n - 1) // 3 + 1) / (n // 2)
    return ex.stepper.KuramotoSivashinskyConservative(
        1, LENGTH, n, dt, convection_scale=1.0, second_order_scale=1.0, fourth_order_scale=1.0,
        order=4, dealiasing_fraction=fraction, num_circle_points=16, circle_radius=1.0)


def run(st, u0, steps):
    def body(u, _):
        return st(u), None
    u, _ = jax.lax.scan(body, u0, None, length=steps)
    return u


def time_scan(fn, u0):
    fn(u0).block_until_ready()  # compile
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn(u0).block_until_ready()
        samples.append((time.perf_counter() - start) / STEPS)
    return samples


def fmt(samples):
    s = sorted(samples)
    return f"p0 {s[0] * 1e6:7.2f}  p50 {statistics.median(s) * 1e6:7.2f}  µs/step"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--swift", help="path to the KSCompare executable (Benchmarks package)")
    parser.add_argument("--sizes", default="128,256")
    args = parser.parse_args()
    print(f"exponax {getattr(ex, '__version__', '0.2.0')}, jax {jax.__version__}, float64, CPU, 1 thread")
    for n in [int(s) for s in args.sizes.split(",")]:
        u0 = jnp.asarray(initial(n))[None, :]
        st = stepper(n, DT)
        step_fn = jax.jit(lambda u: run(st, u, STEPS))
        step_times = time_scan(step_fn, u0)

        def ffts(u):
            def body(c, _):
                # as in one ETDRK4 step: 4 × (irfft of a stage spectrum, square, rfft)
                acc = c
                for _ in range(4):
                    acc = jnp.fft.rfft(jnp.fft.irfft(acc, n=n) ** 2) * 1e-3 + c
                return acc, None
            out, _ = jax.lax.scan(body, jnp.fft.rfft(u), None, length=STEPS)
            return out
        fft_times = time_scan(jax.jit(ffts), u0)
        ratio = statistics.median(step_times) / statistics.median(fft_times)
        print(f"N={n:4d} exponax step : {fmt(step_times)}")
        print(f"N={n:4d} its 8 FFTs   : {fmt(fft_times)}   step/FFT = {ratio:.2f}")

        # Accuracy at equal N, L, dt.
        steps = int(round(T_FINAL / DT))
        u_ex = np.asarray(jax.jit(lambda u: run(st, u, steps))(u0))[0]
        fine = stepper(n, DT / 16)
        u_ref = np.asarray(jax.jit(lambda u: run(fine, u, 16 * steps))(u0))[0]
        err_ex = np.max(np.abs(u_ex - u_ref))
        line = f"N={n:4d} T={T_FINAL}: exponax max error vs dt/16 reference {err_ex:.2e}"
        if args.swift:
            out = subprocess.run([args.swift, str(n), str(LENGTH), str(DT), str(T_FINAL)],
                                 check=True, capture_output=True, text=True).stdout.split()
            u_sw = np.array([float(v) for v in out])
            err_sw = np.max(np.abs(u_sw - u_ref))
            line += f"; Swift {err_sw:.2e}; |Swift − exponax| {np.max(np.abs(u_sw - u_ex)):.2e}"
        print(line, flush=True)


if __name__ == "__main__":
    sys.exit(main())
