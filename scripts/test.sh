#!/usr/bin/env bash
# Install, build and run the test suite of one preset: release (default), debug or asan.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
bash scripts/build.sh "$preset"
ctest --preset "$preset" -j "$(nproc)"
