// scaled_dot_product_attention kernels of the CPU, in tiles: a block of query rows meets the keys
// one tile at a time (scores by one small matrix product), with a running softmax that rescales
// what it has summed whenever a row's maximum grows. Only each row's log-sum-exp is kept; the
// backward recomputes the probabilities tile by tile. Memory per thread is two tiles of scores,
// never a Tq × Tk matrix. Causal tiles wholly above the diagonal are skipped.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "autograd/cpu/blas.h"
#include "autograd/cpu/cpu_backend.h"
#include "autograd/cpu/parallel.h"
#include "autograd/cpu/vector_exp.h"

namespace buildgpt::cpu {
namespace {

constexpr int64_t kQueryTile = 64, kKeyTile = 128;
constexpr float kMinusInf = -std::numeric_limits<float>::infinity();

// One batch-head's view of the operands and the mask, and how many keys each query sees.
struct Operands {
  const float *q, *k, *v, *mask;  // mask: null or this batch-head's [Tq, Tk]
  int64_t tq, tk, d, dv;
  AttentionSpec spec;

  Operands(const Tensor& q_, const Tensor& k_, const Tensor& v_, const Tensor& mask_,
           const AttentionSpec& s, int64_t b)
      : q(ptr<float>(q_) + b * q_.size(1) * q_.size(2)),
        k(ptr<float>(k_) + b * k_.size(1) * k_.size(2)),
        v(ptr<float>(v_) + b * v_.size(1) * v_.size(2)),
        mask(mask_.defined()
                 ? ptr<float>(mask_) + (mask_.size(0) == 1 ? 0 : b) * q_.size(1) * s.keys
                 : nullptr),
        tq(q_.size(1)),
        tk(s.keys),
        d(q_.size(2)),
        dv(v_.size(2)),
        spec(s) {}

  // Query i sees keys [0, seen(i)).
  int64_t seen(int64_t i) const {
    switch (spec.causal) {
      case CausalMask::UpperLeft:
        return std::clamp<int64_t>(i + 1, 0, tk);
      case CausalMask::LowerRight:
        return std::clamp<int64_t>(i + 1 + tk - tq, 0, tk);
      case CausalMask::None:
        break;
    }
    return tk;
  }
  // The first query that sees key j.
  int64_t first_query(int64_t j) const {
    switch (spec.causal) {
      case CausalMask::UpperLeft:
        return j;
      case CausalMask::LowerRight:
        return std::max<int64_t>(0, j - (tk - tq));
      case CausalMask::None:
        break;
    }
    return 0;
  }

