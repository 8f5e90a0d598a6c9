#include "multihead_attention.h"

#include <cstdio>
#include <stdexcept>
#include <string>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

namespace {

std::shared_ptr<nn::Linear> square(int64_t c, Generator* gen) {
  return std::make_shared<nn::Linear>(c, c, /*bias=*/false, gen);
}

int64_t checked_head_dim(int64_t num_heads, int64_t embed_dim) {
  if (num_heads <= 0 || embed_dim % num_heads != 0) {
    throw std::invalid_argument("MultiHeadAttention: embed_dim " + std::to_string(embed_dim) +
                                " is not a multiple of num_heads " + std::to_string(num_heads));
  }
  return embed_dim / num_heads;
}

void show(bool on, int stage, const char* what, const Tensor& t) {
  if (on) std::printf("%d) %28s %s\n", stage, what, shape_str(t.shape()).c_str());
}

}  // namespace

MultiHeadAttention::MultiHeadAttention(int64_t num_heads, int64_t embed_dim, Generator* gen)
    : nn::Module("MultiHeadAttention"),
      num_heads(num_heads),
      head_dim(checked_head_dim(num_heads, embed_dim)),
      query(register_module("query", square(embed_dim, gen))),
      key(register_module("key", square(embed_dim, gen))),
      value(register_module("value", square(embed_dim, gen))),
      W0(register_module("W0", square(embed_dim, gen))) {}

Tensor MultiHeadAttention::run(const Tensor& x, bool track_sizes) {
  const int64_t B = x.size(0), T = x.size(1), E = x.size(2);
  show(track_sizes, 1, "Input data shape:", x);

  // All the heads' queries, keys and values still in one matrix each: [B, T, E].
  Tensor q = (*query)(x), k = (*key)(x), v = (*value)(x);
  show(track_sizes, 2, "q/k/v pre-split shape:", q);

  // Split E into heads, then bring the heads before the tokens: [B, num_heads, T, head_dim].
  q = q.view({B, T, num_heads, head_dim}).transpose(1, 2);
  k = k.view({B, T, num_heads, head_dim}).transpose(1, 2);
  v = v.view({B, T, num_heads, head_dim}).transpose(1, 2);
  show(track_sizes, 3, "q/k/v post-split shape:", q);

  Tensor out = scaled_dot_product_attention(q, k, v, /*is_causal=*/true);
  show(track_sizes, 4, "Data post-attention shape:", out);

  out = out.transpose(1, 2);  // back to [B, T, num_heads, head_dim]
  show(track_sizes, 5, "Post-attention data reshape:", out);

  out = out.reshape({B, T, E});  // the heads side by side again
  show(track_sizes, 6, "Data merged to size:", out);

  out = (*W0)(out);  // mixes the heads
  show(track_sizes, 7, "Post-MHA W0 linear mixing:", out);
  return out;
}

}  // namespace buildgpt::lessons
