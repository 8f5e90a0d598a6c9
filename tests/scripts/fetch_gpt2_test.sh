#!/usr/bin/env bash
# scripts/fetch_gpt2.sh against a fake hub: a folder reached through file:// with the hub's file
# list (sizes, SHA-256 and git blob ids) and files. Checks a complete download, a resumed one, a
# checksum mismatch that leaves nothing in place, a second run that keeps what is there, and an
# unknown name.
#   bash fetch_gpt2_test.sh scratch/folder
set -uo pipefail
script="$(cd "$(dirname "$0")/../.." && pwd)/scripts/fetch_gpt2.sh"
work="$1"
rm -rf "$work" && mkdir -p "$work"
command -v node >/dev/null || { echo "node is missing: skipped"; exit 77; }
failures=0
fail() {
  echo "FAILED: $*" >&2
  failures=$((failures + 1))
}

hub="$work/hub"
files="$hub/openai-community/gpt2/resolve/main"
mkdir -p "$files" "$hub/api/models/openai-community/gpt2/tree"
printf '{"model_type": "gpt2"}\n' >"$work/config.json"
head -c 300000 /dev/urandom >"$work/model.safetensors"
cp "$work/config.json" "$work/model.safetensors" "$files/"

# The hub's list: model.safetensors as a large (LFS) file with its SHA-256, config.json as a
# small one with its git blob id. $1 replaces the weights' checksum when given.
write_list() {
  local weights_sum="${1:-$(sha256sum <"$work/model.safetensors" | cut -d' ' -f1)}"
  local config_size config_blob weights_size
  config_size=$(stat -c %s "$work/config.json")
  config_blob=$({ printf 'blob %s\0' "$config_size"; cat "$work/config.json"; } | sha1sum | cut -d' ' -f1)
  weights_size=$(stat -c %s "$work/model.safetensors")
  cat >"$hub/api/models/openai-community/gpt2/tree/main" <<LIST
[{"type": "file", "path": "config.json", "size": $config_size, "oid": "$config_blob"},
 {"type": "file", "path": "model.safetensors", "size": $weights_size,
  "oid": "0123456789012345678901234567890123456789",
  "lfs": {"oid": "$weights_sum", "size": $weights_size, "pointerSize": 134}}]
LIST
}

fetch() { BUILDGPT_HF_BASE="file://$hub" BUILDGPT_DATA="$work/data" bash "$script" "$@"; }
out="$work/data/models/gpt2"

# A complete download.
write_list
fetch gpt2 >"$work/log" 2>&1 || fail "complete download: $(cat "$work/log")"
cmp -s "$out/model.safetensors" "$work/model.safetensors" || fail "the weights differ"
cmp -s "$out/config.json" "$work/config.json" || fail "the config differs"
[ -z "$(ls "$out"/*.part 2>/dev/null)" ] || fail "a .part file is left"

# A second run keeps the files.
touch -d '2000-01-01' "$out/model.safetensors"
fetch >"$work/log" 2>&1 || fail "second run: $(cat "$work/log")"
grep -q "model.safetensors present" "$work/log" || fail "second run: not reported present"
[ "$(stat -c %Y "$out/model.safetensors")" = "$(date -d 2000-01-01 +%s)" ] || fail "rewritten"

# A resumed download: the part holds the first 100,000 bytes, and the hub's copy of those bytes
# is spoiled, so only a download that resumes after them gives the published checksum.
rm -f "$out/model.safetensors"
head -c 100000 "$work/model.safetensors" >"$out/model.safetensors.part"
{ head -c 100000 /dev/zero; tail -c +100001 "$work/model.safetensors"; } >"$files/model.safetensors"
fetch >"$work/log" 2>&1 || fail "resumed download: $(cat "$work/log")"
grep -q "resuming model.safetensors after 100000 bytes" "$work/log" || fail "did not resume"
cmp -s "$out/model.safetensors" "$work/model.safetensors" || fail "the resumed file differs"

# A checksum mismatch: nothing is put in place and the part is deleted.
rm -f "$out/model.safetensors"
cp "$work/model.safetensors" "$files/model.safetensors"
write_list "$(printf '%064d' 0)"
if fetch >"$work/log" 2>&1; then fail "a checksum mismatch succeeded"; fi
grep -q "does not match" "$work/log" || fail "mismatch not reported: $(cat "$work/log")"
[ ! -e "$out/model.safetensors" ] && [ ! -e "$out/model.safetensors.part" ] ||
  fail "a mismatched file was left"

# A part longer than the published size starts again.
write_list
head -c 400000 /dev/urandom >"$out/model.safetensors.part"
fetch >"$work/log" 2>&1 || fail "oversized part: $(cat "$work/log")"
cmp -s "$out/model.safetensors" "$work/model.safetensors" || fail "the restarted file differs"

# An unknown model, and a hub without the list.
fetch gpt5 >"$work/log" 2>&1
[ $? -eq 2 ] && grep -q 'no model "gpt5"' "$work/log" || fail "unknown name: $(cat "$work/log")"
rm "$hub/api/models/openai-community/gpt2/tree/main"
if fetch >"$work/log" 2>&1; then fail "a missing list succeeded"; fi
grep -q "cannot read the list" "$work/log" || fail "missing list: $(cat "$work/log")"

[ "$failures" -eq 0 ] && echo "fetch_gpt2: all checks passed"
exit $((failures > 0))
