"""Running the Google Benchmark program bench_autograd from the comparison scripts."""
import argparse
import json
import os
import subprocess


def run(bench, pattern, threads, min_time):
    """The JSON report of the cases matching `pattern`, run with `threads` OpenMP threads."""
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    out = subprocess.run([bench, f"--benchmark_filter={pattern}", f"--benchmark_min_time={min_time}",
                          "--benchmark_format=json"], env=env, check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out)


def comparison_arguments(rounds):
    """The options the comparison scripts share: --threads N (1), --rounds R, --bench PATH."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--bench", default="build/release/bench/bench_autograd")
    return parser.parse_args()