  // s [m, n] = scale · q[i0..] k[j0..]ᵀ + mask, −∞ where the causal mask hides a key.
  void scores(int64_t i0, int64_t m, int64_t j0, int64_t n, float* s) const {
    sgemm(false, true, m, n, d, spec.scale, q + i0 * d, d, k + j0 * d, d, 0, s, n);
    for (int64_t r = 0; r < m; ++r) {
      float* row = s + r * n;
      if (mask != nullptr) {
        const float* add = mask + (i0 + r) * tk + j0;
#pragma omp simd
        for (int64_t c = 0; c < n; ++c) row[c] += add[c];
      }
      const int64_t visible = std::clamp<int64_t>(seen(i0 + r) - j0, 0, n);
      std::fill(row + visible, row + n, kMinusInf);
    }
  }
};

// row[j] = exp(row[j] - shift) in place, for shift >= every row[j] (−∞ gives 0); returns their
// sum. A float sum (over one tile, at most kKeyTile terms, each at most 1) vectorises where a
// double one does not; the caller adds the tiles' sums in double.
BUILDGPT_VECTOR_CLONES float exp_shifted(float* row, int64_t n, float shift) {
  float sum = 0;
#pragma omp simd reduction(+ : sum)
  for (int64_t j = 0; j < n; ++j) {
    row[j] = exp_nonpositive(row[j] - shift);
    sum += row[j];
  }
  return sum;
}

float row_max(const float* row, int64_t n) {
  float m = kMinusInf;
#pragma omp simd reduction(max : m)
  for (int64_t j = 0; j < n; ++j) m = row[j] > m ? row[j] : m;
  return m;
}

void scale_row(float* row, int64_t n, float factor) {
#pragma omp simd
  for (int64_t j = 0; j < n; ++j) row[j] *= factor;
}

// One tile of query rows [i0, i0 + m) of one batch-head, against every key it sees:
// out rows and lse entries written.
void forward_tile(const Operands& a, int64_t i0, int64_t m, float* out, float* lse, float* s) {
  float maxes[kQueryTile];
  double sums[kQueryTile];
  std::fill_n(maxes, m, kMinusInf);
  std::fill_n(sums, m, 0.0);
  std::fill_n(out, m * a.dv, 0.0f);
  const int64_t keys = a.seen(i0 + m - 1);  // the last row sees the most
  for (int64_t j0 = 0; j0 < keys; j0 += kKeyTile) {
    const int64_t n = std::min(kKeyTile, keys - j0);
    a.scores(i0, m, j0, n, s);
    // Running softmax: with the new maximum M' of a row, earlier terms are worth exp(M − M').
    for (int64_t r = 0; r < m; ++r) {
      float* row = s + r * n;
      const float grown = std::max(maxes[r], row_max(row, n));
      if (grown == kMinusInf) {  // nothing seen yet in this row
        std::fill_n(row, n, 0.0f);
        continue;
      }
      if (grown != maxes[r]) {
        const float correction = std::exp(maxes[r] - grown);
        sums[r] *= correction;
        scale_row(out + r * a.dv, a.dv, correction);
        maxes[r] = grown;
      }
      sums[r] += exp_shifted(row, n, grown);
    }
    sgemm(false, false, m, a.dv, n, 1, s, n, a.v + j0 * a.dv, a.dv, 1, out, a.dv);
  }
  for (int64_t r = 0; r < m; ++r) {
    if (sums[r] == 0) {  // a query that sees no key: zeros, and lse −∞
      lse[r] = kMinusInf;
      continue;
    }
    scale_row(out + r * a.dv, a.dv, static_cast<float>(1 / sums[r]));
    lse[r] = maxes[r] + static_cast<float>(std::log(sums[r]));
  }
}

}  // namespace

void CpuBackend::attention(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask,
                           const AttentionSpec& spec, Tensor& out, Tensor& lse) {
  const int64_t bh = q.size(0), tq = q.size(1), dv = v.size(2);
  const int64_t tiles = (tq + kQueryTile - 1) / kQueryTile;
  float *po = ptr<float>(out), *pl = ptr<float>(lse);
  const int64_t cost = std::min(kQueryTile, tq) * spec.keys * (q.size(2) + dv);
  parallel_for(bh * tiles, grain_for(cost), [&](int64_t begin, int64_t end) {
    std::vector<float> s(kQueryTile * kKeyTile);
    for (int64_t item = begin; item < end; ++item) {
      const int64_t b = item / tiles, i0 = item % tiles * kQueryTile;
      const Operands a(q, k, v, mask, spec, b);
      forward_tile(a, i0, std::min(kQueryTile, tq - i0), po + (b * tq + i0) * dv, pl + b * tq + i0,
                   s.data());
    }
  });
}

// Per tile: P = exp(S − lse); dV += Pᵀ dO; dS = P ⊙ (dO Vᵀ − D), D = rowsum(dO ⊙ O);
// dQ += scale dS K; dK += scale dSᵀ Q
void CpuBackend::attention_backward(const Tensor& dout, const Tensor& q, const Tensor& k,
                                    const Tensor& v, const Tensor& mask, const Tensor& out,
                                    const Tensor& lse, const AttentionSpec& spec, Tensor& dq,
                                    Tensor& dk, Tensor& dv) {
  const int64_t bh = q.size(0), tq = q.size(1), d = q.size(2), cap = k.size(1), dvw = v.size(2);
  const bool need_q = dq.defined(), need_k = dk.defined(), need_v = dv.defined();
  const bool need_scores = need_q || need_k;
  const float *pg = ptr<float>(dout), *po = ptr<float>(out), *pl = ptr<float>(lse);
  parallel_for(bh, grain_for(tq * spec.keys * (d + dvw)), [&](int64_t begin, int64_t end) {
    std::vector<float> p(kQueryTile * kKeyTile), ds(kQueryTile * kKeyTile), dots(tq);
    for (int64_t b = begin; b < end; ++b) {
      const Operands a(q, k, v, mask, spec, b);
      const float *go = pg + b * tq * dvw, *ob = po + b * tq * dvw, *lb = pl + b * tq;
      float* gq = need_q ? ptr<float>(dq) + b * tq * d : nullptr;
      float* gk = need_k ? ptr<float>(dk) + b * cap * d : nullptr;
      float* gv = need_v ? ptr<float>(dv) + b * cap * dvw : nullptr;
      if (gq) std::fill_n(gq, tq * d, 0.0f);
      if (gk) std::fill_n(gk, cap * d, 0.0f);
      if (gv) std::fill_n(gv, cap * dvw, 0.0f);
      for (int64_t i = 0; i < tq; ++i) {  // D_i = dO_i · O_i
        double dot = 0;
#pragma omp simd reduction(+ : dot)
        for (int64_t c = 0; c < dvw; ++c) dot += go[i * dvw + c] * ob[i * dvw + c];
        dots[i] = static_cast<float>(dot);
      }
      const int64_t keys = tq == 0 ? 0 : a.seen(tq - 1);
      for (int64_t j0 = 0; j0 < keys; j0 += kKeyTile) {
        const int64_t n = std::min(kKeyTile, keys - j0);
        for (int64_t i0 = a.first_query(j0) / kQueryTile * kQueryTile; i0 < tq; i0 += kQueryTile) {
          const int64_t m = std::min(kQueryTile, tq - i0);
          a.scores(i0, m, j0, n, p.data());
          for (int64_t r = 0; r < m; ++r) {
            float* row = p.data() + r * n;
            if (lb[i0 + r] == kMinusInf) {
              std::fill_n(row, n, 0.0f);
            } else {
              exp_shifted(row, n, lb[i0 + r]);
            }
          }
          if (gv) {
            sgemm(true, false, n, dvw, m, 1, p.data(), n, go + i0 * dvw, dvw, 1, gv + j0 * dvw,
                  dvw);
          }
          if (!need_scores) continue;
          sgemm(false, true, m, n, dvw, 1, go + i0 * dvw, dvw, a.v + j0 * dvw, dvw, 0, ds.data(),
                n);
          for (int64_t r = 0; r < m; ++r) {
            const float* pr = p.data() + r * n;
            float* dr = ds.data() + r * n;
            const float dot = dots[i0 + r];
#pragma omp simd
            for (int64_t c = 0; c < n; ++c) dr[c] = pr[c] * (dr[c] - dot);
          }
          if (gq)
            sgemm(false, false, m, d, n, spec.scale, ds.data(), n, a.k + j0 * d, d, 1, gq + i0 * d,
                  d);
          if (gk)
            sgemm(true, false, n, d, m, spec.scale, ds.data(), n, a.q + i0 * d, d, 1, gk + j0 * d,
                  d);
        }
      }
    }
  });
}

}  // namespace buildgpt::cpu
