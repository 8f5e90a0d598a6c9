#!/usr/bin/env bash
# Builds bench/gpt_train_step and runs it interleaved with PyTorch's same step
# (bench/compare_train_step.py): both configs at one and two threads. Arguments are passed on,
# e.g. `scripts/bench_train_step.sh --rounds 5 --configs small --threads 1`.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release --target gpt_train_step
exec /usr/bin/python3 bench/compare_train_step.py "$@"
