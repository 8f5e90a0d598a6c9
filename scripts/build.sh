#!/usr/bin/env bash
# Installs what is missing, then configures and builds one CMake preset (default: release).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
bash scripts/setup.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
# Editors and linters look for compile_commands.json at the repository root.
ln -sf "build/$preset/compile_commands.json" compile_commands.json
