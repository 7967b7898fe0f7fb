#!/usr/bin/env bash
# Creates Benchmarks/python/.venv with the public reference implementations the benchmarks
# compare against, installed from PyPI (CPU only). Never run by the tests or CI.
#   bash Benchmarks/python/setup-venv.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python3 -m venv "$here/.venv"
"$here/.venv/bin/pip" install --upgrade pip
# exponax pulls in jax (CPU wheels: jaxlib), equinox and jaxtyping.
"$here/.venv/bin/pip" install "exponax==0.2.0" "jax[cpu]" numpy
"$here/.venv/bin/python" -c "import exponax, jax; print('exponax', exponax.__version__ if hasattr(exponax, '__version__') else '?', 'jax', jax.__version__)"
