#!/usr/bin/env python3
"""The round trip with Hugging Face transformers, where it is installed:

  1. a random GPT2LMHeadModel → save_pretrained (safetensors) → our loader: the same logits, and
     greedy generation equal token for token;
  2. a random GPT of ours → save_hf_gpt2 → GPT2LMHeadModel.from_pretrained: no missing or
     unexpected weights, the same logits, the same greedy tokens.

Ours runs through tests/tools/hf_gpt2_run (built with the tests: cmake --build --preset release
--target hf_gpt2_run). Elsewhere (no transformers) it says it is skipped and exits 0.

Run:  python3 scripts/check_hf_interop.py [--tool build/release/tests/hf_gpt2_run]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIZES = {"vocab_size": 101, "n_positions": 32, "n_embd": 48, "n_head": 4, "n_layer": 3}
PROMPT = [5, 17, 3, 99, 42, 0, 64]
NEW_TOKENS = 20
TOLERANCE = 1e-4


def ours(tool, folder):
    """Our logits of PROMPT and greedy generation, from the model in `folder`."""
    run = subprocess.run([tool, "run", folder, str(NEW_TOKENS)] + [str(i) for i in PROMPT],
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit("check_hf_interop: FAILED: %s" % run.stderr.strip())
    return json.loads(run.stdout)


def theirs(model, torch):
    ids = torch.tensor([PROMPT])
    with torch.no_grad():
        logits = model(ids).logits[0]
        generated = model.generate(ids, max_new_tokens=NEW_TOKENS, do_sample=False,
                                   pad_token_id=0)
    return {"logits": logits.tolist(), "generated": generated[0].tolist()}


def compare(what, a, b):
    worst = max(abs(x - y) for ra, rb in zip(a["logits"], b["logits"]) for x, y in zip(ra, rb))
    same = a["generated"] == b["generated"]
    print("%s: largest logit difference %.2e, greedy tokens %s" %
          (what, worst, "equal" if same else "DIFFERENT"))
    if not same:
        print("  ours:   %s\n  theirs: %s" % (a["generated"], b["generated"]))
    return worst <= TOLERANCE and same


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tool", default=os.path.join(ROOT, "build", "release", "tests",
                                                       "hf_gpt2_run"))
    args = parser.parse_args()
    try:
        import torch
        import transformers
    except ImportError as e:
        print("check_hf_interop: skipped: %s (pip install torch transformers)" % e)
        return 0
    if not os.access(args.tool, os.X_OK):
        print("check_hf_interop: %s is missing: cmake --build --preset release --target "
              "hf_gpt2_run" % args.tool, file=sys.stderr)
        return 1

    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        torch.manual_seed(0)
        config = transformers.GPT2Config(**SIZES)
        model = transformers.GPT2LMHeadModel(config).eval()
        with torch.no_grad():  # nothing left at 0 or 1, so a misplaced tensor shows
            for name, p in model.named_parameters():
                p.add_(0.1 * torch.randn_like(p))
        hf_folder = os.path.join(tmp, "from_transformers")
        model.save_pretrained(hf_folder, safe_serialization=True)
        ok &= compare("transformers → ours", ours(args.tool, hf_folder), theirs(model, torch))

        our_folder = os.path.join(tmp, "from_buildgpt")
        subprocess.run([args.tool, "init", our_folder, str(SIZES["vocab_size"]),
                        str(SIZES["n_positions"]), str(SIZES["n_embd"]), str(SIZES["n_head"]),
                        str(SIZES["n_layer"]), "7"], check=True)
        loaded, info = transformers.GPT2LMHeadModel.from_pretrained(our_folder,
                                                                   output_loading_info=True)
        stray = {k: v for k, v in info.items() if v and k != "missing_keys"}
        # Not in the file, and rightly: the mask buffers, and the output layer tied to wte.
        missing = [k for k in info.get("missing_keys", [])
                   if not k.endswith((".attn.bias", ".attn.masked_bias", "lm_head.weight"))]
        if missing or stray:
            print("ours → transformers: loading reported %s %s" % (missing, stray))
            ok = False
        ok &= compare("ours → transformers", ours(args.tool, our_folder),
                      theirs(loaded.eval(), torch))
    print("check_hf_interop: %s" % ("passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
