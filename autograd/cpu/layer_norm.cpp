// layer_norm and rms_norm kernels of the CPU: one pass per row forward (saving the row's mean and
// 1/std, or 1/rms) and one backward pass that gives x, weight and bias their gradients together.
// RMS norm is layer norm without the centring, so both run one loop with `Centred` switched. A
// row stays in the first-level cache while its loops (each vectorised) run over it.
#include <algorithm>
#include <cmath>
#include <vector>

#include "autograd/cpu/cpu_backend.h"
#include "autograd/cpu/parallel.h"
#include "autograd/cpu/vector_clones.h"

namespace buildgpt::cpu {
namespace {

// weight and bias gradients are summed over rows in this many fixed blocks (each its own partial
// sums, added in block order), so results do not depend on the number of threads.
constexpr int64_t kRowBlocks = 32;

// The affine parameter, or `fallback` (n ones or zeros) when it is undefined.
const float* or_fallback(const Tensor& t, std::vector<float>& fallback, int64_t n, float value) {
  if (t.defined()) return ptr<float>(t);
  fallback.assign(n, value);
  return fallback.data();
}

// m = mean(x) when centred (else 0) and rstd = 1/√(mean((x − m)²) + eps) of a row, summed in
// double; then y = (x − m)·rstd·w + b.
BUILDGPT_VECTOR_CLONES void normalise_row(const float* x, const float* w, const float* b, float eps,
                                          bool centred, int64_t n, float* y, float* mean,
                                          float* rstd) {
  double sum = 0, sq = 0;
  if (centred) {
#pragma omp simd reduction(+ : sum)
    for (int64_t j = 0; j < n; ++j) sum += x[j];
  }
  const auto m = static_cast<float>(sum / static_cast<double>(n));
#pragma omp simd reduction(+ : sq)
  for (int64_t j = 0; j < n; ++j) sq += (x[j] - m) * (x[j] - m);
  const float rs = 1 / std::sqrt(static_cast<float>(sq / static_cast<double>(n)) + eps);
  *mean = m;
  *rstd = rs;
  for (int64_t j = 0; j < n; ++j) y[j] = (x[j] - m) * rs * w[j] + b[j];
}

// acc_w += dy ⊙ x̂ and, when acc_b is given, acc_b += dy for one row.
BUILDGPT_VECTOR_CLONES void accumulate_affine(const float* g, const float* x, float m, float rs,
                                              float* acc_w, float* acc_b, int64_t n) {
#pragma omp simd
  for (int64_t j = 0; j < n; ++j) acc_w[j] += g[j] * (x[j] - m) * rs;
  if (acc_b == nullptr) return;
#pragma omp simd
  for (int64_t j = 0; j < n; ++j) acc_b[j] += g[j];
}

// dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ⊙x̂)), ĝ = dy⊙weight, for one row; without centring (m = 0)
// the mean(ĝ) term drops out.
BUILDGPT_VECTOR_CLONES void input_gradient(const float* g, const float* x, const float* w, float m,
                                           float rs, bool centred, float* dx, int64_t n) {
  float sum_g = 0, sum_gx = 0;
#pragma omp simd reduction(+ : sum_g, sum_gx)
  for (int64_t j = 0; j < n; ++j) {
    sum_g += g[j] * w[j];
    sum_gx += g[j] * w[j] * (x[j] - m) * rs;
  }
  const float mean_g = centred ? sum_g / static_cast<float>(n) : 0.0f;
  const float mean_gx = sum_gx / static_cast<float>(n);
  for (int64_t j = 0; j < n; ++j) dx[j] = rs * (g[j] * w[j] - mean_g - (x[j] - m) * rs * mean_gx);
}

// Per row: m = mean(x) when centred (else 0), rstd = 1/√(mean((x − m)²) + eps),
// y = (x − m)·rstd·weight + bias. mean is written when centred.
template <bool Centred>
void normalize_rows(const Tensor& x, const Tensor& weight, const Tensor& bias, double eps,
                    Tensor& y, Tensor* mean, Tensor& rstd) {
  const int64_t rows = rstd.numel(), n = rows ? x.numel() / rows : 0;
  std::vector<float> ones, zeros;
  const float* pw = or_fallback(weight, ones, n, 1);
  const float* pb = or_fallback(bias, zeros, n, 0);
  const float* px = ptr<float>(x);
  float *po = ptr<float>(y), *prs = ptr<float>(rstd);
  float* pm = Centred ? ptr<float>(*mean) : nullptr;
  parallel_for(rows, grain_for(n), [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      float m = 0;
      normalise_row(px + r * n, pw, pb, static_cast<float>(eps), Centred, n, po + r * n, &m,
                    prs + r);
      if constexpr (Centred) pm[r] = m;
    }
  });
}

// With x̂ = (x − m)·rstd and ĝ = dy⊙weight: dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ⊙x̂)) when centred,
// rstd·(ĝ − x̂·mean(ĝ⊙x̂)) when not; dweight = Σ dy⊙x̂; dbias = Σ dy (centred only).
template <bool Centred>
void normalize_rows_backward(const Tensor& dy, const Tensor& x, const Tensor& weight,
                             const Tensor* mean, const Tensor& rstd, Tensor& dx, Tensor& dweight,
                             Tensor* dbias) {
  const int64_t rows = rstd.numel(), n = rows ? x.numel() / rows : 0;
  const bool need_x = dx.defined(), need_w = dweight.defined();
  const bool need_b = dbias != nullptr && dbias->defined();
  const bool need_affine = need_w || need_b;
  // Adds the blocks' partial sums in block order (all zero without rows).
  auto total = [&](const std::vector<float>& partial, int64_t blocks, Tensor& out) {
    float* po = ptr<float>(out);
    std::fill(po, po + out.numel(), 0.0f);
    parallel_for(n, grain_for(blocks), [&](int64_t begin, int64_t end) {
      for (int64_t b = 0; b < blocks; ++b)
        for (int64_t j = begin; j < end; ++j) po[j] += partial[b * n + j];
    });
  };
  if (rows == 0) {  // an empty batch: nothing flows to x, and weight and bias get zero gradients
    if (need_w) total({}, 0, dweight);
    if (need_b) total({}, 0, *dbias);
    return;
  }
  const int64_t blocks = std::min(rows, kRowBlocks);
  std::vector<float> partial_w(need_affine ? blocks * n : 0);
  std::vector<float> partial_b(Centred ? partial_w.size() : 0), ones;
  const float *px = ptr<float>(x), *pg = ptr<float>(dy), *pw = or_fallback(weight, ones, n, 1);
  const float *pm = Centred ? ptr<float>(*mean) : nullptr, *prs = ptr<float>(rstd);
  float* pdx = need_x ? ptr<float>(dx) : nullptr;
  parallel_for(blocks, grain_for(rows / blocks * n), [&](int64_t block_begin, int64_t block_end) {
    for (int64_t block = block_begin; block < block_end; ++block) {
      float* acc_b = need_affine && Centred ? partial_b.data() + block * n : nullptr;
      for (int64_t r = block * rows / blocks; r < (block + 1) * rows / blocks; ++r) {
        const float *xr = px + r * n, *gr = pg + r * n;
        const float m = Centred ? pm[r] : 0.0f;
        if (need_affine)
          accumulate_affine(gr, xr, m, prs[r], partial_w.data() + block * n, acc_b, n);
        if (need_x) input_gradient(gr, xr, pw, m, prs[r], Centred, pdx + r * n, n);
      }
    }
  });
  if (need_w) total(partial_w, blocks, dweight);
  if (need_b) total(partial_b, blocks, *dbias);
}

}  // namespace

