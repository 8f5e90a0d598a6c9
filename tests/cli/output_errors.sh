#!/usr/bin/env bash
# Output that cannot be written and input that cannot be read are errors: exit code 1 and a
# message naming the stream and the reason, never exit 0 with the output cut short.
# bash output_errors.sh path/to/buildgpt scratch/folder
set -uo pipefail
buildgpt="$1"
work="$2"
rm -rf "$work" && mkdir -p "$work"
text="$work/text.txt"
printf 'abca\nbé' >"$text"
failures=0

# expect RC FRAGMENT COMMAND...: runs COMMAND (a shell line), checks its exit code and stderr.
expect() {
  local want_rc="$1" fragment="$2"
  shift 2
  local err rc
  bash -c "$*" >/dev/null 2>"$work/stderr"
  rc=$?
  err=$(cat "$work/stderr")
  if [ "$rc" -ne "$want_rc" ] || [[ "$err" != *"$fragment"* ]]; then
    echo "FAILED: $* -> exit $rc (expected $want_rc), stderr: $err (expected '$fragment')" >&2
    failures=$((failures + 1))
  fi
}

tok="'$buildgpt' tokenize --tokenizer char --vocab-from '$text'"
detok="'$buildgpt' detokenize --tokenizer char --vocab-from '$text'"
expect 1 "standard output: No space left on device" "$tok '$text' >/dev/full"
expect 1 "standard output: No space left on device" "echo 1 2 | $detok - >/dev/full"
expect 1 "standard output: No space left on device" "'$buildgpt' tokenize --help >/dev/full"
expect 1 "standard output: Bad file descriptor" "$tok '$text' >&-"
expect 1 "standard input: cannot read: Bad file descriptor" "$tok - <&-"
expect 0 "" "$tok - </dev/null"  # empty input is not an error

# A file-size limit (ulimit -f, in blocks of 1024 bytes) makes the write fail, not kill us.
big="$work/big.txt"
head -c 300000 /dev/zero | tr '\0' 'a' >"$big"
expect 1 "standard output: File too large" \
  "ulimit -f 16; '$buildgpt' tokenize --tokenizer char '$big' >'$work/ids.txt'"

# A reader that has gone (a closed pipe): reported, not a silent death by SIGPIPE.
expect 1 "standard output: Broken pipe" \
  "set -o pipefail; '$buildgpt' tokenize --tokenizer char '$big' | head -c 1"

# The commands that read a model: a tiny one, trained for two steps.
long="$work/long.txt"
for _ in $(seq 500); do printf 'abca\nbé ' >>"$long"; done
OMP_NUM_THREADS=1 "$buildgpt" train --text "$long" --tokenizer char --model tiny --steps 2 \
  --warmup 1 --out "$work/run" >/dev/null 2>&1 || { echo "FAILED: training" >&2; exit 1; }
expect 1 "standard output: No space left on device" \
  "'$buildgpt' inspect --model '$work/run' >/dev/full"
# Generation stops at its first write that fails (100000 tokens would take minutes).
expect 1 "standard output: Broken pipe" \
  "set -o pipefail; '$buildgpt' generate --model '$work/run' --prompt a --tokens 100000 | head -c 1"

if [ "$failures" -ne 0 ]; then
  echo "$failures checks failed" >&2
  exit 1
fi
echo "all output checks passed"
