#!/usr/bin/env bash
# Downloads a GPT-2 model folder from the Hugging Face hub: config.json and model.safetensors,
# what nn::load_hf_gpt2 reads, into $BUILDGPT_DATA/models/<name> (default data/models/<name>).
#   scripts/fetch_gpt2.sh [gpt2|gpt2-medium|gpt2-large|gpt2-xl|distilgpt2]   (default gpt2)
# Each file goes to <file>.part first, resuming the part an interrupted run left (curl -C -), is
# checked against the size and checksum the hub publishes for it (the SHA-256 of a large file,
# the git blob id of a small one) and only then renamed into place; a part that does not match is
# deleted. Safe to run again: files in place that match are kept.
# BUILDGPT_HF_BASE replaces the hub's address (https://huggingface.co); its file list is read from
# $BUILDGPT_HF_BASE/api/models/<repo>/tree/main and a file from
# $BUILDGPT_HF_BASE/<repo>/resolve/main/<file>.
set -euo pipefail
cd "$(dirname "$0")/.."

name="${1:-gpt2}"
case "$name" in
  gpt2 | gpt2-medium | gpt2-large | gpt2-xl) repo="openai-community/$name" ;;
  distilgpt2) repo="distilbert/distilgpt2" ;;
  *)
    echo "fetch_gpt2: no model \"$name\" (gpt2, gpt2-medium, gpt2-large, gpt2-xl, distilgpt2)" >&2
    exit 2
    ;;
esac
base="${BUILDGPT_HF_BASE:-https://huggingface.co}"
out="${BUILDGPT_DATA:-$PWD/data}/models/$name"
files=(config.json model.safetensors)

curl_options=(--fail --location --retry 3 --show-error)
if [ -t 2 ]; then curl_options+=(--progress-bar); else curl_options+=(--silent); fi

if ! tree=$(curl "${curl_options[@]}" "$base/api/models/$repo/tree/main"); then
  echo "fetch_gpt2: cannot read the list of $repo's files from $base" >&2
  exit 1
fi

# "<size> <sha256|blob> <checksum>" of one file, from the hub's list.
published() {
  node -e '
    const [file] = process.argv.slice(1);
    const list = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const e = Array.isArray(list) && list.find((x) => x && x.path === file);
    if (!e) process.exit(3);
    const [kind, sum] = e.lfs ? ["sha256", e.lfs.oid] : ["blob", e.oid];
    const hex = kind === "sha256" ? /^[0-9a-f]{64}$/ : /^[0-9a-f]{40}$/;
    if (!Number.isSafeInteger(e.size) || e.size < 0 || !hex.test(sum)) process.exit(4);
    console.log(`${e.size} ${kind} ${sum}`);
  ' "$1" <<<"$tree"
}

# Whether file $1 has size $2 and checksum $4 of kind $3 (sha256, or blob: git's object id).
matches() {
  [ -f "$1" ] && [ "$(stat -c %s "$1")" = "$2" ] || return 1
  local sum
  if [ "$3" = sha256 ]; then
    sum=$(sha256sum <"$1")
  else
    sum=$({ printf 'blob %s\0' "$2"; cat "$1"; } | sha1sum)
  fi
  [ "${sum%% *}" = "$4" ]
}

mkdir -p "$out"
for file in "${files[@]}"; do
  if ! meta=$(published "$file"); then
    echo "fetch_gpt2: the hub's list of $repo's files has no usable entry for $file" >&2
    exit 1
  fi
  read -r size kind sum <<<"$meta"
  target="$out/$file"
  part="$target.part"
  if matches "$target" "$size" "$kind" "$sum"; then
    echo "fetch_gpt2: $target present"
    continue
  fi
  if [ -f "$part" ] && [ "$(stat -c %s "$part")" -gt "$size" ]; then rm -f "$part"; fi
  if [ ! -f "$part" ] || [ "$(stat -c %s "$part")" -lt "$size" ]; then
    [ -f "$part" ] && echo "fetch_gpt2: resuming $file after $(stat -c %s "$part") bytes"
    if ! curl "${curl_options[@]}" --continue-at - --output "$part" \
      "$base/$repo/resolve/main/$file"; then
      echo "fetch_gpt2: the download of $file stopped; run again to resume it" >&2
      exit 1
    fi
  fi
  if ! matches "$part" "$size" "$kind" "$sum"; then
    rm -f "$part"
    echo "fetch_gpt2: $file does not match the hub's size ($size bytes) and checksum ($kind" \
      "$sum); deleted it, run again" >&2
    exit 1
  fi
  mv -f "$part" "$target"
  echo "fetch_gpt2: $target ($size bytes, $kind checked)"
done
echo "fetch_gpt2: $name is in $out"