void CpuBackend::layer_norm(const Tensor& x, const Tensor& weight, const Tensor& bias, double eps,
                            Tensor& y, Tensor& mean, Tensor& rstd) {
  normalize_rows<true>(x, weight, bias, eps, y, &mean, rstd);
}

// dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ⊙x̂)), ĝ = dy⊙weight; dweight = Σ dy⊙x̂; dbias = Σ dy
void CpuBackend::layer_norm_backward(const Tensor& dy, const Tensor& x, const Tensor& weight,
                                     const Tensor& mean, const Tensor& rstd, Tensor& dx,
                                     Tensor& dweight, Tensor& dbias) {
  normalize_rows_backward<true>(dy, x, weight, &mean, rstd, dx, dweight, &dbias);
}

void CpuBackend::rms_norm(const Tensor& x, const Tensor& weight, double eps, Tensor& y,
                          Tensor& rstd) {
  normalize_rows<false>(x, weight, Tensor(), eps, y, nullptr, rstd);
}

// dx = rstd·(ĝ − x̂·mean(ĝ⊙x̂)), x̂ = x·rstd, ĝ = dy⊙weight; dweight = Σ dy⊙x̂
void CpuBackend::rms_norm_backward(const Tensor& dy, const Tensor& x, const Tensor& weight,
                                   const Tensor& rstd, Tensor& dx, Tensor& dweight) {
  normalize_rows_backward<false>(dy, x, weight, nullptr, rstd, dx, dweight, nullptr);
}

}  // namespace buildgpt::cpu
