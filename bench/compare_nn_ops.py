#!/usr/bin/python3
"""The ops of bench_nn_ops.cpp, forward + backward, ours against PyTorch 1.13, interleaved round
by round so that load from elsewhere hits both sides alike.

Run: /usr/bin/python3 bench/compare_nn_ops.py [--threads N] [--rounds R] [--bench PATH]
Each round runs bench_autograd's BM_* cases of bench_nn_ops.cpp with backward (N OpenMP threads,
--benchmark_min_time=0.3) and then PyTorch's same cases (torch_peer.py's timing). Printed: the
median over rounds of each side's milliseconds and the median of the per-round ratios
PyTorch / ours (above 1: we are faster).
"""
import os
import statistics
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import google_bench  # noqa: E402  (beside this file)
import torch_peer  # noqa: E402

CASES = ("GeluTanh", "Softmax", "LayerNorm", "Linear", "CrossEntropy", "Embedding", "Attention")


def ours(bench, threads):
    """{case name: milliseconds} from one run of every forward + backward case, and the BLAS."""
    report = google_bench.run(bench, "^BM_(" + "|".join(CASES) + ")/backward:1", threads, 0.3)
    times = {}
    for b in report["benchmarks"]:
        name = b["run_name"][len("BM_"):].replace("/backward:1", "").replace("/real_time", "")
        times[name] = b["real_time"]
    return times, report["context"].get("blas", "")


def main():
    args = google_bench.comparison_arguments(rounds=3)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    peer_cases = torch_peer.nn_cases()
    ours_ms, peer_ms = {}, {}
    blas = ""
    load = [os.getloadavg()[0]]
    for _ in range(args.rounds):
        times, blas = ours(args.bench, args.threads)
        for name, ms in times.items():
            ours_ms.setdefault(name, []).append(ms)
        for name, (_, forward_backward) in peer_cases.items():
            peer_ms.setdefault(name, []).append(
                torch_peer.seconds_per_call(forward_backward) * 1e3)
    load.append(os.getloadavg()[0])
    print(f"threads {args.threads}, {args.rounds} rounds, PyTorch {torch.__version__}, "
          f"load average {load[0]:.1f} at the start, {load[1]:.1f} at the end")
    print(f"blas: {blas}\n")
    print("| op, forward + backward | ours ms | PyTorch ms | PyTorch / ours |")
    print("|---|---:|---:|---:|")
    for name in peer_cases:
        o, p = ours_ms[name], peer_ms[name]
        ratio = statistics.median(b / a for a, b in zip(o, p))
        print(f"| {name} | {statistics.median(o):.2f} | {statistics.median(p):.2f} | "
              f"{ratio:.2f} |")


if __name__ == "__main__":
    main()
