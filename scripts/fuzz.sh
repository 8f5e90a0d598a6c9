#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (AddressSanitizer + UBSan) and runs each for a
# bounded time: scripts/fuzz.sh [seconds per target, default 30]. Crashes are left in build/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
bash scripts/fetch_tokenizers.sh
CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBUILDGPT_FUZZ=ON -DBUILDGPT_TESTS=OFF -DBUILDGPT_BENCH=OFF >/dev/null
targets=(fuzz_gpt2_files fuzz_tokenizer_json fuzz_tiktoken fuzz_encode)
cmake --build build/fuzz --target "${targets[@]}"

# Small seeds; the fuzzer grows its corpus from them.
seeds=build/fuzz/seeds
mkdir -p "$seeds"/{fuzz_gpt2_files,fuzz_tokenizer_json,fuzz_tiktoken,fuzz_encode}
printf '{"a": 0, "b": 1, "ab": 2, "<|endoftext|>": 3}\0#version: 0.2\na b\n' >"$seeds/fuzz_gpt2_files/1"
printf '{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b", ["a", "b"]]}}' \
  >"$seeds/fuzz_tokenizer_json/1"
printf 'YQ== 0\nYg== 1\nYWI= 2\r\n' >"$seeds/fuzz_tiktoken/1"
printf "\\001Hello world's 1234567 <|endoftext|> \\xff\\xc3 caf\\xc3\\xa9\\n\\n" >"$seeds/fuzz_encode/1"

status=0
for t in "${targets[@]}"; do
  mkdir -p "build/fuzz/corpus/$t" "build/fuzz/crashes/$t"
  echo "== $t (${seconds}s)"
  "build/fuzz/fuzz/$t" -max_total_time="$seconds" -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="build/fuzz/crashes/$t/" "build/fuzz/corpus/$t" "$seeds/$t" 2>&1 |
    grep -E '^(#[0-9]+ *DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' ||
    true
  [ -z "$(ls -A "build/fuzz/crashes/$t")" ] || { echo "$t: crash inputs in build/fuzz/crashes/$t" >&2; status=1; }
done
exit $status
