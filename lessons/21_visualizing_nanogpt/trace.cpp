#include "trace.h"

#include "lessons/common/attention_map.h"

namespace buildgpt::lessons {
namespace {

// The heads of c_attn's output qkv [T, 3C]: head h's queries are columns h·d .. h·d + d − 1 of the
// first C, its keys of the next C, its values of the last C.
std::vector<HeadTrace> trace_heads(const Tensor& qkv, int64_t heads) {
  const int64_t C = qkv.size(1) / 3, d = C / heads;
  std::vector<HeadTrace> out;
  for (int64_t h = 0; h < heads; ++h) {
    HeadTrace head;
    head.q = qkv.narrow(1, h * d, d).contiguous();
    head.k = qkv.narrow(1, C + h * d, d).contiguous();
    head.v = qkv.narrow(1, 2 * C + h * d, d).contiguous();
    head.weights = causal_attention_weights(head.q, head.k);
    head.output = head.weights.matmul(head.v);
    out.push_back(head);
  }
  return out;
}

// Traces `block` on x [1, T, C] into t; returns the block's output [1, T, C], the next input.
Tensor trace_block(nn::Block& block, const Tensor& x, GeluApproximation gelu_form, BlockTrace& t) {
  const Tensor ln_1 = (*block.ln_1)(x);
  const Tensor attention = (*block.attn)(ln_1);
  const Tensor after_attention = x + attention;
  const Tensor ln_2 = (*block.ln_2)(after_attention);
  const Tensor mlp = (*block.mlp)(ln_2);
  const Tensor output = after_attention + mlp;  // what Block::forward computes
  t.ln_1 = ln_1.select(0, 0);
  t.heads = trace_heads((*block.attn->c_attn)(t.ln_1), block.attn->heads);
  t.attention = attention.select(0, 0);
  t.after_attention = after_attention.select(0, 0);
  t.ln_2 = ln_2.select(0, 0);
  t.mlp_hidden = (*block.mlp->c_fc)(t.ln_2);
  t.mlp_gelu = gelu(t.mlp_hidden, gelu_form);
  t.mlp = mlp.select(0, 0);
  t.output = output.select(0, 0);
  return output;
}

}  // namespace

GptTrace trace_gpt(nn::GPT& model, const std::vector<int64_t>& ids, Generator& gen) {
  NoGradGuard no_grad;
  model.eval();
  const nn::GPTTransformer& body = *model.transformer;
  const auto T = static_cast<int64_t>(ids.size());
  const Tensor batch = from_vector(ids, {1, T});
  GptTrace t;
  t.ids = ids;
  const Tensor tokens = (*body.wte)(batch), positions = (*body.wpe)(arange(0, T, 1, kInt64));
  Tensor x = tokens + positions;
  t.token_embedding = tokens.select(0, 0);
  t.position_embedding = positions;
  t.embedding = x.select(0, 0);
  for (const auto& block : body.blocks) {
    x = trace_block(*block, x, model.config.gelu, t.blocks.emplace_back());
  }
  const Tensor ln_f = (*body.ln_f)(x);
  t.ln_f = ln_f.select(0, 0);
  t.logits = model.logits(ln_f).select(0, 0);
  t.probabilities = softmax(t.logits, -1);
  t.sampled = nn::sample_next(t.logits.select(0, T - 1), {}, &gen).item<int64_t>();
  return t;
}

}  // namespace buildgpt::lessons
