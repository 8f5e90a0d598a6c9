"""PyTorch on the GPU at the names and sizes of bench/cuda/fused_ops.cpp, float32, TF32 off.

Run: python3 bench/torch_peer_cuda.py   (scripts/gpu_check.sh runs it when PyTorch sees a GPU)
Lines: op <TAB> name <TAB> ms, timed as bench/cuda/timing.h times ours: 3 warm-up calls, then
the median over 5 repetitions of the mean of 20 calls, each repetition ended by synchronising.
"""
import statistics
import sys
import time

import torch
import torch.nn.functional as F

CALLS = 20
REPETITIONS = 5


def gpu_ms(fn):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    results = []
    for _ in range(REPETITIONS):
        start = time.perf_counter()
        for _ in range(CALLS):
            fn()
        torch.cuda.synchronize()
        results.append((time.perf_counter() - start) * 1e3 / CALLS)
    return statistics.median(results)


def leaf(*shape):
    return torch.randn(*shape, device="cuda", requires_grad=True)


def report(name, forward):
    def fwd():
        with torch.no_grad():
            forward()

    def both():
        y = forward()
        y.backward(torch.ones_like(y))

    print(f"op\t{name} fwd\t{gpu_ms(fwd)}", flush=True)
    print(f"op\t{name} fwd+bwd\t{gpu_ms(both)}", flush=True)


def main():
    if not torch.cuda.is_available():
        print("torch_peer_cuda: PyTorch sees no CUDA device", file=sys.stderr)
        return 1
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.manual_seed(2)
    print(f"peer\tPyTorch {torch.__version__} on {torch.cuda.get_device_name()}", flush=True)
    x = leaf(16384, 1024)
    report("softmax [16384,1024]", lambda: torch.softmax(x, -1))
    x, w, b = leaf(16384, 768), leaf(768), leaf(768)
    report("layer_norm [16384,768]", lambda: F.layer_norm(x, (768,), w, b))
    logits = leaf(8192, 50257)
    targets = torch.randint(0, 50257, (8192,), device="cuda")
    report("cross_entropy [8192,50257]", lambda: F.cross_entropy(logits, targets))
    del logits
    q, k, v = leaf(8, 12, 1024, 64), leaf(8, 12, 1024, 64), leaf(8, 12, 1024, 64)
    report("attention causal [8,12,1024,64]",
           lambda: F.scaled_dot_product_attention(q, k, v, is_causal=True))
    # One query against 1,024 cached keys: the lower-right causal mask hides nothing.
    q = leaf(8, 12, 1, 64)
    report("attention decode [8,12,1|1024,64]", lambda: F.scaled_dot_product_attention(q, k, v))
    return 0


if __name__ == "__main__":
    sys.exit(main())
