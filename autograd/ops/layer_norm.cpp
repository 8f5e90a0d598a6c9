// layer_norm over the trailing dimensions: one pass per row forward (saving mean and 1/std) and
// one backward kernel that gives x, weight and bias their gradients together.
#include <algorithm>
#include <cmath>
#include <vector>

#include "autograd/cpu/parallel.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/nn.h"

namespace buildgpt {
namespace {

// weight and bias gradients are summed over rows in this many fixed blocks (each its own partial
// sums, added in block order), so results do not depend on the number of threads.
constexpr int64_t kRowBlocks = 32;

void check_affine(const Tensor& t, const Shape& normalized_shape, const char* what) {
  if (!t.defined()) return;
  check_float("layer_norm", t, what);
  check_cpu("layer_norm", t);
  if (t.shape() != normalized_shape) {
    fail("layer_norm", std::string(what) + " of shape " + shape_str(t.shape()) +
                           " does not match normalized_shape " + shape_str(normalized_shape));
  }
}

// The row length after checking x's trailing dimensions against normalized_shape.
int64_t check_layer_norm(const Tensor& x, const Shape& ns, const Tensor& weight,
                         const Tensor& bias) {
  check_float("layer_norm", x);
  check_cpu("layer_norm", x);
  const auto k = static_cast<int64_t>(ns.size());
  if (ns.empty() || x.dim() < k || !std::equal(ns.begin(), ns.end(), x.shape().end() - k)) {
    fail("layer_norm", "normalized_shape " + shape_str(ns) +
                           " is not the trailing dimensions of input of shape " +
                           shape_str(x.shape()));
  }
  if (shape_numel(ns) == 0) fail("layer_norm", "normalized_shape " + shape_str(ns) + " is empty");
  check_affine(weight, ns, "weight");
  check_affine(bias, ns, "bias");
  return shape_numel(ns);
}

const float* data_or_null(const Tensor& t) { return t.defined() ? t.data<float>() : nullptr; }

// Gradients of layer_norm given dy; the inputs' saved values and which gradients are wanted.
Grads layer_norm_backward(const Tensor& g, const Tensor& x, const Shape& ns, const Tensor& weight,
                          const Tensor& mean, const Tensor& rstd, const NeedsGrad& need) {
  const int64_t n = shape_numel(ns), rows = rstd.numel();
  const bool need_x = need[0], need_w = need[1], need_b = need[2];
  const bool need_affine = need_w || need_b;
  Tensor dx = need_x ? empty(x.shape()) : Tensor();
  const int64_t blocks = std::min(rows, kRowBlocks);
  std::vector<float> partial_w(need_affine ? blocks * n : 0), partial_b(partial_w.size());
  const float *px = x.data<float>(), *pg = g.data<float>(), *pw = data_or_null(weight);
  const float *pm = mean.data<float>(), *prs = rstd.data<float>();
  float* pdx = need_x ? dx.data<float>() : nullptr;
  cpu::parallel_for(
      blocks, cpu::grain_for(rows / blocks * n), [&](int64_t block_begin, int64_t block_end) {
        for (int64_t block = block_begin; block < block_end; ++block) {
          float* acc_w = need_affine ? partial_w.data() + block * n : nullptr;
          float* acc_b = need_affine ? partial_b.data() + block * n : nullptr;
          for (int64_t r = block * rows / blocks; r < (block + 1) * rows / blocks; ++r) {
            const float *xr = px + r * n, *gr = pg + r * n;
            const float m = pm[r], rs = prs[r];
            if (need_affine) {
              for (int64_t j = 0; j < n; ++j) {
                acc_w[j] += gr[j] * (xr[j] - m) * rs;
                acc_b[j] += gr[j];
              }
            }
            if (!need_x) continue;
            float sum_g = 0, sum_gx = 0;  // Σ ĝ and Σ ĝ⊙x̂ with ĝ = dy⊙weight
            for (int64_t j = 0; j < n; ++j) {
              const float gh = pw ? gr[j] * pw[j] : gr[j];
              sum_g += gh;
              sum_gx += gh * (xr[j] - m) * rs;
            }
            const float mean_g = sum_g / static_cast<float>(n);
            const float mean_gx = sum_gx / static_cast<float>(n);
            float* dr = pdx + r * n;
            for (int64_t j = 0; j < n; ++j) {
              const float gh = pw ? gr[j] * pw[j] : gr[j];
              dr[j] = rs * (gh - mean_g - (xr[j] - m) * rs * mean_gx);
            }
          }
        }
      });
  // Adds the blocks' partial sums in block order into a tensor of normalized_shape.
  auto total = [&](const std::vector<float>& partial) {
    Tensor out = zeros(ns);
    float* po = out.data<float>();
    cpu::parallel_for(n, cpu::grain_for(blocks), [&](int64_t begin, int64_t end) {
      for (int64_t b = 0; b < blocks; ++b)
        for (int64_t j = begin; j < end; ++j) po[j] += partial[b * n + j];
    });
    return out;
  };
  return {dx, need_w ? total(partial_w) : Tensor(), need_b ? total(partial_b) : Tensor()};
}

}  // namespace

Tensor layer_norm(const Tensor& x, const Shape& normalized_shape, const Tensor& weight,
                  const Tensor& bias, double eps) {
  const int64_t n = check_layer_norm(x, normalized_shape, weight, bias);
  const int64_t rows = x.numel() / n;
  const auto e = static_cast<float>(eps);
  Tensor out = empty(x.shape()), mean = empty({rows}), rstd = empty({rows});
  const float *px = x.data<float>(), *pw = data_or_null(weight), *pb = data_or_null(bias);
  float *po = out.data<float>(), *pm = mean.data<float>(), *prs = rstd.data<float>();
  cpu::parallel_for(rows, cpu::grain_for(n), [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const float* xr = px + r * n;
      double sum = 0, sq = 0;
      for (int64_t j = 0; j < n; ++j) sum += xr[j];
      const auto m = static_cast<float>(sum / static_cast<double>(n));
      for (int64_t j = 0; j < n; ++j) sq += (xr[j] - m) * (xr[j] - m);
      const float rs = 1 / std::sqrt(static_cast<float>(sq / static_cast<double>(n)) + e);
      pm[r] = m;
      prs[r] = rs;
      float* yr = po + r * n;
      for (int64_t j = 0; j < n; ++j) {
        const float v = (xr[j] - m) * rs;
        yr[j] = (pw ? v * pw[j] : v) + (pb ? pb[j] : 0.0f);
      }
    }
  });
  // dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ⊙x̂)), ĝ = dy⊙weight; dweight = Σ dy⊙x̂; dbias = Σ dy
  return record(
      "layer_norm", out, {x, weight, bias},
      [x = x.detach(), ns = normalized_shape, w = weight.defined() ? weight.detach() : Tensor(),
       mean, rstd](const Tensor& g, const NeedsGrad& need) -> Grads {
        return layer_norm_backward(g, x, ns, w, mean, rstd, need);
      });
}

}  // namespace buildgpt
