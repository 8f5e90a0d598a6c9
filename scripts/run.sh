#!/usr/bin/env bash
# The main job: install, build, and run the current lesson program.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh release
./build/release/lessons/01_model1/lesson01 "$@"
