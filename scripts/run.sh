#!/usr/bin/env bash
# The main job: install what is missing (packages, tokenizer files, the default corpus), build,
# show the corpus under GPT-2's tokenizer, then train Model 1 (lesson 01).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh release
./build/release/apps/buildgpt corpus info data/corpora/sotu.txt --tokenizer gpt2
echo
./build/release/lessons/01_model1/lesson01 "$@"
