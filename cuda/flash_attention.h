// The GPU's attention kernels (cuda/attention.cu), callable on CUDA tensors with the semantics of
// the seam's tiled attention: per batch-head b of q [B, Tq, d], k [B, cap, d], v [B, cap, dv],
// reading only the first spec.keys rows of k and v,
//   s[i, j] = spec.scale · q[i]·k[j] + mask[b or 0, i, j], or −∞ where spec.causal hides j from i
//   lse [B, Tq] = log Σ_j exp(s[i, j]);  out [B, Tq, dv] = Σ_j exp(s[i, j] − lse[i]) · v[j]
// with mask undefined or float32 [1 or B, Tq, keys]; a query that sees no key gets out = 0 and
// lse = −∞. The backward recomputes p = exp(s − lse) tile by tile:
//   dv = pᵀ dout;  ds = p ⊙ (dout vᵀ − rowsum(dout ⊙ out));  dq = scale · ds k;  dk = scale · dsᵀ q
// dq, dk, dv are undefined when not wanted; dk and dv rows from `keys` on are zero.
#pragma once

#include <cstdint>

#include "autograd/tensor.h"

namespace buildgpt::cuda {

enum class FlashCausal : uint8_t {
  None,        // every key
  UpperLeft,   // j <= i (PyTorch's is_causal)
  LowerRight,  // j <= i + keys - Tq (queries are the last Tq positions: a key-value cache)
};

struct FlashSpec {
  FlashCausal causal = FlashCausal::None;
  float scale = 1;
  int64_t keys = 0;
};

void flash_attention_forward(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask,
                             const FlashSpec& spec, Tensor& out, Tensor& lse);
void flash_attention_backward(const Tensor& dout, const Tensor& q, const Tensor& k, const Tensor& v,
                              const Tensor& mask, const Tensor& out, const Tensor& lse,
                              const FlashSpec& spec, Tensor& dq, Tensor& dk, Tensor& dv);

}  // namespace buildgpt::cuda
