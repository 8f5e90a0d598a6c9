// scaled_dot_product_attention kernels of the CPU, in tiles: a block of query rows meets the keys
// one tile at a time (scores by one small matrix product), with a running softmax that rescales
// what it has summed whenever a row's maximum grows. Only each row's log-sum-exp is kept; the
// backward recomputes the probabilities tile by tile. Memory per thread is two tiles of scores,
// never a Tq × Tk matrix. Causal tiles wholly above the diagonal are skipped. The operands are
// read through row strides, so the heads of a packed projection are used where they lie.
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

// Where the rows of one operand of batch-head b start, and how far apart they are: a
// [B·H, T, w] tensor (heads = 1, rows w apart), or head h of a packed [B, T, ·] projection
// (its columns from h·w on, rows a whole projection row apart).
struct Rows {
  float* data;
  int64_t heads, batch_stride, head_stride, ld;
  float* at(int64_t b) const { return data + b / heads * batch_stride + b % heads * head_stride; }
};

// A [B·H, T, w] tensor's rows.
Rows stacked_rows(const Tensor& t) {
  return {ptr<float>(t), 1, t.size(1) * t.size(2), 0, t.size(2)};
}

// Head h's share of columns [offset + h·w, offset + (h + 1)·w) of a packed [B, T, width] tensor.
Rows packed_rows(const Tensor& t, int64_t heads, int64_t w, int64_t offset) {
  const int64_t width = t.size(2);
  return {ptr<float>(t) + offset, heads, t.size(1) * width, w, width};
}

// The whole problem: the operands' rows, their sizes, and the mask (null or [1 or B·H, Tq, Tk]).
struct Problem {
  Rows q, k, v;
  const float* mask;
  bool shared_mask;
  int64_t tq, d, dv;
  AttentionSpec spec;
};

// One batch-head's view of the operands and the mask, and how many keys each query sees.
struct Operands {
  const float *q, *k, *v, *mask;  // mask: null or this batch-head's [Tq, Tk]
  int64_t ldq, ldk, ldv;
  int64_t tq, tk, d, dv;
  AttentionSpec spec;

  Operands(const Problem& p, int64_t b)
      : q(p.q.at(b)),
        k(p.k.at(b)),
        v(p.v.at(b)),
        mask(p.mask ? p.mask + (p.shared_mask ? 0 : b) * p.tq * p.spec.keys : nullptr),
        ldq(p.q.ld),
        ldk(p.k.ld),
        ldv(p.v.ld),
        tq(p.tq),
        tk(p.spec.keys),
        d(p.d),
        dv(p.dv),
        spec(p.spec) {}

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
    sgemm(false, true, m, n, d, spec.scale, q + i0 * ldq, ldq, k + j0 * ldk, ldk, 0, s, n);
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

// One tile of query rows [i0, i0 + m) of one batch-head, against every key it sees: out rows
// (ldo floats apart) and lse entries written.
void forward_tile(const Operands& a, int64_t i0, int64_t m, float* out, int64_t ldo, float* lse,
                  float* s) {
  float maxes[kQueryTile];
  double sums[kQueryTile];
  std::fill_n(maxes, m, kMinusInf);
  std::fill_n(sums, m, 0.0);
  for (int64_t r = 0; r < m; ++r) std::fill_n(out + r * ldo, a.dv, 0.0f);
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
        scale_row(out + r * ldo, a.dv, correction);
        maxes[r] = grown;
      }
      sums[r] += exp_shifted(row, n, grown);
    }
    sgemm(false, false, m, a.dv, n, 1, s, n, a.v + j0 * a.ldv, a.ldv, 1, out, ldo);
  }
  for (int64_t r = 0; r < m; ++r) {
    if (sums[r] == 0) {  // a query that sees no key: zeros, and lse −∞
      lse[r] = kMinusInf;
      continue;
    }
    scale_row(out + r * ldo, a.dv, static_cast<float>(1 / sums[r]));
    lse[r] = maxes[r] + static_cast<float>(std::log(sums[r]));
  }
}

