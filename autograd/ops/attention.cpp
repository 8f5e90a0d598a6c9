// scaled_dot_product_attention: per batch-head, scores by one matrix product, a masked softmax
// row by row, and the weighted sum of values; the probabilities are saved for the backward.
#include <algorithm>
#include <cmath>
#include <vector>

#include "autograd/cpu/blas.h"
#include "autograd/cpu/softmax_rows.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/nn.h"

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
  check_cpu(kOp, q);
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

// Gradients of q, k and v (those wanted) from dO, the saved inputs and probabilities P.
Grads attention_backward(const Tensor& g, const Tensor& q, const Tensor& k, const Tensor& v,
                         const Tensor& probs, const AttentionDims& s, const NeedsGrad& need) {
  const float scale = 1 / std::sqrt(static_cast<float>(s.d));
  Tensor dq = need[0] ? empty(q.shape()) : Tensor(), dk = need[1] ? empty(k.shape()) : Tensor();
  Tensor dv = need[2] ? empty(v.shape()) : Tensor();
  const float *pq = q.data<float>(), *pk = k.data<float>(), *pv = v.data<float>();
  const float *pp = probs.data<float>(), *pg = g.data<float>();
  const int64_t tq = s.tq, tk = s.tk, d = s.d, dvw = s.dv;
  cpu::parallel_for(s.bh, cpu::grain_for(s.tq * s.tk * (s.d + s.dv)),
                    [&](int64_t begin, int64_t end) {
                      std::vector<float> ds(need[0] || need[1] ? tq * tk : 0);
                      for (int64_t b = begin; b < end; ++b) {
                        const float *p = pp + b * tq * tk, *go = pg + b * tq * dvw;
                        if (need[2]) {
                          cpu::sgemm(true, false, tk, dvw, tq, 1, p, tk, go, dvw, 0,
                                     dv.data<float>() + b * tk * dvw, dvw);
                        }
                        if (ds.empty()) continue;
                        cpu::sgemm(false, true, tq, tk, dvw, 1, go, dvw, pv + b * tk * dvw, dvw, 0,
                                   ds.data(), tk);
                        for (int64_t i = 0; i < tq; ++i) {
                          cpu::softmax_backward_row(p + i * tk, ds.data() + i * tk,
                                                    ds.data() + i * tk, tk, cpu::Contiguous{});
                        }
                        if (need[0]) {
                          cpu::sgemm(false, false, tq, d, tk, scale, ds.data(), tk, pk + b * tk * d,
                                     d, 0, dq.data<float>() + b * tq * d, d);
                        }
                        if (need[1]) {
                          cpu::sgemm(true, false, tk, d, tq, scale, ds.data(), tk, pq + b * tq * d,
                                     d, 0, dk.data<float>() + b * tk * d, d);
                        }
                      }
                    });
  return {dq, dk, dv};
}

}  // namespace

Tensor scaled_dot_product_attention(const Tensor& q, const Tensor& k, const Tensor& v,
                                    bool is_causal) {
  const AttentionDims s = check_attention(q, k, v);
  const float scale = 1 / std::sqrt(static_cast<float>(s.d));
  Tensor probs = empty(with_matrix(s.batch, s.tq, s.tk));
  Tensor out = empty(with_matrix(s.batch, s.tq, s.dv));
  const float *pq = q.data<float>(), *pk = k.data<float>(), *pv = v.data<float>();
  float *pp = probs.data<float>(), *po = out.data<float>();
  const int64_t tq = s.tq, tk = s.tk, d = s.d, dv = s.dv;
  cpu::parallel_for(s.bh, cpu::grain_for(s.tq * s.tk * (s.d + s.dv)),
                    [&](int64_t begin, int64_t end) {
                      for (int64_t b = begin; b < end; ++b) {
                        float* p = pp + b * tq * tk;
                        cpu::sgemm(false, true, tq, tk, d, scale, pq + b * tq * d, d,
                                   pk + b * tk * d, d, 0, p, tk);
                        for (int64_t i = 0; i < tq; ++i) {
                          // Causal: query i sees keys 0..i (the mask's top-left corner when Tq !=
                          // Tk).
                          const int64_t seen = is_causal ? std::min(i + 1, tk) : tk;
                          float* row = p + i * tk;
                          cpu::softmax_row(row, row, seen, cpu::Contiguous{});
                          std::fill(row + seen, row + tk, 0.0f);
                        }
                        cpu::sgemm(false, false, tq, dv, tk, 1, p, tk, pv + b * tk * dv, dv, 0,
                                   po + b * tq * dv, dv);
                      }
                    });
  // dV = Pᵀ dO; dS = P ⊙ (dO Vᵀ − rowsum(dO Vᵀ ⊙ P)); dQ = dS K / √d; dK = dSᵀ Q / √d
  return record(kOp, out, {q, k, v},
                [q = q.detach(), k = k.detach(), v = v.detach(), probs, s](
                    const Tensor& g, const NeedsGrad& need) -> Grads {
                  return attention_backward(g, q, k, v, probs, s, need);
                });
}

}  // namespace buildgpt
