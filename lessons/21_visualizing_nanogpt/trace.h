// Every intermediate of one forward pass of a GPT on one sequence, from the token ids to the
// logits and the token drawn from them: what the lesson's heat maps and its page show.
#pragma once

#include <cstdint>
#include <vector>

#include "autograd/autograd.h"
#include "nn/nn.h"

namespace buildgpt::lessons {

// One head of one block; T tokens, head width d.
struct HeadTrace {
  Tensor q, k, v;  // [T, d]: the head's columns of c_attn's output
  Tensor weights;  // [T, T]: softmax(q kᵀ / √d) with the future masked, each row summing to 1
  Tensor output;   // [T, d]: weights · v
};

// One block; C the width. Each tensor is [T, C] unless said otherwise.
struct BlockTrace {
  Tensor ln_1;  // ln_1(x), x the block's input
  std::vector<HeadTrace> heads;
  Tensor attention;             // attn.c_proj of the heads side by side
  Tensor after_attention;       // x + attention: the residual stream halfway
  Tensor ln_2;                  // ln_2(after_attention)
  Tensor mlp_hidden, mlp_gelu;  // [T, 4C]: mlp.c_fc's output, and after GELU
  Tensor mlp;                   // mlp.c_proj's output
  Tensor output;                // after_attention + mlp: the block's output
};

struct GptTrace {
  std::vector<int64_t> ids;                    // the T tokens
  Tensor token_embedding, position_embedding;  // [T, C]: wte's rows for the ids, wpe's first T
  Tensor embedding;                            // their sum: the residual stream's start
  std::vector<BlockTrace> blocks;
  Tensor ln_f;                   // [T, C]
  Tensor logits, probabilities;  // [T, V]
  int64_t sampled = 0;           // drawn from the last position's probabilities
};

// Runs `model` (in evaluation mode, without a graph) on `ids` through its own modules, keeping
// every intermediate; the heads' q, k, v, weights and outputs are recomputed beside the fused
// attention, which never returns them. The next token is drawn from `gen`.
GptTrace trace_gpt(nn::GPT& model, const std::vector<int64_t>& ids, Generator& gen);

}  // namespace buildgpt::lessons