// rows × w floats, rows ld apart, set to zero.
void zero_rows(float* p, int64_t rows, int64_t w, int64_t ld) {
  for (int64_t r = 0; r < rows; ++r) std::fill_n(p + r * ld, w, 0.0f);
}

// Every batch-head's query tiles in parallel; out rows per Rows `out`, lse [B·H, Tq].
void forward(const Problem& p, int64_t bh, const Rows& out, float* lse) {
  const int64_t tiles = (p.tq + kQueryTile - 1) / kQueryTile;
  const int64_t cost = std::min(kQueryTile, p.tq) * p.spec.keys * (p.d + p.dv);
  parallel_for(bh * tiles, grain_for(cost), [&](int64_t begin, int64_t end) {
    std::vector<float> s(kQueryTile * kKeyTile);
    for (int64_t item = begin; item < end; ++item) {
      const int64_t b = item / tiles, i0 = item % tiles * kQueryTile;
      const Operands a(p, b);
      forward_tile(a, i0, std::min(kQueryTile, p.tq - i0), out.at(b) + i0 * out.ld, out.ld,
                   lse + b * p.tq + i0, s.data());
    }
  });
}

// The gradients' rows; a null data pointer means not wanted.
struct Gradients {
  Rows dq, dk, dv;
};

// Per tile: P = exp(S − lse); dV += Pᵀ dO; dS = P ⊙ (dO Vᵀ − D), D = rowsum(dO ⊙ O);
// dQ += scale dS K; dK += scale dSᵀ Q. One batch-head per thread; the gradients' rows of
// batch-head b (cap key rows, the ones from Tk on left zero) written whole.
void backward(const Problem& p, int64_t bh, int64_t cap, const Rows& dout, const Rows& out,
              const float* lse, const Gradients& grads) {
  const int64_t tq = p.tq, d = p.d, dvw = p.dv;
  const bool need_scores = grads.dq.data || grads.dk.data;
  parallel_for(bh, grain_for(tq * p.spec.keys * (d + dvw)), [&](int64_t begin, int64_t end) {
    std::vector<float> pt(kQueryTile * kKeyTile), ds(kQueryTile * kKeyTile), dots(tq);
    for (int64_t b = begin; b < end; ++b) {
      const Operands a(p, b);
      const float *go = dout.at(b), *ob = out.at(b), *lb = lse + b * tq;
      const int64_t ldg = dout.ld, ldo = out.ld;
      float* gq = grads.dq.data ? grads.dq.at(b) : nullptr;
      float* gk = grads.dk.data ? grads.dk.at(b) : nullptr;
      float* gv = grads.dv.data ? grads.dv.at(b) : nullptr;
      const int64_t ldq = grads.dq.ld, ldk = grads.dk.ld, ldv = grads.dv.ld;
      if (gq) zero_rows(gq, tq, d, ldq);
      if (gk) zero_rows(gk, cap, d, ldk);
      if (gv) zero_rows(gv, cap, dvw, ldv);
      for (int64_t i = 0; i < tq; ++i) {  // D_i = dO_i · O_i
        double dot = 0;
#pragma omp simd reduction(+ : dot)
        for (int64_t c = 0; c < dvw; ++c) dot += go[i * ldg + c] * ob[i * ldo + c];
        dots[i] = static_cast<float>(dot);
      }
      const int64_t keys = tq == 0 ? 0 : a.seen(tq - 1);
      for (int64_t j0 = 0; j0 < keys; j0 += kKeyTile) {
        const int64_t n = std::min(kKeyTile, keys - j0);
        for (int64_t i0 = a.first_query(j0) / kQueryTile * kQueryTile; i0 < tq; i0 += kQueryTile) {
          const int64_t m = std::min(kQueryTile, tq - i0);
          a.scores(i0, m, j0, n, pt.data());
          for (int64_t r = 0; r < m; ++r) {
            float* row = pt.data() + r * n;
            if (lb[i0 + r] == kMinusInf) {
              std::fill_n(row, n, 0.0f);
            } else {
              exp_shifted(row, n, lb[i0 + r]);
            }
          }
          if (gv) {
            sgemm(true, false, n, dvw, m, 1, pt.data(), n, go + i0 * ldg, ldg, 1, gv + j0 * ldv,
                  ldv);
          }
          if (!need_scores) continue;
          sgemm(false, true, m, n, dvw, 1, go + i0 * ldg, ldg, a.v + j0 * a.ldv, a.ldv, 0,
                ds.data(), n);
          for (int64_t r = 0; r < m; ++r) {
            const float* pr = pt.data() + r * n;
            float* dr = ds.data() + r * n;
            const float dot = dots[i0 + r];
#pragma omp simd
            for (int64_t c = 0; c < n; ++c) dr[c] = pr[c] * (dr[c] - dot);
          }
          if (gq) {
            sgemm(false, false, m, d, n, p.spec.scale, ds.data(), n, a.k + j0 * a.ldk, a.ldk, 1,
                  gq + i0 * ldq, ldq);
          }
          if (gk) {
            sgemm(true, false, n, d, m, p.spec.scale, ds.data(), n, a.q + i0 * a.ldq, a.ldq, 1,
                  gk + j0 * ldk, ldk);
          }
        }
      }
    }
  });
}

