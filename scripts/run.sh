#!/usr/bin/env bash
# The main job: install what is missing (packages, tokenizer files, the default corpus), build,
# train a small GPT on the default corpus (the State of the Union addresses) with the progress
# bar, then generate text from it. The run's folder is out/sotu (trained anew each time): its
# checkpoint, config.json, log.csv and the loss curve loss.png. Options given to this script go
# to `buildgpt train` (bash scripts/run.sh --steps 500).
#   bash scripts/run.sh lesson NN [OPTIONS]   builds, then runs lesson NN of the course instead
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = lesson ]; then
  folder=$(ls -d lessons/"${2:?which lesson? bash scripts/run.sh lesson 01}"_*/ 2>/dev/null | head -n 1)
  [ -n "$folder" ] || { echo "run.sh: no lesson $2 in lessons/" >&2; exit 2; }
  bash scripts/build.sh release
  exec "./build/release/lessons/$(basename "$folder")/lesson$2" "${@:3}"
fi

bash scripts/build.sh release
# Threads that wait for work sleep instead of spinning: where other programs keep the cores busy,
# a spinning thread makes every step wait for the one the system set aside.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
buildgpt=./build/release/apps/buildgpt
out=out/sotu
rm -rf "$out"
# 0.8 million parameters reading characters: 2,500 steps of 12 windows of 64 characters, three
# to five minutes on two cores.
"$buildgpt" train --corpus sotu --tokenizer char --model small --context 64 --batch 12 \
  --steps 2500 --warmup 100 --eval-every 250 --checkpoint-every 500 --out "$out" "$@"
echo
"$buildgpt" generate --model "$out" --prompt "Fellow citizens" --tokens 400
echo
echo "The loss curve is $out/loss.png (its numbers: $out/log.csv)."
