#!/usr/bin/env bash
# One command from a fresh clone: install system packages, build in release, and run the
# starter challenge end to end (generate cases, run the ladder and the methods in the
# sandbox, score, publish a leaderboard version into ./holdout-output).
# The example plugins that need JAX are listed as "not run: missing dependency" unless their
# environment is installed (`bash scripts/demo.sh --install`, or `holdout plugin install DIR`):
# the default demo downloads nothing beyond the system packages.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-packages.sh
swift build -c release --product holdout
.build/release/holdout run --challenge Tasks/challenges/starter.yaml --output holdout-output "$@"
