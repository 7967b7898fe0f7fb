#!/usr/bin/env bash
# Creates Benchmarks/python/.venv-jaxcfd with jax (CPU) and jax-cfd from PyPI, for
# ns2d_vs_jaxcfd.py. Never run by tests or CI.
#   bash Benchmarks/python/setup_jaxcfd_venv.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${VENV:-$here/.venv-jaxcfd}"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --upgrade pip
"$venv/bin/python" -m pip install "jax[cpu]" jax-cfd numpy
"$venv/bin/python" -c "import jax, jax_cfd; print('jax', jax.__version__, 'jax-cfd', getattr(jax_cfd, '__version__', '?'))"
