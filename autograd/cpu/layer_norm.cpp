// layer_norm and rms_norm kernels of the CPU: one pass per row forward (saving the row's mean and
// 1/std, or 1/rms) and one backward pass that gives x, weight and bias their gradients together.
// RMS norm is layer norm without the centring, so both run one loop with `Centred` switched.
#include <algorithm>
#include <cmath>
#include <vector>

#include "autograd/cpu/cpu_backend.h"
#include "autograd/cpu/parallel.h"

namespace buildgpt::cpu {
namespace {

// weight and bias gradients are summed over rows in this many fixed blocks (each its own partial
// sums, added in block order), so results do not depend on the number of threads.
constexpr int64_t kRowBlocks = 32;

const float* data_or_null(const Tensor& t) { return t.defined() ? ptr<float>(t) : nullptr; }

// Per row: m = mean(x) when centred (else 0), rstd = 1/√(mean((x − m)²) + eps),
// y = (x − m)·rstd·weight + bias. mean is written when centred.
template <bool Centred>
void normalize_rows(const Tensor& x, const Tensor& weight, const Tensor& bias, double eps,
                    Tensor& y, Tensor* mean, Tensor& rstd) {
  const int64_t rows = rstd.numel(), n = rows ? x.numel() / rows : 0;
  const auto e = static_cast<float>(eps);
  const float *px = ptr<float>(x), *pw = data_or_null(weight), *pb = data_or_null(bias);
  float *po = ptr<float>(y), *prs = ptr<float>(rstd);
  float* pm = Centred ? ptr<float>(*mean) : nullptr;
  parallel_for(rows, grain_for(n), [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const float* xr = px + r * n;
      double sum = 0, sq = 0;
      float m = 0;
      if constexpr (Centred) {
        for (int64_t j = 0; j < n; ++j) sum += xr[j];
        m = static_cast<float>(sum / static_cast<double>(n));
        pm[r] = m;
      }
      for (int64_t j = 0; j < n; ++j) sq += (xr[j] - m) * (xr[j] - m);
      const float rs = 1 / std::sqrt(static_cast<float>(sq / static_cast<double>(n)) + e);
      prs[r] = rs;
      float* yr = po + r * n;
      for (int64_t j = 0; j < n; ++j) {
        const float v = (xr[j] - m) * rs;
        yr[j] = (pw ? v * pw[j] : v) + (pb ? pb[j] : 0.0f);
      }
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
  std::vector<float> partial_b(Centred ? partial_w.size() : 0);
  const float *px = ptr<float>(x), *pg = ptr<float>(dy), *pw = data_or_null(weight);
  const float *pm = Centred ? ptr<float>(*mean) : nullptr, *prs = ptr<float>(rstd);
  float* pdx = need_x ? ptr<float>(dx) : nullptr;
  parallel_for(blocks, grain_for(rows / blocks * n), [&](int64_t block_begin, int64_t block_end) {
    for (int64_t block = block_begin; block < block_end; ++block) {
      float* acc_w = need_affine ? partial_w.data() + block * n : nullptr;
      float* acc_b = need_affine && Centred ? partial_b.data() + block * n : nullptr;
      for (int64_t r = block * rows / blocks; r < (block + 1) * rows / blocks; ++r) {
        const float *xr = px + r * n, *gr = pg + r * n;
        const float m = Centred ? pm[r] : 0.0f, rs = prs[r];
        if (need_affine) {
          for (int64_t j = 0; j < n; ++j) {
            acc_w[j] += gr[j] * (xr[j] - m) * rs;
            if constexpr (Centred) acc_b[j] += gr[j];
          }
        }
        if (!need_x) continue;
        float sum_g = 0, sum_gx = 0;  // Σ ĝ and Σ ĝ⊙x̂ with ĝ = dy⊙weight
        for (int64_t j = 0; j < n; ++j) {
          const float gh = pw ? gr[j] * pw[j] : gr[j];
          if constexpr (Centred) sum_g += gh;
          sum_gx += gh * (xr[j] - m) * rs;
        }
        const float mean_g = sum_g / static_cast<float>(n);
        const float mean_gx = sum_gx / static_cast<float>(n);
        float* dr = pdx + r * n;
        for (int64_t j = 0; j < n; ++j) {
          const float gh = pw ? gr[j] * pw[j] : gr[j];
          if constexpr (Centred) {
            dr[j] = rs * (gh - mean_g - (xr[j] - m) * rs * mean_gx);
          } else {
            dr[j] = rs * (gh - xr[j] * rs * mean_gx);
          }
        }
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
