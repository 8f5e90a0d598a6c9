// GPT: token and position embeddings, a stack of blocks (pre-layer-norm as GPT-2's, or as the
// config places and picks the norms), a final norm, and an output layer tied to the token
// embedding. Parameter names are Hugging Face GPT-2's
// ("transformer.wte.weight", "transformer.h.0.attn.c_attn.weight", ..., "lm_head.weight"), so a
// state dict maps one to one; its Conv1D weights are stored transposed ([in, out]) where ours
// are [out, in], a transpose that importing or exporting GPT-2's files does.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "autograd/generator.h"
#include "nn/containers.h"
#include "nn/gpt_config.h"
#include "nn/kv_cache.h"
#include "nn/layers.h"
#include "nn/module.h"
#include "nn/sampling.h"
#include "nn/transformer.h"

namespace buildgpt::nn {

// The body that Hugging Face calls "transformer": wte, wpe, drop, h.0 ... h.(L-1), ln_f.
class GPTTransformer : public Module {
 public:
  GPTTransformer(const GPTConfig& config, Generator* gen);

  std::shared_ptr<Embedding> wte, wpe;
  std::shared_ptr<Dropout> drop;
  std::shared_ptr<ModuleList> h;
  std::vector<std::shared_ptr<Block>> blocks;  // h's modules, typed
  std::shared_ptr<Norm> ln_f;
};

struct GenerateOptions {
  SamplingOptions sampling;
  // Prefill a key-value cache with the prompt, then feed one token per step.
  bool use_cache = true;
  // Called at every step with the logits [B, V] the next tokens are drawn from.
  std::function<void(const Tensor& logits)> on_logits;
  // Called at every step with the ids [B, 1] just drawn, so they can be shown as they come.
  std::function<void(const Tensor& next)> on_token;
};

class GPT : public Module {
 public:
  // Validates the config, then builds the model with GPT-2's initialisation, drawing from gen
  // (the default generator when null), which dropout then draws its masks from.
  explicit GPT(const GPTConfig& config, Generator* gen = nullptr);

  // ids [B, T] (int64 or int32, T <= context, each in [0, vocab_size)) → logits [B, T, V].
  Tensor forward(const Tensor& ids) override;
  // For generation (no graph is recorded): ids [B, T] are the T positions after those the
  // cache holds; their keys and values are written into it and it advances by T. The cache
  // must have room for them. Returns logits [B, T, V].
  Tensor forward(const Tensor& ids, KVCache& cache);
  // The final layer norm's output [B, T, C], and logits from such states. With a cache (then
  // without recording a graph) the ids are the positions after those it holds, as above.
  Tensor hidden_states(const Tensor& ids, KVCache* cache = nullptr);
  Tensor logits(const Tensor& hidden);

  // Appends n_new tokens to ids [B, T] (int64), each drawn from the model's prediction for the
  // next position, in evaluation mode and without recording a graph; returns [B, T + n_new].
  // The model sees at most the last `context` tokens. With the cache, the prompt runs once and
  // every later step runs one token; once the sequence has outgrown the context, each step
  // recomputes the cropped window of the last `context` tokens in full (the positions shift, so
  // cached keys no longer apply) — what the uncached path does at every step.
  Tensor generate(const Tensor& ids, int64_t n_new, const GenerateOptions& options = {},
                  Generator* gen = nullptr);

  // Parameters, the tied output counted once (as named_parameters lists them), or twice.
  int64_t parameter_count(bool tied_output_twice = false) const;

  const GPTConfig config;
  std::shared_ptr<GPTTransformer> transformer;
  std::shared_ptr<Linear> lm_head;

 private:
  void check_ids(const Tensor& ids, const KVCache* cache) const;

  Generator* const generator_;  // dropout's, rewound when a checkpointed block runs again
};

}  // namespace buildgpt::nn
