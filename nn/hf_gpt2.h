// Hugging Face GPT-2 model folders, read and written: config.json (GPT2Config's keys) and
// model.safetensors (the weights, in Hugging Face's names and orientation).
//
// Both name forms are read: the published files' (`wte.weight`, `h.0.attn.c_attn.weight`, with
// the `h.N.attn.bias` / `h.N.attn.masked_bias` causal-mask buffers, which are skipped) and recent
// save_pretrained's (`transformer.wte.weight`, ..., no buffers). Conv1D weights (attn.c_attn,
// attn.c_proj, mlp.c_fc, mlp.c_proj) are stored [in, out] and become our [out, in]; F16 and BF16
// tensors become float32; `lm_head.weight` may be absent when the config ties it to the token
// embedding (the default), and must then equal `wte.weight` when present.
//
// GPT holds its module tree and is neither copyable nor movable, so the loader returns it in a
// std::unique_ptr.
#pragma once

#include <filesystem>
#include <memory>

#include "nn/gpt.h"
#include "nn/gpt_config.h"

namespace buildgpt::nn {

// The GPTConfig of a GPT2Config config.json: n_embd, n_layer, n_head, vocab_size, n_positions (or
// the older n_ctx), layer_norm_epsilon (1e-5 when absent), activation_function ("gelu_new" and
// "gelu_pytorch_tanh" → the tanh GELU, "gelu" → the exact one; "gelu_new" when absent),
// resid_pdrop as the dropout, tie_word_embeddings (true when absent). Throws std::runtime_error
// naming the file and listing every problem: unreadable, not JSON, model_type not "gpt2", a size
// missing or not a positive integer, an activation, n_inner or attention switch this GPT lacks.
GPTConfig read_hf_gpt2_config(const std::filesystem::path& config_json);

// The model in `folder` (config.json + model.safetensors), in evaluation mode (as
// from_pretrained returns it). Throws std::runtime_error naming the file and the problem when a
// file is missing or unreadable, the config is not GPT-2's, or the safetensors file is truncated
// or malformed; and one error listing every unknown, missing, repeated, non-float or misshaped
// tensor when the weights do not fit the config. Nothing is returned half-loaded.
std::unique_ptr<GPT> load_hf_gpt2(const std::filesystem::path& folder);

// Writes `model` to `folder` (created when missing) as save_pretrained does: model.safetensors
// with `transformer.`-prefixed names, Conv1D weights [in, out], no buffers, lm_head.weight only
// when the output is not tied, and metadata format "pt"; then config.json. Each file is written
// atomically (io/atomic_file.h), the weights first, so a crash between the two leaves a folder
// the loader refuses (the config disagrees with the weights) or the complete old pair. Throws
// std::invalid_argument for a GPT that GPT-2's form cannot hold (no biases, a logit scale other
// than 1), std::runtime_error naming the file when writing fails.
void save_hf_gpt2(const GPT& model, const std::filesystem::path& folder);

// Whether `folder` holds both config.json and model.safetensors as regular files (their contents
// are not checked). Never throws.
bool is_hf_gpt2_folder(const std::filesystem::path& folder);

}  // namespace buildgpt::nn
