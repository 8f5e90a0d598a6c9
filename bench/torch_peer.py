"""PyTorch (CPU, 2 threads) at the sizes of bench_matmul.cpp and bench_pointwise.cpp.

Run: /usr/bin/python3 bench/torch_peer.py [--threads N]   (N = 2 unless given)
Each case runs for at least MIN_TIME seconds, REPETITIONS times; the median is printed.
"""
import argparse
import statistics
import time

import torch

MIN_TIME = 0.5
REPETITIONS = 3


def seconds_per_call(fn):
    """Median over REPETITIONS of the mean wall time of fn() over at least MIN_TIME seconds."""
    fn()  # warm up: first-call allocations and thread start-up
    results = []
    for _ in range(REPETITIONS):
        calls, start = 0, time.perf_counter()
        while True:
            fn()
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= MIN_TIME:
                break
        results.append(elapsed / calls)
    return statistics.median(results)


def matmul_cases():
    for s in (256, 512, 1024, 2048):
        yield 1, s, s, s
    yield 1, 4096, 768, 3072
    yield 1, 4096, 768, 768
    yield 12, 256, 64, 256


def operand(batch, rows, cols, grad=False):
    shape = (rows, cols) if batch == 1 else (batch, rows, cols)
    return torch.randn(shape, requires_grad=grad)


def bench_matmul():
    print(f"{'case':44} {'ms':>9} {'GFLOP/s':>9}")
    for batch, m, k, n in matmul_cases():
        flops = 2.0 * batch * m * n * k
        a, b = operand(batch, m, k), operand(batch, k, n)
        t = seconds_per_call(lambda: torch.matmul(a, b))
        print(f"{f'matmul {batch}x[{m},{k}]x[{k},{n}]':44} {t * 1e3:9.3f} {flops / t / 1e9:9.1f}")
        ag, bg = operand(batch, m, k, True), operand(batch, k, n, True)
        grad = torch.ones(operand(batch, m, n).shape)

        def forward_backward():
            ag.grad = bg.grad = None
            torch.matmul(ag, bg).backward(grad)

        t = seconds_per_call(forward_backward)
        print(f"{f'matmul fwd+bwd {batch}x[{m},{k}]x[{k},{n}]':44} {t * 1e3:9.3f} "
              f"{3 * flops / t / 1e9:9.1f}")


def bench_pointwise():
    print(f"{'case':44} {'us':>9} {'Melem/s':>9}")
    for batch in (1, 8):
        shape = (batch, 1024, 1024)
        n = batch * 1024 * 1024
        x = torch.randn(shape)
        xg = torch.randn(shape, requires_grad=True)
        grad = torch.ones(shape)
        for approx in ("none", "tanh"):
            t = seconds_per_call(lambda: torch.nn.functional.gelu(x, approximate=approx))
            print(f"{f'gelu {approx} B={batch}':44} {t * 1e6:9.0f} {n / t / 1e6:9.1f}")

            def forward_backward():
                xg.grad = None
                torch.nn.functional.gelu(xg, approximate=approx).backward(grad)

            t = seconds_per_call(forward_backward)
            print(f"{f'gelu {approx} fwd+bwd B={batch}':44} {t * 1e6:9.0f} {n / t / 1e6:9.1f}")
        for name, y in (("same shape", torch.randn(shape)), ("[C] bias", torch.randn(1024))):
            t = seconds_per_call(lambda: torch.add(x, y))
            print(f"{f'add {name} B={batch}':44} {t * 1e6:9.0f} {n / t / 1e6:9.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    torch.set_num_threads(parser.parse_args().threads)
    torch.manual_seed(0)
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads")
    bench_matmul()
    bench_pointwise()