Problem stacked_problem(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask,
                        const AttentionSpec& spec) {
  return {stacked_rows(q),
          stacked_rows(k),
          stacked_rows(v),
          mask.defined() ? ptr<float>(mask) : nullptr,
          mask.defined() && mask.size(0) == 1,
          q.size(1),
          q.size(2),
          v.size(2),
          spec};
}

// q, k and v of every head in a packed [B, T, 3·H·d] projection.
Problem packed_problem(const Tensor& qkv, int64_t heads, const AttentionSpec& spec) {
  const int64_t width = qkv.size(2) / 3, d = width / heads;
  return {packed_rows(qkv, heads, d, 0),
          packed_rows(qkv, heads, d, width),
          packed_rows(qkv, heads, d, 2 * width),
          nullptr,
          false,
          qkv.size(1),
          d,
          d,
          spec};
}

Rows rows_or_none(const Tensor& t) { return t.defined() ? stacked_rows(t) : Rows{}; }

}  // namespace

void CpuBackend::attention(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask,
                           const AttentionSpec& spec, Tensor& out, Tensor& lse) {
  forward(stacked_problem(q, k, v, mask, spec), q.size(0), stacked_rows(out), ptr<float>(lse));
}

void CpuBackend::attention_backward(const Tensor& dout, const Tensor& q, const Tensor& k,
                                    const Tensor& v, const Tensor& mask, const Tensor& out,
                                    const Tensor& lse, const AttentionSpec& spec, Tensor& dq,
                                    Tensor& dk, Tensor& dv) {
  backward(stacked_problem(q, k, v, mask, spec), q.size(0), k.size(1), stacked_rows(dout),
           stacked_rows(out), ptr<float>(lse),
           {rows_or_none(dq), rows_or_none(dk), rows_or_none(dv)});
}

void CpuBackend::packed_attention(const Tensor& qkv, int64_t heads, const AttentionSpec& spec,
                                  Tensor& out, Tensor& lse) {
  const int64_t d = out.size(2) / heads;
  forward(packed_problem(qkv, heads, spec), qkv.size(0) * heads, packed_rows(out, heads, d, 0),
          ptr<float>(lse));
}

void CpuBackend::packed_attention_backward(const Tensor& dout, const Tensor& qkv, int64_t heads,
                                           const Tensor& out, const Tensor& lse,
                                           const AttentionSpec& spec, Tensor& dqkv) {
  const int64_t width = out.size(2), d = width / heads;
  backward(packed_problem(qkv, heads, spec), qkv.size(0) * heads, qkv.size(1),
           packed_rows(dout, heads, d, 0), packed_rows(out, heads, d, 0), ptr<float>(lse),
           {packed_rows(dqkv, heads, d, 0), packed_rows(dqkv, heads, d, width),
            packed_rows(dqkv, heads, d, 2 * width)});
}

}  // namespace buildgpt::cpu
