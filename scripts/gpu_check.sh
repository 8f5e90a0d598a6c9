#!/usr/bin/env bash
# Verifies the CUDA backend on a machine with an NVIDIA GPU, in one command: configures and
# builds the cuda preset (the backend, its tests, its benchmarks), runs the tests labelled cuda,
# runs the GPU benchmarks (and PyTorch's at the same sizes when PyTorch sees the GPU), and writes
# one report, out/gpu_check/report.md, with the logs beside it. Exits 0 when every cuda test
# passed and none skipped for want of a GPU. Needs CMake, Ninja, a C++20 compiler, the CUDA
# toolkit (nvcc, cuBLAS) and GoogleTest: scripts/setup.sh installs the Debian packages.
set -uo pipefail
cd "$(dirname "$0")/.."
out=out/gpu_check
mkdir -p "$out"
rm -f "$out"/*.log "$out"/*.tsv "$out/report.md"
start=$(date +%s)
jobs=$(nproc)

stop() {
  echo "gpu_check: $1 (see $out/$2)" | tee "$out/report.md"
  exit 1
}

command -v nvidia-smi >/dev/null || stop "nvidia-smi not found: this needs an NVIDIA GPU and its driver" report.md
nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader \
  >"$out/nvidia-smi.log" 2>&1 || stop "nvidia-smi failed" nvidia-smi.log
smi=$(head -1 "$out/nvidia-smi.log")
echo "gpu_check: $smi"

echo "gpu_check: building the cuda preset"
cmake --preset cuda >"$out/configure.log" 2>&1 || stop "configuring failed" configure.log
cmake --build --preset cuda -j "$jobs" --target test_cuda bench_cuda >"$out/build.log" 2>&1 ||
  stop "the build failed" build.log
warnings=$(grep -ci "warning" "$out/build.log")

echo "gpu_check: running the tests labelled cuda"
ctest --preset cuda -L cuda -j "$jobs" --timeout 300 >"$out/tests.log" 2>&1
tests_status=$?
# "  3/126 Test   #3: Suite.Name ......   Passed    0.25 sec" -> "Suite.Name<TAB>Passed<TAB>0.25"
# ("***Failed", "***Skipped", "***Timeout", "***Exception: SegFault" keep their words.)
sed -nE 's/^ *[0-9]+\/[0-9]+ +Test +#[0-9]+: ([^ ]+) \.*[ *]*([A-Za-z][A-Za-z :]*[A-Za-z]) +([0-9.]+) sec.*/\1\t\2\t\3/p' \
  "$out/tests.log" >"$out/tests.tsv"
passed=$(awk -F'\t' '$2 == "Passed"' "$out/tests.tsv" | wc -l)
skipped=$(awk -F'\t' '$2 == "Skipped"' "$out/tests.tsv" | wc -l)
failed=$(awk -F'\t' '$2 != "Passed" && $2 != "Skipped"' "$out/tests.tsv" | wc -l)
skip_reason=""
if [ "$skipped" -gt 0 ]; then
  skip_reason=$(build/cuda/tests/test_cuda --gtest_filter='CudaTest.*' 2>&1 | grep -m1 "no CUDA")
fi

echo "gpu_check: running the GPU benchmarks"
build/cuda/bench/cuda/bench_cuda >"$out/bench_ours.tsv" 2>"$out/bench_ours.log"
bench_status=$?
peer="not run: PyTorch with CUDA is not installed"
if python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
  python3 bench/torch_peer_cuda.py >"$out/bench_torch.tsv" 2>"$out/bench_torch.log" &&
    peer=$(awk -F'\t' '$1 == "peer" {print $2}' "$out/bench_torch.tsv")
fi
touch "$out/bench_torch.tsv"

{
  echo "# GPU check of the CUDA backend"
  echo
  echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- nvidia-smi: $smi"
  echo "- build: cuda preset, targets test_cuda and bench_cuda, $warnings lines mentioning a warning (build.log)"
  echo "- tests labelled cuda: **$passed passed, $failed failed, $skipped skipped** (tests.log)"
  [ -n "$skip_reason" ] && echo "- why tests skipped: $skip_reason"
  echo "- benchmarks: bench_cuda exit status $bench_status; PyTorch peer: $peer"
  echo
  if [ "$failed" -gt 0 ]; then
    echo "## Failed tests"
    echo
    awk -F'\t' '$2 != "Passed" && $2 != "Skipped" {print "- " $1 " (" $2 ")"}' "$out/tests.tsv"
    echo
  fi
  echo "## Products: ours (matmul, linear) against cuBLAS called directly"
  echo
  echo "| product | precision | ours ms | cuBLAS ms | cuBLAS/ours | ours TFLOP/s |"
  echo "| --- | --- | ---: | ---: | ---: | ---: |"
  awk -F'\t' '$1 == "matmul" {printf "| %s | %s | %.3f | %.3f | %.2f | %.1f |\n", $2, $3, $4, $5, $5 / $4, $6}' \
    "$out/bench_ours.tsv"
  echo
  echo "## Fused ops, float32: ours against PyTorch on the same GPU"
  echo
  echo "| op | ours ms | PyTorch ms | PyTorch/ours |"
  echo "| --- | ---: | ---: | ---: |"
  awk -F'\t' 'FILENAME == ARGV[1] {if ($1 == "op") torch[$2] = $3; next}
    $1 == "op" {
      if ($2 in torch) printf "| %s | %.3f | %.3f | %.2f |\n", $2, $3, torch[$2], torch[$2] / $3
      else printf "| %s | %.3f | - | - |\n", $2, $3
    }' "$out/bench_torch.tsv" "$out/bench_ours.tsv"
  echo
  echo "## Our attention kernels alone"
  echo
  echo "| kernel | ms |"
  echo "| --- | ---: |"
  awk -F'\t' '$1 == "kernel" {printf "| %s | %.3f |\n", $2, $3}' "$out/bench_ours.tsv"
  awk -F'\t' '$1 == "allocator" {printf "\nPeak device memory held by tensors during the benchmarks: %.0f MiB\n", $3}' \
    "$out/bench_ours.tsv"
  echo
  echo "## Every test"
  echo
  echo "| test | result | seconds |"
  echo "| --- | --- | ---: |"
  awk -F'\t' '{printf "| %s | %s | %s |\n", $1, $2, $3}' "$out/tests.tsv"
  echo
  echo "Total time of this check: $(($(date +%s) - start)) s."
} >"$out/report.md"

echo "gpu_check: $passed passed, $failed failed, $skipped skipped; report in $out/report.md"
# Tests that skipped for want of a usable GPU count as a failed check.
[ "$tests_status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] && [ -z "$skip_reason" ]
