"""Cost of one pyqg-jax QGModel step (pyqg's eddy configuration, AB3 + exponential filter) at
the same grids and step as Holdout's QG benchmark (Benchmarks/Benchmarks/QGStep): L = 1000 km,
dt = 7200 s, 64² (pyqg's default grid) and 256² (the qg-two-layer task's truth), float64.

pyqg 0.7.2 from PyPI does not build with Cython 3 (a known upstream issue), so the comparison
uses its JAX port pyqg-jax (same equations, same AB3 stepper and filter), CPU jax from PyPI.

Method: the jitted step is run STEPS times inside one jitted lax.fori_loop (after compiling
and a warm-up call), REPEATS times; the median wall time divided by STEPS is reported. jax uses
its default CPU threading; set XLA_FLAGS="--xla_cpu_multi_thread_eigen=false
intra_op_parallelism_threads=1" for one thread. Holdout's per-step cost comes from the ordo-one
benchmark `swift package benchmark --target QGStep` (run it right after this script); the
ratio Holdout / pyqg-jax is formed in docs/performance.md.

Usage (after `bash Benchmarks/python/setup_pyqgjax_venv.sh`):

    Benchmarks/python/.venv-pyqgjax/bin/python Benchmarks/python/qg_vs_pyqgjax.py
"""

import os
import statistics
import time

import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import pyqg_jax  # noqa: E402

DT = 7200.0
STEPS = int(os.environ.get("QG_STEPS", "50"))
REPEATS = int(os.environ.get("QG_REPEATS", "7"))


def per_step_seconds(n):
    model = pyqg_jax.steppers.SteppedModel(
        model=pyqg_jax.qg_model.QGModel(nx=n, precision=pyqg_jax.state.Precision.DOUBLE),
        stepper=pyqg_jax.steppers.AB3Stepper(dt=DT),
    )
    state = model.create_initial_state(jax.random.key(0))

    @jax.jit
    def run(s):
        return jax.lax.fori_loop(0, STEPS, lambda _, x: model.step_model(x), s)

    state = jax.block_until_ready(run(state))  # compile + warm up (also leaves the AB3 start-up)
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        state = jax.block_until_ready(run(state))
        times.append((time.perf_counter() - start) / STEPS)
    q = state.state.q
    assert bool(jnp.all(jnp.isfinite(q))), "pyqg-jax state is not finite"
    return statistics.median(times), min(times), max(times)


def main():
    print(f"jax {jax.__version__}, pyqg-jax {getattr(pyqg_jax, '__version__', '?')}, devices {jax.devices()}, "
          f"XLA_FLAGS={os.environ.get('XLA_FLAGS', '')!r}")
    for n in (64, 256):
        median, low, high = per_step_seconds(n)
        print(f"pyqg-jax QGModel AB3 step {n}x{n}, dt={DT:.0f} s, float64: median {median * 1e6:.1f} us "
              f"(min {low * 1e6:.1f}, max {high * 1e6:.1f}; {REPEATS} x {STEPS} steps)")


if __name__ == "__main__":
    main()
