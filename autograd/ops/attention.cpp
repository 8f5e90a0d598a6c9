// scaled_dot_product_attention: softmax(scale · q kᵀ [+ mask]) v per batch-head, one kernel
// forward and one back. The forward saves each query row's log-sum-exp, not the probabilities:
// the backward recomputes them tile by tile, so no Tq × Tk matrix is ever kept.
#include <cmath>
#include <limits>
#include <string>

#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/elementwise.h"
#include "autograd/ops/fused.h"
#include "autograd/ops/shape_ops.h"

namespace buildgpt {
namespace {

constexpr const char* kOp = "scaled_dot_product_attention";

// Sizes of q [..., Tq, d], k [..., Tk_cap, d], v [..., Tk_cap, dv] with batch dims [...] of bh
// elements, of which the first tk keys are used.
struct AttentionDims {
  Shape batch;
  int64_t bh, tq, tk, d, dv;
};

AttentionDims check_attention(const Tensor& q, const Tensor& k, const Tensor& v,
                              int64_t key_count) {
  check_float(kOp, q, "query");
  check_float(kOp, k, "key");
  check_float(kOp, v, "value");
  check_same_device(kOp, q, k);
  check_same_device(kOp, q, v);
  const std::string shapes = "query " + shape_str(q.shape()) + ", key " + shape_str(k.shape()) +
                             ", value " + shape_str(v.shape());
  if (q.dim() < 2 || k.dim() < 2 || v.dim() < 2) {
    fail(kOp, "query, key and value need [..., T, d] shapes, got " + shapes);
  }
  const Shape batch(q.shape().begin(), q.shape().end() - 2);
  if (Shape(k.shape().begin(), k.shape().end() - 2) != batch ||
      Shape(v.shape().begin(), v.shape().end() - 2) != batch) {
    fail(kOp, "batch dimensions differ: " + shapes);
  }
  if (k.size(-1) != q.size(-1)) fail(kOp, "query and key widths differ: " + shapes);
  if (v.size(-2) != k.size(-2)) fail(kOp, "key and value lengths differ: " + shapes);
  if (k.size(-2) == 0) fail(kOp, "needs at least one key: " + shapes);
  const int64_t tk = key_count < 0 ? k.size(-2) : key_count;
  if (tk < 1 || tk > k.size(-2)) {
    fail(kOp, "key_count " + std::to_string(key_count) + " is outside [1, " +
                  std::to_string(k.size(-2)) + "] for " + shapes);
  }
  return {batch, shape_numel(batch), q.size(-2), tk, q.size(-1), v.size(-1)};
}

Shape with_matrix(Shape batch, int64_t rows, int64_t cols) {
  batch.push_back(rows);
  batch.push_back(cols);
  return batch;
}

// t [..., T, w] as [bh, T, w].
Tensor stacked(const Tensor& t, int64_t bh) {
  return view(t.detach(), {bh, t.size(-2), t.size(-1)});
}

// The mask as the kernels take it: float32 [1 or bh, Tq, Tk], a boolean one turned into 0 where
// it is true and −∞ where it is false. A mask shared by every batch-head stays one matrix.
Tensor kernel_mask(const Tensor& mask, const Tensor& q, const AttentionDims& s) {
  if (!mask.defined()) return Tensor();
  if (mask.dtype() != kBool && mask.dtype() != kFloat32) {
    fail(kOp, std::string("the mask must be bool or float32, got ") + dtype_name(mask.dtype()));
  }
  check_same_device(kOp, q, mask);
  const Shape scores = with_matrix(s.batch, s.tq, s.tk);
  bool broadcasts = mask.dim() <= static_cast<int64_t>(scores.size());
  for (int64_t i = 1; broadcasts && i <= mask.dim(); ++i) {
    const int64_t m = mask.size(-i), t = scores[scores.size() - i];
    broadcasts = m == 1 || m == t;
  }
  if (!broadcasts) {
    fail(kOp, "the mask " + shape_str(mask.shape()) + " does not broadcast to the scores " +
                  shape_str(scores));
  }
  NoGradGuard no_grad;
  Tensor m = mask.detach();
  if (m.dtype() == kBool) {
    m = masked_fill(zeros(m.shape(), kFloat32, m.device()), logical_not(m),
                    -std::numeric_limits<double>::infinity());
  }
  const int64_t rows = m.dim() >= 2 ? m.size(-2) : 1, cols = m.dim() >= 1 ? m.size(-1) : 1;
  const bool shared = m.numel() == rows * cols;
  if (shared) m = view(m, {rows, cols});
  const Shape target = shared ? Shape{s.tq, s.tk} : scores;
  if (m.shape() != target) m = expand(m, target);
  return view(m, {shared ? 1 : s.bh, s.tq, s.tk});
}

}  // namespace

Tensor scaled_dot_product_attention(const Tensor& q, const Tensor& k, const Tensor& v,
                                    const AttentionOptions& options) {
  const AttentionDims s = check_attention(q, k, v, options.key_count);
  const Tensor mask = kernel_mask(options.mask, q, s);
  const double scale = options.scale != 0 ? options.scale : 1 / std::sqrt(static_cast<double>(s.d));
  const AttentionSpec spec{options.causal, static_cast<float>(scale), s.tk};
  const Device device = q.device();
  Tensor out = empty(with_matrix(s.batch, s.tq, s.dv), kFloat32, device);
  Tensor lse = empty({s.bh, s.tq}, kFloat32, device);
  Tensor out3 = view(out, {s.bh, s.tq, s.dv});
  kernels_for(out).attention(stacked(q, s.bh), stacked(k, s.bh), stacked(v, s.bh), mask, spec, out3,
                             lse);
  // dV = Pᵀ dO; dS = P ⊙ (dO Vᵀ − rowsum(dO ⊙ O)); dQ = scale dS K; dK = scale dSᵀ Q
  return record(kOp, out, {q, k, v},
                [q = q.detach(), k = k.detach(), v = v.detach(), mask, out = out3.detach(), lse,
                 spec, s](const Tensor& g, const NeedsGrad& need) -> Grads {
                  const Device device = q.device();
                  Tensor dq = need[0] ? empty(q.shape(), kFloat32, device) : Tensor();
                  Tensor dk = need[1] ? empty(k.shape(), kFloat32, device) : Tensor();
                  Tensor dv = need[2] ? empty(v.shape(), kFloat32, device) : Tensor();
                  auto as3 = [&](const Tensor& t) { return t.defined() ? stacked(t, s.bh) : t; };
                  Tensor dq3 = as3(dq), dk3 = as3(dk), dv3 = as3(dv);
                  kernels_for(g).attention_backward(stacked(g, s.bh), stacked(q, s.bh),
                                                    stacked(k, s.bh), stacked(v, s.bh), mask, out,
                                                    lse, spec, dq3, dk3, dv3);
                  return {dq, dk, dv};
                });
}

Tensor scaled_dot_product_attention(const Tensor& q, const Tensor& k, const Tensor& v,
                                    bool is_causal) {
  AttentionOptions options;
  options.causal = is_causal ? CausalMask::UpperLeft : CausalMask::None;
  return scaled_dot_product_attention(q, k, v, options);
}

Tensor multi_head_attention(const Tensor& qkv, int64_t heads, bool is_causal) {
  constexpr const char* op = "multi_head_attention";
  check_float(op, qkv, "qkv");
  if (heads <= 0 || qkv.dim() != 3 || qkv.size(1) == 0 || qkv.size(2) % (3 * heads) != 0) {
    fail(op, "qkv must be [B, T, 3·C] with T > 0 and C divisible by the " + std::to_string(heads) +
                 " heads, got " + shape_str(qkv.shape()));
  }
  const int64_t b = qkv.size(0), t = qkv.size(1), c = qkv.size(2) / 3;
  const AttentionSpec spec{is_causal ? CausalMask::UpperLeft : CausalMask::None,
                           static_cast<float>(1 / std::sqrt(static_cast<double>(c / heads))), t};
  Tensor out = empty({b, t, c}, kFloat32, qkv.device());
  Tensor lse = empty({b * heads, t}, kFloat32, qkv.device());
  kernels_for(out).packed_attention(qkv, heads, spec, out, lse);
  // per head, as scaled_dot_product_attention: dV = Pᵀ dO; dS = P ⊙ (dO Vᵀ − rowsum(dO ⊙ O));
  // dQ = scale dS K; dK = scale dSᵀ Q, each written into its place in dqkv
  return record(op, out, {qkv},
                [qkv = qkv.detach(), out = out.detach(), lse, heads, spec](
                    const Tensor& g, const NeedsGrad&) -> Grads {
                  Tensor dqkv = empty(qkv.shape(), kFloat32, qkv.device());
                  kernels_for(g).packed_attention_backward(g, qkv, heads, out, lse, spec, dqkv);
                  return {dqkv};
                });
}

}  // namespace buildgpt
