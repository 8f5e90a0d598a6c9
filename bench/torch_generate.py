#!/usr/bin/python3
"""PyTorch 1.13 generating from GPT-2 small with a key-value cache: the peer of bench_generate.

Its own GPT-2 (nn.Linear layers under Hugging Face's names), with preallocated per-layer key and
value buffers written in place, as ours: an 8-token prompt runs once, then 200 steps of one
token each, sampling at temperature 1 (torch.multinomial), under torch.inference_mode. Weights are
random (N(0, 0.02)) or, with --model, read from a Hugging Face GPT-2 folder (what
scripts/fetch_gpt2.sh downloads; bench_generate reads the same folder from
BUILDGPT_BENCH_MODEL).

Run:
  /usr/bin/python3 bench/torch_generate.py [--threads N] [--runs R] [--model data/models/gpt2]
  # interleaved with ours, round by round (one run of each side per round, N threads both):
  /usr/bin/python3 bench/torch_generate.py --threads 1 --runs 5 \
      --ours build/release/bench/bench_generate
Prints each run's tokens per second of wall time and of CPU time, then the medians (and, with
--ours, the median ratios). On a machine shared with other work, wall time measures the load as
much as the code; CPU time (with one thread) measures the work.
--addmv sends single rows through torch.addmv: see ADDMV.
"""
import argparse
import json
import math
import os
import statistics
import struct
import subprocess
import time

import torch
import torch.nn.functional as F
from torch import nn

PROMPT, NEW = 8, 200
# --addmv: one row times a weight matrix as torch.addmv, a matrix-vector product. nn.Linear (and
# Hugging Face's Conv1D, torch.addmm) run it as a matrix product, which this PyTorch hands to a
# full sgemm that first copies the whole weight matrix into blocks.
ADDMV = False
CONV1D = ("attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight")


def linear(layer, x):
    """layer(x), or with ADDMV and a single row, bias + weight · x as a matrix-vector product."""
    if not ADDMV or x.shape[:-1].numel() != 1:
        return layer(x)
    row = x.reshape(-1)
    y = torch.mv(layer.weight, row) if layer.bias is None else torch.addmv(layer.bias, layer.weight,
                                                                          row)
    return y.view(*x.shape[:-1], -1)


class Block(nn.Module):
    def __init__(self, c, heads, context):
        super().__init__()
        self.heads, self.context = heads, context
        self.ln_1, self.ln_2 = nn.LayerNorm(c), nn.LayerNorm(c)
        self.attn = nn.Module()
        self.attn.c_attn, self.attn.c_proj = nn.Linear(c, 3 * c), nn.Linear(c, c)
        self.mlp = nn.Module()
        self.mlp.c_fc, self.mlp.c_proj = nn.Linear(c, 4 * c), nn.Linear(4 * c, c)

    def attention(self, x, cache, start):
        """x [1, T, C] at positions start.. start+T; cache (k, v) [1, heads, context, d]."""
        b, t, c = x.shape
        d = c // self.heads
        q, k, v = (m.view(b, t, self.heads, d).transpose(1, 2)
                   for m in linear(self.attn.c_attn, x).split(c, dim=2))
        keys, values = cache
        keys[:, :, start:start + t] = k
        values[:, :, start:start + t] = v
        k, v = keys[:, :, :start + t], values[:, :, :start + t]
        scores = q @ k.transpose(-2, -1) / math.sqrt(d)
        if t > 1:  # the prompt: each position sees itself and those before it
            hidden = torch.ones(t, start + t, dtype=torch.bool).triu(start + 1)
            scores = scores.masked_fill(hidden, float("-inf"))
        y = torch.softmax(scores, dim=-1) @ v
        return linear(self.attn.c_proj, y.transpose(1, 2).reshape(b, t, c))

    def forward(self, x, cache, start):
        x = x + self.attention(self.ln_1(x), cache, start)
        hidden = F.gelu(linear(self.mlp.c_fc, self.ln_2(x)), approximate="tanh")
        return x + linear(self.mlp.c_proj, hidden)


