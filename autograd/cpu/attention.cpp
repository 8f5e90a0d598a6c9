// scaled_dot_product_attention kernels of the CPU: per batch-head, scores by one matrix product,
// a masked softmax row by row, and the weighted sum of values; the probabilities are kept for the
// backward.
#include <algorithm>
#include <cmath>
#include <vector>

#include "autograd/cpu/blas.h"
#include "autograd/cpu/cpu_backend.h"
#include "autograd/cpu/softmax_rows.h"

namespace buildgpt::cpu {

void CpuBackend::attention(const Tensor& q, const Tensor& k, const Tensor& v, bool causal,
                           Tensor& probs, Tensor& out) {
  const int64_t bh = q.size(0), tq = q.size(1), d = q.size(2), tk = k.size(1), dv = v.size(2);
  const float scale = 1 / std::sqrt(static_cast<float>(d));
  const float *pq = ptr<float>(q), *pk = ptr<float>(k), *pv = ptr<float>(v);
  float *pp = ptr<float>(probs), *po = ptr<float>(out);
  parallel_for(bh, grain_for(tq * tk * (d + dv)), [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end; ++b) {
      float* p = pp + b * tq * tk;
      sgemm(false, true, tq, tk, d, scale, pq + b * tq * d, d, pk + b * tk * d, d, 0, p, tk);
      for (int64_t i = 0; i < tq; ++i) {
        // Causal: query i sees keys 0..i (the mask's top-left corner when Tq != Tk).
        const int64_t seen = causal ? std::min(i + 1, tk) : tk;
        float* row = p + i * tk;
        softmax_row(row, row, seen, Contiguous{});
        std::fill(row + seen, row + tk, 0.0f);
      }
      sgemm(false, false, tq, dv, tk, 1, p, tk, pv + b * tk * dv, dv, 0, po + b * tq * dv, dv);
    }
  });
}

// dV = Pᵀ dO; dS = P ⊙ (dO Vᵀ − rowsum(dO Vᵀ ⊙ P)); dQ = dS K / √d; dK = dSᵀ Q / √d
void CpuBackend::attention_backward(const Tensor& dout, const Tensor& q, const Tensor& k,
                                    const Tensor& v, const Tensor& probs, Tensor& dq, Tensor& dk,
                                    Tensor& dv) {
  const int64_t bh = q.size(0), tq = q.size(1), d = q.size(2), tk = k.size(1), dvw = v.size(2);
  const float scale = 1 / std::sqrt(static_cast<float>(d));
  const bool need_q = dq.defined(), need_k = dk.defined(), need_v = dv.defined();
  const float *pq = ptr<float>(q), *pk = ptr<float>(k), *pv = ptr<float>(v);
  const float *pp = ptr<float>(probs), *pg = ptr<float>(dout);
  parallel_for(bh, grain_for(tq * tk * (d + dvw)), [&](int64_t begin, int64_t end) {
    const bool need_scores = need_q || need_k;
    std::vector<float> ds(need_scores ? tq * tk : 0);
    for (int64_t b = begin; b < end; ++b) {
      const float *p = pp + b * tq * tk, *go = pg + b * tq * dvw;
      if (need_v)
        sgemm(true, false, tk, dvw, tq, 1, p, tk, go, dvw, 0, ptr<float>(dv) + b * tk * dvw, dvw);
      if (!need_scores) continue;  // (with no queries ds is empty and dk comes out zero)
      sgemm(false, true, tq, tk, dvw, 1, go, dvw, pv + b * tk * dvw, dvw, 0, ds.data(), tk);
      for (int64_t i = 0; i < tq; ++i) {
        softmax_backward_row(p + i * tk, ds.data() + i * tk, ds.data() + i * tk, tk, Contiguous{});
      }
      if (need_q) {
        sgemm(false, false, tq, d, tk, scale, ds.data(), tk, pk + b * tk * d, d, 0,
              ptr<float>(dq) + b * tq * d, d);
      }
      if (need_k) {
        sgemm(true, false, tk, d, tq, scale, ds.data(), tk, pq + b * tq * d, d, 0,
              ptr<float>(dk) + b * tk * d, d);
      }
    }
  });
}

}  // namespace buildgpt::cpu
