#!/usr/bin/python3
"""A GPT training step, ours (bench/gpt_train_step) against PyTorch (bench/torch_gpt_step.py),
run interleaved round by round so that load from elsewhere falls on both sides alike.

Run: /usr/bin/python3 bench/compare_train_step.py [--rounds R] [--steps S] [--configs small,gpt2]
         [--threads 1,2] [--bench PATH]
Each round runs, one after the other: ours out of the box (OPENBLAS_CORETYPE removed from the
environment, so the engine's start-up choice of core applies), PyTorch with OPENBLAS_CORETYPE
set to the core ours reported (like with like), and PyTorch out of the box (OpenBLAS's own
guess). Printed: a markdown table of medians over the rounds, ratios taken round by round; and
the same in CPU time (all threads of the process), which load from elsewhere inflates less.
"""
import argparse
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, env):
    """The key=value fields of the program's last two lines, and the line that names its BLAS."""
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    lines = out.strip().splitlines()
    fields = dict(kv.split("=", 1) for kv in (lines[-2] + " " + lines[-1]).split())
    blas = next((line for line in lines if line.startswith("blas: ")), "")
    return fields, blas


def environment(threads, core):
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
    env["OMP_NUM_THREADS"] = str(threads)
    if core:
        env["OPENBLAS_CORETYPE"] = core
    return env


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--configs", default="small,gpt2")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--bench", default="build/release/bench/gpt_train_step")
    args = parser.parse_args()
    torch_script = os.path.join(HERE, "torch_gpt_step.py")
    rows = []
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    for config in args.configs.split(","):
        for threads in (int(t) for t in args.threads.split(",")):
            common = ["--config", config, "--threads", str(threads), "--steps", str(args.steps)]
            sides = {"ours": [], "torch": [], "torch_oob": []}
            for r in range(args.rounds):
                ours, blas = run([args.bench] + common, environment(threads, None))
                core = ours["blas_core"]
                peer, _ = run([sys.executable, torch_script] + common, environment(threads, core))
                oob, _ = run([sys.executable, torch_script] + common, environment(threads, None))
                for side, fields in (("ours", ours), ("torch", peer), ("torch_oob", oob)):
                    sides[side].append(fields)
                print(f"{config} threads {threads} round {r + 1}: ours {ours['ms_per_step']} ms "
                      f"(floor {ours['floor_ms_per_step']}, core {core}), PyTorch "
                      f"{peer['ms_per_step']} ms (core {peer['blas_core']}), out of the box "
                      f"{oob['ms_per_step']} ms (core {oob['blas_core']})", flush=True)
            rows.append((config, threads, sides, blas))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"blas (ours): {rows[0][3][len('blas: '):] if rows else ''}\n")

    print("Wall time per step, ms:\n")
    table(rows, "ms_per_step", "floor_ms_per_step")
    print("\nCPU time per step (all threads), ms:\n")
    table(rows, "cpu_ms_per_step", "floor_cpu_ms_per_step")
    print("\n| config | threads | ours tokens/s | PyTorch tokens/s | peak RSS ours / PyTorch MiB |")
    print("|---|---:|---:|---:|---:|")
    for config, threads, s, _ in rows:
        o, t = s["ours"], s["torch"]
        print(f"| {config} | {threads} | {median(o, 'tokens_per_s'):.0f} | "
              f"{median(t, 'tokens_per_s'):.0f} | {median(o, 'peak_rss_mib'):.0f} / "
              f"{median(t, 'peak_rss_mib'):.0f} |")


def median(side, key):
    return statistics.median(float(f[key]) for f in side)


def ratio(num, den, num_key, den_key=None):
    """The median over rounds of num[num_key] / den[den_key or num_key]."""
    return statistics.median(float(a[num_key]) / float(b[den_key or num_key])
                             for a, b in zip(num, den))


def table(rows, key, floor_key):
    print("| config | threads | ours | floor | ours/floor | PyTorch | PyTorch/ours | "
          "PyTorch out of the box (core) | out of the box/ours |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for config, threads, s, _ in rows:
        o, t, b = s["ours"], s["torch"], s["torch_oob"]
        print(f"| {config} | {threads} | {median(o, key):.0f} | {median(o, floor_key):.0f} | "
              f"{ratio(o, o, key, floor_key):.2f} | {median(t, key):.0f} | {ratio(t, o, key):.2f} | "
              f"{median(b, key):.0f} ({b[0]['blas_core']}) | {ratio(b, o, key):.2f} |")


if __name__ == "__main__":
    main()
