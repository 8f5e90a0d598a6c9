#!/usr/bin/python3
"""One training step of a GPT in PyTorch (forward, cross-entropy, backward, AdamW) on random
tokens: the same model, sizes, initialisation and optimizer as bench/gpt_train_step.cpp, with
Hugging Face GPT-2's parameter names (its Conv1D layers as nn.Linear, which stores weights as
[out, in] as ours do). PyTorch 1.13 has no fused attention on the CPU: scores, mask, softmax,
times v, as Hugging Face's GPT-2 computes it.

Run: /usr/bin/python3 bench/torch_gpt_step.py --config small|gpt2 [--threads N] [--steps S]
The last line reads: ms_per_step=… tokens_per_s=… peak_rss_mib=… blas_core=… (the median step's
wall time); the line before it, cpu_ms_per_step=…, the median step's CPU time (all threads).
"""
import argparse
import ctypes
import math
import os
import statistics
import time

import torch
import torch.nn.functional as F
from torch import nn

CONFIGS = {  # vocab, width, layers, heads, batch, tokens
    "small": (50257, 128, 4, 4, 8, 128),
    "gpt2": (50257, 768, 12, 12, 4, 64),
}
CONTEXT = 1024


class Attention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.c_attn = nn.Linear(width, 3 * width)
        self.c_proj = nn.Linear(width, width)
        self.register_buffer("bias", torch.tril(torch.ones(CONTEXT, CONTEXT, dtype=torch.bool)))

    def forward(self, x):
        b, t, c = x.shape
        d = c // self.heads
        q, k, v = (m.view(b, t, self.heads, d).transpose(1, 2)
                   for m in self.c_attn(x).split(c, dim=2))
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(d)
        scores = scores.masked_fill(~self.bias[:t, :t], float("-inf"))
        y = torch.softmax(scores, dim=-1) @ v
        return self.c_proj(y.transpose(1, 2).contiguous().view(b, t, c))


class MLP(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.c_fc = nn.Linear(width, 4 * width)
        self.c_proj = nn.Linear(4 * width, width)

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))


class Block(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width)
        self.attn = Attention(width, heads)
        self.ln_2 = nn.LayerNorm(width)
        self.mlp = MLP(width)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    def __init__(self, vocab, width, layers, heads):
        super().__init__()
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(vocab, width), wpe=nn.Embedding(CONTEXT, width),
            h=nn.ModuleList(Block(width, heads) for _ in range(layers)),
            ln_f=nn.LayerNorm(width)))
        self.lm_head = nn.Linear(width, vocab, bias=False)
        self.lm_head.weight = self.transformer.wte.weight
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(p, std=0.02 / math.sqrt(2 * layers))
            elif name.endswith(("attn.weight", "c_fc.weight", "wte.weight", "wpe.weight")):
                nn.init.normal_(p, std=0.02)
            elif name.endswith("bias") and "ln_" not in name:
                nn.init.zeros_(p)

    def forward(self, ids):
        t = self.transformer
        x = t.wte(ids) + t.wpe(torch.arange(ids.shape[1]))
        for block in t.h:
            x = block(x)
        return self.lm_head(t.ln_f(x))


def peak_rss_mib():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024


def blas_core():
    try:
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode()
    except (OSError, AttributeError):
        return "unknown"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", choices=CONFIGS, default="small")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1234)
    vocab, width, layers, heads, batch, tokens = CONFIGS[args.config]
    model = GPT(vocab, width, layers, heads)
    optimizer = torch.optim.AdamW(model.parameters(), lr=6e-4, weight_decay=0.1)
    ids = torch.randint(0, vocab, (batch, tokens))
    targets = torch.randint(0, vocab, (batch * tokens,))
    print(f"torch_gpt_step: config {args.config}, PyTorch {torch.__version__}, "
          f"{torch.get_num_threads()} threads, OPENBLAS_CORETYPE="
          f"{os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, core {blas_core()}")

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(ids).view(-1, vocab), targets)
        loss.backward()
        optimizer.step()
        return loss.item()

    for _ in range(args.warmup):
        step()
    times, cpu_times = [], []
    for i in range(args.steps):
        start, cpu_start = time.perf_counter(), time.process_time()
        loss = step()
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
        print(f"step {i + 1}: {times[-1] * 1e3:.1f} ms (CPU {cpu_times[-1] * 1e3:.1f} ms), "
              f"loss {loss:.4f}", flush=True)
    ms = statistics.median(times) * 1e3
    print(f"cpu_ms_per_step={statistics.median(cpu_times) * 1e3:.1f}")
    print(f"ms_per_step={ms:.1f} tokens_per_s={batch * tokens / ms * 1e3:.1f} "
          f"peak_rss_mib={peak_rss_mib():.0f} blas_core={blas_core()}")


if __name__ == "__main__":
    main()
