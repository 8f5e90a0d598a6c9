"""PyTorch's GPT-2 124M training step on the GPU, beside bench/train/gpt2_train_step.cpp.

The same model with Hugging Face GPT-2's names (transformer.wte, wpe, h.N.ln_1, attn.c_attn,
attn.c_proj, ln_2, mlp.c_fc, mlp.c_proj, ln_f, lm_head tied to wte; Linear layers rather than
Conv1D, as ours): the model of tests/fixtures/make_gpt_fixture.py at GPT-2's sizes, with
GPT-2's initialisation, tanh GELU, causal scaled-dot-product attention, batch 8
of 1024 random tokens, cross-entropy, AdamW (lr 6e-4, weight decay 0.1, PyTorch's default
implementation), gradients clipped to 1, TF32 allowed for products. Measured eagerly, then
compiled with torch.compile: 2 warm-up steps (compilation happens there), then 10 timed,
synchronised at the end.

Run: python3 bench/torch_gpt2_cuda.py [--batch 8] [--seq 1024] [--steps 10] [--warmup 2]
(scripts/gpu_check.sh runs it when PyTorch sees a GPU). Lines, tab-separated, as ours:
"result <eager|compile> <tokens/s> <ms/step> <peak MiB>" (peak: torch.cuda.max_memory_allocated).
"""
import argparse
import math
import os
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

# The GPT-2 of the model's parity fixture, in plain PyTorch with Hugging Face's names, at GPT-2's
# sizes here, with PyTorch's fused attention in place of the fixture's written-out one.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "fixtures"))
import make_gpt_fixture as gpt  # noqa: E402

VOCAB = gpt.VOCAB = 50257
gpt.CONTEXT, gpt.WIDTH, gpt.HEADS, gpt.LAYERS = 1024, 768, 12, 12


def fused_attention(self, x):
    b, t, c = x.shape
    q, k, v = self.c_attn(x).split(c, dim=2)
    q, k, v = (m.view(b, t, gpt.HEADS, c // gpt.HEADS).transpose(1, 2) for m in (q, k, v))
    y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    return self.c_proj(y.transpose(1, 2).reshape(b, t, c))


gpt.CausalSelfAttention.forward = fused_attention


def gpt2():
    """The model with GPT-2's initialisation, as nn::GPT's."""
    model = gpt.GPT()
    for name, p in model.named_parameters():
        if p.dim() == 1:
            nn.init.zeros_(p) if name.endswith("bias") else nn.init.ones_(p)
        else:
            std = 0.02 / math.sqrt(2 * gpt.LAYERS) if name.endswith("c_proj.weight") else 0.02
            nn.init.normal_(p, std=std)
    return model


def measure(name, model, step, args):
    def batch():
        tokens = torch.randint(0, VOCAB, (args.batch, args.seq + 1), device="cpu", pin_memory=True)
        return (tokens[:, :-1].to("cuda", non_blocking=True),
                tokens[:, 1:].to("cuda", non_blocking=True))

    for _ in range(args.warmup):
        step(*batch())
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(args.steps):
        loss = step(*batch())
    loss.item()  # as ours, the last step's loss is read: the GPU is done
    seconds = time.perf_counter() - start
    tokens = args.batch * args.seq * args.steps
    peak = torch.cuda.max_memory_allocated() / 2**20
    print(f"result\t{name}\t{tokens / seconds:.0f}\t{1e3 * seconds / args.steps:.2f}\t{peak:.0f}",
          flush=True)


def training_step(model, optimizer, forward):
    def step(x, y):
        optimizer.zero_grad(set_to_none=True)
        logits = forward(x)
        loss = F.cross_entropy(logits.view(-1, VOCAB), y.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        return loss

    return step


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--seq", type=int, default=1024)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    if not torch.cuda.is_available():
        print("torch_gpt2_cuda: PyTorch sees no GPU", file=sys.stderr)
        return 1
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    print(f"peer\tPyTorch {torch.__version__}, {torch.cuda.get_device_name()}", flush=True)
    for name in ("eager", "compile"):
        torch.manual_seed(1)
        torch.cuda.reset_peak_memory_stats()
        model = gpt2().cuda()
        optimizer = torch.optim.AdamW(model.parameters(), lr=6e-4, weight_decay=0.1)
        forward = torch.compile(model) if name == "compile" else model
        measure(name, model, training_step(model, optimizer, forward), args)
        del model, optimizer, forward
        torch.cuda.empty_cache()
    return 0


if __name__ == "__main__":
    sys.exit(main())
