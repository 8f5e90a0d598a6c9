// scaled_dot_product_attention: softmax(q kᵀ / √d [+ causal mask]) v per batch-head, one kernel
// forward and one back; the probabilities are saved for the backward.
#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/fused.h"
#include "autograd/ops/shape_ops.h"

namespace buildgpt {
namespace {

constexpr const char* kOp = "scaled_dot_product_attention";

// Sizes of q [..., Tq, d], k [..., Tk, d], v [..., Tk, dv] with batch dims [...] of bh elements.
struct AttentionDims {
  Shape batch;
  int64_t bh, tq, tk, d, dv;
};

AttentionDims check_attention(const Tensor& q, const Tensor& k, const Tensor& v) {
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
  return {batch, shape_numel(batch), q.size(-2), k.size(-2), q.size(-1), v.size(-1)};
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

}  // namespace

Tensor scaled_dot_product_attention(const Tensor& q, const Tensor& k, const Tensor& v,
                                    bool is_causal) {
  const AttentionDims s = check_attention(q, k, v);
  const Device device = q.device();
  Tensor probs = empty({s.bh, s.tq, s.tk}, kFloat32, device);
  Tensor out = empty(with_matrix(s.batch, s.tq, s.dv), kFloat32, device);
  Tensor out3 = view(out, {s.bh, s.tq, s.dv});
  kernels_for(out).attention(stacked(q, s.bh), stacked(k, s.bh), stacked(v, s.bh), is_causal, probs,
                             out3);
  // dV = Pᵀ dO; dS = P ⊙ (dO Vᵀ − rowsum(dO Vᵀ ⊙ P)); dQ = dS K / √d; dK = dSᵀ Q / √d
  return record(kOp, out, {q, k, v},
                [q = q.detach(), k = k.detach(), v = v.detach(), probs, s](
                    const Tensor& g, const NeedsGrad& need) -> Grads {
                  const Device device = q.device();
                  Tensor dq = need[0] ? empty(q.shape(), kFloat32, device) : Tensor();
                  Tensor dk = need[1] ? empty(k.shape(), kFloat32, device) : Tensor();
                  Tensor dv = need[2] ? empty(v.shape(), kFloat32, device) : Tensor();
                  auto as3 = [&](const Tensor& t) { return t.defined() ? stacked(t, s.bh) : t; };
                  Tensor dq3 = as3(dq), dk3 = as3(dk), dv3 = as3(dv);
                  kernels_for(g).attention_backward(stacked(g, s.bh), stacked(q, s.bh),
                                                    stacked(k, s.bh), stacked(v, s.bh), probs, dq3,
                                                    dk3, dv3);
                  return {dq, dk, dv};
                });
}

}  // namespace buildgpt
