#!/usr/bin/python3
"""Causal attention forward + backward: ours (fused, and the primitive formula) against PyTorch
1.13, interleaved round by round so that load from elsewhere hits every side alike.

Run: /usr/bin/python3 bench/compare_attention.py [--threads N] [--rounds R] [--bench PATH]
Each round runs bench_autograd's BM_Attention* (N OpenMP threads, --benchmark_min_time=0.5) and
then PyTorch's attention (N threads, torch_peer.py's timing) at each length. Printed: the median
over rounds of each side's milliseconds, and the median of the per-round ratios PyTorch / ours;
then the memory figures (ours from the benchmark's counters, PyTorch's from a fresh process).
"""
import os
import statistics
import subprocess
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import google_bench  # noqa: E402  (beside this file)
import torch_peer  # noqa: E402

LENGTHS = (256, 1024)


def ours(bench, threads):
    """{(name, T): (milliseconds, counters)} from one run of every BM_Attention case."""
    result = {}
    for b in google_bench.run(bench, "BM_Attention(Fused|Naive)", threads, 0.5)["benchmarks"]:
        name, length = b["run_name"].split("/")[0], int(b["run_name"].split(":")[1].split("/")[0])
        result[(name, length)] = (b["real_time"], b)
    return result


def main():
    args = google_bench.comparison_arguments(rounds=5)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    steps = {t: torch_peer.attention_step(t) for t in LENGTHS}
    times = {}  # (side, T) -> [ms per round]
    last = {}
    for _ in range(args.rounds):
        last = ours(args.bench, args.threads)
        for (name, t), (ms, _) in last.items():
            times.setdefault((name, t), []).append(ms)
        for t in LENGTHS:
            times.setdefault(("torch", t), []).append(torch_peer.seconds_per_call(steps[t]) * 1e3)
    print(f"threads {args.threads}, {args.rounds} rounds, PyTorch {torch.__version__}, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'T':>5} {'fused ms':>9} {'naive ms':>9} {'torch ms':>9} "
          f"{'torch/fused':>11} {'naive/fused':>11}")
    for t in LENGTHS:
        fused, naive, peer = (times[(s, t)] for s in ("BM_AttentionFused", "BM_AttentionNaive",
                                                      "torch"))
        ratio = statistics.median(p / f for p, f in zip(peer, fused))
        naive_ratio = statistics.median(n / f for n, f in zip(naive, fused))
        print(f"{t:5d} {statistics.median(fused):9.1f} {statistics.median(naive):9.1f} "
              f"{statistics.median(peer):9.1f} {ratio:11.2f} {naive_ratio:11.2f}")
    print("memory at T 1024, MiB: one T x T score matrix per head "
          f"{last[('BM_AttentionFused', 1024)][1]['scores_MiB']:.0f}; workspace (allocator peak "
          f"beyond the inputs) fused {last[('BM_AttentionFused', 1024)][1]['workspace_MiB']:.0f}, "
          f"naive {last[('BM_AttentionNaive', 1024)][1]['workspace_MiB']:.0f}; fused peak resident "
          f"memory growth {last[('BM_AttentionFused', 1024)][1]['rss_growth_MiB']:.0f}")
    fresh = subprocess.run([sys.executable, torch_peer.__file__, "--threads", str(args.threads),
                            "--attention-memory", "1024"], check=True, capture_output=True,
                           text=True).stdout.strip()
    print(f"PyTorch peak resident memory growth over one forward + backward at T 1024: {fresh}")


if __name__ == "__main__":
    main()
