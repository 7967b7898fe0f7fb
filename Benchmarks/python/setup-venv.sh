#!/bin/sh
# Creates Benchmarks/python/.venv with the Python packages the comparison benchmarks use.
# Never run by tests or CI.  Usage:  sh Benchmarks/python/setup-venv.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
python3 -m venv "$here/.venv"
"$here/.venv/bin/pip" install --quiet --upgrade pip
"$here/.venv/bin/pip" install --quiet "numpy==2.4.*"
"$here/.venv/bin/python" -c "import numpy, sys; print('numpy', numpy.__version__, 'python', sys.version.split()[0])"
