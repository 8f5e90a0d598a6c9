#include "nn/gpt.h"

#include <optional>
#include <stdexcept>
#include <string>

#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/elementwise.h"
#include "autograd/ops/shape_ops.h"
#include "autograd/value_checks.h"
#include "nn/activation_checkpoint.h"
#include "nn/skip_init.h"

namespace buildgpt::nn {
namespace {

GPTConfig validated(const GPTConfig& config) {
  config.validate();
  return config;
}

// An Embedding with GPT-2's N(0, init_std) instead of N(0, 1).
std::shared_ptr<Embedding> gpt_embedding(int64_t rows, int64_t width, double std, Generator* gen) {
  auto layer = std::make_shared<Embedding>(rows, width, gen);
  if (init_skipped()) return layer;
  NoGradGuard no_grad;
  layer->weight.copy_(mul(layer->weight, std));
  return layer;
}

[[noreturn]] void bad(const std::string& problem) {
  throw std::invalid_argument("GPT: " + problem);
}

}  // namespace

GPTTransformer::GPTTransformer(const GPTConfig& config, Generator* gen) : Module("GPTTransformer") {
  wte =
      register_module("wte", gpt_embedding(config.vocab_size, config.width, config.init_std, gen));
  wpe = register_module("wpe", gpt_embedding(config.context, config.width, config.init_std, gen));
  drop = register_module("drop", std::make_shared<Dropout>(config.dropout, gen));
  h = register_module("h", std::make_shared<ModuleList>());
  for (int64_t i = 0; i < config.layers; ++i) {
    blocks.push_back(h->push_back(std::make_shared<Block>(config, gen)));
  }
  ln_f = register_module("ln_f", make_norm(config));
}

GPT::GPT(const GPTConfig& config_, Generator* gen)
    : Module("GPT"), config(validated(config_)), generator_(gen ? gen : &default_generator()) {
  transformer = register_module("transformer", std::make_shared<GPTTransformer>(config, gen));
  lm_head = register_module("lm_head",
                            std::make_shared<Linear>(config.width, config.vocab_size, false, gen));
  if (config.tied_output) {
    lm_head->weight = transformer->wte->weight;
  } else {
    init_normal(*lm_head, config.init_std, gen);
  }
}

void GPT::check_ids(const Tensor& ids, const KVCache* cache) const {
  if (!ids.defined()) bad("token ids are undefined");
  if (ids.dtype() != kInt64 && ids.dtype() != kInt32) {
    bad(std::string("token ids must be int64 or int32, got ") + dtype_name(ids.dtype()));
  }
  if (ids.dim() != 2 || ids.size(1) == 0) {
    bad("token ids must be [B, T] with T > 0, got " + shape_str(ids.shape()));
  }
  const int64_t t = ids.size(1), past = cache ? cache->length() : 0;
  if (past + t > config.context) {
    bad(cache ? std::to_string(t) + " new tokens after " + std::to_string(past) +
                    " cached positions exceed the context of " + std::to_string(config.context)
              : "a sequence of " + std::to_string(t) + " tokens is longer than the context of " +
                    std::to_string(config.context));
  }
  if (cache && (cache->batch() != ids.size(0) || cache->device() != ids.device())) {
    bad("the cache holds " + std::to_string(cache->batch()) + " sequences on " +
        cache->device().str() + ", the ids " + std::to_string(ids.size(0)) + " on " +
        ids.device().str());
  }
  if (const auto id = first_outside(ids.to(kInt64), config.vocab_size)) {
    bad("token id " + std::to_string(*id) + " is outside the vocabulary of " +
        std::to_string(config.vocab_size) + " tokens");
  }
}

// x = drop(wte[ids] + wpe[positions]); x = block_l(x) for each layer (checkpointed when the config
// says so); ln_f(x)
Tensor GPT::hidden_states(const Tensor& ids, KVCache* cache) {
  check_ids(ids, cache);
  std::optional<NoGradGuard> no_grad;
  if (cache) no_grad.emplace();  // a cached forward is for generation only
  const int64_t past = cache ? cache->length() : 0, t = ids.size(1);
  const Tensor positions =
      arange(static_cast<double>(past), static_cast<double>(past + t), 1, kInt64, ids.device());
  Tensor x = (*transformer->drop)((*transformer->wte)(ids) + (*transformer->wpe)(positions));
  for (int64_t i = 0; i < config.layers; ++i) {
    Block& block = *transformer->blocks[i];
    if (config.checkpoint_blocks && !cache) {
      x = checkpoint([&block](const std::vector<Tensor>& in) { return block.forward(in[0]); }, {x},
                     {generator_});
    } else {
      x = block.forward(x, cache, i);
    }
  }
  if (cache) cache->advance(t);
  return (*transformer->ln_f)(x);
}

// logits = logit_scale · h W_teᵀ (the tied output)
Tensor GPT::logits(const Tensor& hidden) {
  const Tensor out = (*lm_head)(hidden);
  return config.logit_scale == 1.0 ? out : out * config.logit_scale;
}

Tensor GPT::forward(const Tensor& ids) { return logits(hidden_states(ids)); }

Tensor GPT::forward(const Tensor& ids, KVCache& cache) {
  NoGradGuard no_grad;
  return logits(hidden_states(ids, &cache));
}

int64_t GPT::parameter_count(bool tied_output_twice) const {
  const bool tied = lm_head->weight.same_storage(transformer->wte->weight);
  return num_parameters() + (tied && tied_output_twice ? lm_head->weight.numel() : 0);
}

}  // namespace buildgpt::nn
