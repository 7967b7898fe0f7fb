#!/usr/bin/env bash
# One command from a fresh clone: install system packages, build in release, and run the
# starter challenge end to end (generate cases, run the ladder and the methods in the
# sandbox, score, publish a leaderboard version into ./holdout-output).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-packages.sh
swift build -c release --product holdout
.build/release/holdout run --challenge Tasks/challenges/starter.yaml --output holdout-output "$@"
