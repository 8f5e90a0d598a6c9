#!/usr/bin/python3
"""A GPT training step, ours (bench/gpt_train_step) against PyTorch (bench/torch_gpt_step.py),
run interleaved round by round so that load from elsewhere falls on both sides alike.

Run: /usr/bin/python3 bench/compare_train_step.py [--rounds R] [--steps S] [--configs small,gpt2]
         [--threads 1,2] [--bench PATH]
Each round runs, one after the other: ours out of the box (OPENBLAS_CORETYPE removed from the
environment, so the engine's start-up choice of core applies), PyTorch with OPENBLAS_CORETYPE
set to the core ours reported (like with like), and PyTorch out of the box (OpenBLAS's own
guess). Printed: a markdown table of medians over the rounds, ratios taken round by round.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, env):
    """The key=value fields of the program's last line, and the line that names its BLAS."""
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    lines = out.strip().splitlines()
    fields = dict(kv.split("=", 1) for kv in lines[-1].split())
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

    def med(side, key):
        return statistics.median(float(f[key]) for f in side)

    def ratio(num, den, key="ms_per_step"):
        return statistics.median(float(a[key]) / float(b[key]) for a, b in zip(num, den))

    print("| config | threads | ours ms/step | floor ms | ours/floor | ours tokens/s | "
          "PyTorch ms/step | PyTorch/ours | peak RSS ours / PyTorch MiB | "
          "PyTorch out of the box ms (core) | out of the box/ours |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for config, threads, s, _ in rows:
        o, t, b = s["ours"], s["torch"], s["torch_oob"]
        floor_ratio = statistics.median(
            float(f["ms_per_step"]) / float(f["floor_ms_per_step"]) for f in o)
        print(f"| {config} | {threads} | {med(o, 'ms_per_step'):.0f} | "
              f"{med(o, 'floor_ms_per_step'):.0f} | {floor_ratio:.2f} | "
              f"{med(o, 'tokens_per_s'):.0f} | {med(t, 'ms_per_step'):.0f} | {ratio(t, o):.2f} | "
              f"{med(o, 'peak_rss_mib'):.0f} / {med(t, 'peak_rss_mib'):.0f} | "
              f"{med(b, 'ms_per_step'):.0f} ({b[0]['blas_core']}) | {ratio(b, o):.2f} |")


if __name__ == "__main__":
    main()