class GPT2(nn.Module):
    def __init__(self, vocab=50257, context=1024, c=768, heads=12, layers=12):
        super().__init__()
        self.shape = (layers, heads, context, c // heads)
        self.transformer = nn.Module()
        self.transformer.wte, self.transformer.wpe = nn.Embedding(vocab, c), nn.Embedding(context, c)
        self.transformer.h = nn.ModuleList(Block(c, heads, context) for _ in range(layers))
        self.transformer.ln_f = nn.LayerNorm(c)
        self.lm_head = nn.Linear(c, vocab, bias=False)
        self.lm_head.weight = self.transformer.wte.weight
        with torch.no_grad():
            for name, p in self.named_parameters():
                if p.dim() == 2:
                    p.normal_(0.0, 0.02)

    def new_cache(self):
        layers, heads, context, d = self.shape
        return [(torch.zeros(1, heads, context, d), torch.zeros(1, heads, context, d))
                for _ in range(layers)]

    def forward(self, ids, cache, start):
        t = ids.shape[1]
        x = self.transformer.wte(ids) + self.transformer.wpe(torch.arange(start, start + t))
        for block, layer_cache in zip(self.transformer.h, cache):
            x = block(x, layer_cache, start)
        return linear(self.lm_head, self.transformer.ln_f(x[:, -1]))

    def generate(self, ids, n_new):
        cache = self.new_cache()
        logits = self(ids, cache, 0)
        out = [ids]
        for step in range(n_new):
            token = torch.multinomial(torch.softmax(logits, dim=-1), 1)
            out.append(token)
            if step + 1 < n_new:
                logits = self(token, cache, ids.shape[1] + step)
        return torch.cat(out, dim=1)


def read_safetensors(path):
    """{name: float32 tensor} of a safetensors file (F32, F16, BF16)."""
    dtypes = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__" or e["dtype"] not in dtypes:
            continue
        begin, end = e["data_offsets"]
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=dtypes[e["dtype"]])
        out[name] = t.float().view(e["shape"])
    return out


def load_folder(folder):
    """A Hugging Face GPT-2 folder: both name forms, Conv1D weights transposed, buffers skipped."""
    config = json.load(open(os.path.join(folder, "config.json")))
    model = GPT2(config["vocab_size"], config.get("n_positions", config.get("n_ctx")),
                 config["n_embd"], config["n_head"], config["n_layer"])
    state = {}
    for name, t in read_safetensors(os.path.join(folder, "model.safetensors")).items():
        if name.endswith((".attn.bias", ".attn.masked_bias")) or name == "lm_head.weight":
            continue
        name = name if name.startswith("transformer.") else "transformer." + name
        state[name] = t.t() if name.endswith(CONV1D) else t
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert missing == ["lm_head.weight"] and not unexpected, (missing, unexpected)
    return model


def tokens_per_second(model, seed):
    """New tokens per second of wall time, and per second of the process's CPU time."""
    torch.manual_seed(seed)
    prompt = torch.randint(0, model.transformer.wte.num_embeddings, (1, PROMPT))
    with torch.inference_mode():
        wall, cpu = time.perf_counter(), time.process_time()
        model.generate(prompt, NEW)
        return NEW / (time.perf_counter() - wall), NEW / (time.process_time() - cpu)


def ours_tokens_per_second(bench, threads, model_folder):
    """One run of bench_generate's cached case (one iteration): tokens per second of wall time and
    of the main thread's CPU time, and its BLAS line."""
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    if model_folder:
        env["BUILDGPT_BENCH_MODEL"] = model_folder
    out = subprocess.run([bench, "--benchmark_filter=BM_Generate/cache:1",
                          "--benchmark_format=json"], env=env, check=True, capture_output=True,
                         text=True).stdout
    result = json.loads(out)
    run = result["benchmarks"][0]
    assert run["time_unit"] == "s", run["time_unit"]
    return run["tokens_per_s"], NEW / run["cpu_time"], result["context"].get("blas", "?")


def median(runs, i):
    return statistics.median(r[i] for r in runs)


def ratio(ours, peer, i):
    return statistics.median(o[i] / p[i] for o, p in zip(ours, peer))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", help="a Hugging Face GPT-2 folder (default: random weights)")
    parser.add_argument("--ours", help="bench_generate, to run interleaved with this peer")
    parser.add_argument("--addmv", action="store_true",
                        help="single rows through torch.addmv instead of nn.Linear")
    args = parser.parse_args()
    global ADDMV
    ADDMV = args.addmv
    torch.set_num_threads(args.threads)
    model = (load_folder(args.model) if args.model else GPT2()).eval()
    tokens_per_second(model, 0)  # warm up: first-call allocations, thread start-up
    peer, ours, blas = [], [], ""  # (wall, CPU) tokens per second of each run
    for run in range(args.runs):
        if args.ours:
            *tokens, blas = ours_tokens_per_second(args.ours, args.threads, args.model)
            ours.append(tokens)
        peer.append(tokens_per_second(model, run))
        print(f"run {run + 1}: PyTorch {peer[-1][0]:.1f} tokens/s ({peer[-1][1]:.1f} per CPU s)" +
              (f", ours {ours[-1][0]:.1f} ({ours[-1][1]:.1f} per CPU s)" if ours else ""),
              flush=True)
    print(f"PyTorch {torch.__version__}{' with addmv' if ADDMV else ''}, {args.threads} threads, "
          f"{'weights of ' + args.model if args.model else 'random weights'}, {args.runs} runs, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"PyTorch: median {median(peer, 0):.1f} tokens/s, {median(peer, 1):.1f} per CPU second")
    if ours:
        print(f"ours ({blas}): median {median(ours, 0):.1f} tokens/s, {median(ours, 1):.1f} per "
              f"CPU second of the main thread")
        print(f"median ratio ours / PyTorch per run: wall {ratio(ours, peer, 0):.2f}, "
              f"CPU {ratio(ours, peer, 1):.2f}")


if __name__ == "__main__":
    main()
