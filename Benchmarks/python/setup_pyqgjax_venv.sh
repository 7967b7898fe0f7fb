#!/usr/bin/env bash
# Creates Benchmarks/python/.venv-pyqgjax with jax (CPU) and pyqg-jax from PyPI, for
# qg_vs_pyqgjax.py. (pyqg 0.7.2 itself does not build with Cython 3; pyqg-jax is its JAX port
# and installs cleanly.) Never run by tests or CI.
#   bash Benchmarks/python/setup_pyqgjax_venv.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${VENV:-$here/.venv-pyqgjax}"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --upgrade pip
"$venv/bin/python" -m pip install "jax[cpu]==0.10.2" "pyqg-jax==0.8.1" numpy
"$venv/bin/python" -c "import jax, pyqg_jax; print('jax', jax.__version__, 'pyqg-jax', getattr(pyqg_jax, '__version__', '?'))"
