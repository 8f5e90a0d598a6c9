// The config.json of a Hugging Face GPT-2 folder written from a GPTConfig (read_hf_gpt2_config in
// nn/hf_gpt2.h reads one).
#pragma once

#include <nlohmann/json.hpp>

#include "nn/gpt_config.h"

namespace buildgpt::nn {

// GPT2Config's keys for `config`, in the alphabetical order save_pretrained writes them:
// model_type "gpt2", architectures ["GPT2LMHeadModel"], the sizes (n_positions and n_ctx both the
// context), activation_function ("gelu_new" for the tanh GELU, "gelu" for the exact one),
// layer_norm_epsilon, the dropout as resid_pdrop and embd_pdrop (attn_pdrop 0: this GPT has no
// dropout on attention probabilities), tie_word_embeddings, and GPT-2's token ids for the
// beginning and end of text when the vocabulary is GPT-2's. Throws std::invalid_argument when
// GPT-2's form cannot hold the config: no biases, or a logit scale other than 1.
nlohmann::ordered_json hf_gpt2_config_json(const GPTConfig& config);

}  // namespace buildgpt::nn
