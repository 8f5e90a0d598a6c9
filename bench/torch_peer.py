"""PyTorch (CPU, 2 threads) at the sizes of bench_matmul.cpp, bench_pointwise.cpp,
bench_attention.cpp and bench_nn_ops.cpp.

Run: /usr/bin/python3 bench/torch_peer.py [--threads N] [--only matmul|pointwise|attention|nn]
(N = 2 unless given). Each case runs for at least MIN_TIME seconds, REPETITIONS times; the median
is printed. `--attention-memory T` prints how much one causal attention forward + backward at
length T grows the process's peak resident memory, in MiB (run it alone, in a fresh process).
bench/compare_attention.py interleaves the attention case with ours.
"""
import argparse
import math
import statistics
import time

import torch
import torch.nn.functional as F

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


# bench_attention.cpp's shapes: batch 4, 12 heads, head width 64.
ATTENTION_BATCH, ATTENTION_HEADS, ATTENTION_WIDTH = 4, 12, 64


def attention_step(t):
    """One causal attention forward + backward at length t, as PyTorch 1.13 computes it (it has no
    fused scaled_dot_product_attention yet): scores, a -inf mask, softmax, times v."""
    shape = (ATTENTION_BATCH, ATTENTION_HEADS, t, ATTENTION_WIDTH)
    q, k, v = (torch.randn(shape, requires_grad=True) for _ in range(3))
    grad = torch.randn(shape)
    hidden = torch.ones(t, t, dtype=torch.bool).triu(1)

    def step():
        q.grad = k.grad = v.grad = None
        scores = q @ k.transpose(-2, -1) / math.sqrt(ATTENTION_WIDTH)
        (torch.softmax(scores.masked_fill(hidden, float("-inf")), dim=-1) @ v).backward(grad)

    return step


def bench_attention():
    print(f"{'case':44} {'ms':>9}")
    for t in (256, 1024):
        ms = seconds_per_call(attention_step(t)) * 1e3
        print(f"{f'attention causal fwd+bwd T={t}':44} {ms:9.1f}")


def nn_cases():
    """{name: (forward, forward + backward)} for bench_nn_ops.cpp's cases, named as it names them
    (BM_Softmax/backward:1 is "Softmax" here); each backward gets a gradient of ones made once."""
    rows, vocab = 4096, 50257

    def leaf(*shape):
        return torch.randn(shape, requires_grad=True)

    def case(f, *leaves):
        with torch.no_grad():
            y = f()
        grad = None if y.numel() == 1 else torch.ones(y.shape)

        def forward():
            with torch.no_grad():
                f()

        def forward_backward():
            f().backward(grad)
            for x in leaves:
                x.grad = None
        return forward, forward_backward

    x = leaf(rows, 3072)
    cases = {"GeluTanh": case(lambda: F.gelu(x, approximate="tanh"), x)}
    s = leaf(rows, 1024)
    cases["Softmax"] = case(lambda: torch.softmax(s, -1), s)
    n, w, b = leaf(rows, 768), leaf(768), leaf(768)
    cases["LayerNorm"] = case(lambda: F.layer_norm(n, (768,), w, b), n, w, b)
    lx, lw, lb = leaf(rows, 768), leaf(3072, 768), leaf(3072)
    cases["Linear"] = case(lambda: F.linear(lx, lw, lb), lx, lw, lb)
    logits, targets = leaf(512, vocab), torch.randint(0, vocab, (512,))
    cases["CrossEntropy"] = case(lambda: F.cross_entropy(logits, targets), logits)
    table, ids = leaf(vocab, 768), torch.randint(0, vocab, (rows,))
    cases["Embedding"] = case(lambda: F.embedding(ids, table), table)
    for t in (64, 256):
        q, k, v = (leaf(ATTENTION_BATCH, ATTENTION_HEADS, t, ATTENTION_WIDTH) for _ in range(3))
        hidden = torch.ones(t, t, dtype=torch.bool).triu(1)

        def attention(q=q, k=k, v=v, hidden=hidden):
            scores = q @ k.transpose(-2, -1) / math.sqrt(ATTENTION_WIDTH)
            return torch.softmax(scores.masked_fill(hidden, float("-inf")), dim=-1) @ v
        cases[f"Attention/T:{t}"] = case(attention, q, k, v)
    return cases


def bench_nn():
    print(f"{'case':44} {'fwd ms':>9} {'fwd+bwd ms':>11}")
    for name, (forward, forward_backward) in nn_cases().items():
        print(f"{name:44} {seconds_per_call(forward) * 1e3:9.2f} "
              f"{seconds_per_call(forward_backward) * 1e3:11.2f}")


def peak_rss_mib():
    """VmHWM, this process's peak resident memory (getrusage's ru_maxrss would carry over the
    peak of the process that started this one)."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024


def attention_memory(t):
    step = attention_step(t)
    before = peak_rss_mib()
    step()
    return peak_rss_mib() - before


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", choices=("matmul", "pointwise", "attention", "nn"))
    parser.add_argument("--attention-memory", type=int, metavar="T")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    if args.attention_memory:
        print(f"{attention_memory(args.attention_memory):.1f}")
    else:
        print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads")
        for name, bench in (("matmul", bench_matmul), ("pointwise", bench_pointwise),
                            ("attention", bench_attention), ("nn", bench_nn)):
            if args.only in (None, name):
                bench()
