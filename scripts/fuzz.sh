#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (AddressSanitizer + UBSan) and runs each for a
# bounded time, as many at once as there are cores: scripts/fuzz.sh [seconds per target, default
# 30]. Each starts from its committed seeds (fuzz/corpus/<target>/) and what earlier runs found
# (build/fuzz/corpus/<target>/). Exits 1 when a target crashed, leaving the input that did it in
# build/fuzz/crashes/<target>/ (turn it into a test, and a seed).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
bash scripts/setup.sh fuzz >/dev/null
CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=Fuzz \
  "-DCMAKE_CXX_FLAGS_FUZZ=-O1 -gline-tables-only" \
  -DBUILDGPT_FUZZ=ON -DBUILDGPT_TESTS=OFF -DBUILDGPT_BENCH=OFF >/dev/null
targets=(fuzz_safetensors fuzz_checkpoint fuzz_hf_gpt2_config fuzz_gpt2_files fuzz_tokenizer_json
  fuzz_tiktoken fuzz_char_vocab fuzz_token_cache fuzz_encode)
# The build's output only when it fails (clang's optimisation remarks are noise here).
if ! cmake --build build/fuzz --target "${targets[@]}" >build/fuzz/build.log 2>&1; then
  grep -E 'error|FAILED' build/fuzz/build.log >&2
  exit 1
fi

# run TARGET: fuzzes one target, its output in build/fuzz/logs/TARGET.log.
run() {
  local t="$1"
  mkdir -p "build/fuzz/corpus/$t" "build/fuzz/crashes/$t" build/fuzz/logs
  "build/fuzz/fuzz/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 \
    -print_final_stats=1 -artifact_prefix="build/fuzz/crashes/$t/" \
    "build/fuzz/corpus/$t" "fuzz/corpus/$t" >"build/fuzz/logs/$t.log" 2>&1 || true
}

lanes=$(nproc)
for ((i = 0; i < ${#targets[@]}; i += lanes)); do
  for t in "${targets[@]:i:lanes}"; do run "$t" & done
  wait
done

status=0
for t in "${targets[@]}"; do
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "build/fuzz/logs/$t.log" |
    grep -o '[0-9]*$' || echo 0)
  if [ "$runs" -eq 0 ]; then
    echo "$t: did not run:" >&2
    tail -5 "build/fuzz/logs/$t.log" >&2
    status=1
  elif [ -n "$(ls -A "build/fuzz/crashes/$t")" ]; then
    echo "$t: FOUND A CRASH after $runs runs; inputs in build/fuzz/crashes/$t/" >&2
    grep -E '^==[0-9]+==ERROR|^SUMMARY|runtime error' "build/fuzz/logs/$t.log" | head -5 >&2
    status=1
  else
    echo "$t: ${seconds}s, $runs runs, no crash"
  fi
done
exit $status
