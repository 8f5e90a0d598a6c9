// Layout changes that write new storage: transpose, permute, narrow/slice, select.
#include "autograd/ops/shape_ops.h"

#include <algorithm>

#include "autograd/cpu/dispatch.h"
#include "autograd/cpu/parallel.h"
#include "autograd/cpu/slices.h"
#include "autograd/creation.h"
#include "autograd/graph.h"

namespace buildgpt {
namespace {

// out = x with its dimensions reordered: out dimension i is x dimension perm[i].
Tensor permute_copy(const Tensor& x, const Dims& perm) {
  const int64_t nd = x.dim();
  Shape out_shape(nd);
  const std::vector<int64_t> in_strides = contiguous_strides(x.shape());
  std::vector<int64_t> strides(nd);  // input stride of each output dimension
  for (int64_t i = 0; i < nd; ++i) {
    out_shape[i] = x.shape()[perm[i]];
    strides[i] = in_strides[perm[i]];
  }
  Tensor out = empty(out_shape, x.dtype(), x.device());
  if (out.numel() == 0) return out;
  cpu::dispatch_all(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T* in = x.data<T>();
    T* o = out.data<T>();
    const int64_t cols = nd ? out_shape[nd - 1] : 1, rows = out.numel() / cols;
    const int64_t step = nd ? strides[nd - 1] : 0;
    // Rows in groups of kRows, columns in tiles of kCols: when the last output dimension reads
    // the input with a stride (a transpose), neighbouring rows read neighbouring elements, so a
    // group's tile reuses the cache lines it loads instead of missing on every read.
    constexpr int64_t kRows = 16, kCols = 256;
    const int64_t groups = (rows + kRows - 1) / kRows;
    cpu::parallel_for(groups, cpu::grain_for(kRows * cols), [&](int64_t gb, int64_t ge) {
      int64_t offs[kRows];
      for (int64_t g = gb; g < ge; ++g) {
        const int64_t r0 = g * kRows, n = std::min(kRows, rows - r0);
        for (int64_t i = 0; i < n; ++i) {
          int64_t rem = r0 + i, off = 0;
          for (int64_t d = nd - 2; d >= 0; --d) {
            off += (rem % out_shape[d]) * strides[d];
            rem /= out_shape[d];
          }
          offs[i] = off;
        }
        for (int64_t c0 = 0; c0 < cols; c0 += kCols) {
          const int64_t c1 = std::min(cols, c0 + kCols);
          for (int64_t i = 0; i < n; ++i) {
            T* row = o + (r0 + i) * cols;
            for (int64_t c = c0; c < c1; ++c) row[c] = in[offs[i] + c * step];
          }
        }
      }
    });
  });
  return out;
}

}  // namespace

Tensor permute(const Tensor& x, const Dims& dims) {
  check_defined("permute", x);
  check_cpu("permute", x);
  if (static_cast<int64_t>(dims.size()) != x.dim()) {
    fail("permute", "needs " + std::to_string(x.dim()) + " dimensions for shape " +
                        shape_str(x.shape()) + ", got " + shape_str(dims));
  }
  Dims perm(dims.size()), inverse(dims.size(), -1);
  for (size_t i = 0; i < dims.size(); ++i) {
    perm[i] = normalize_dim(dims[i], x.dim(), "permute");
    if (inverse[perm[i]] != -1) fail("permute", "dimension repeated in " + shape_str(dims));
    inverse[perm[i]] = static_cast<int64_t>(i);
  }
  Tensor out = permute_copy(x, perm);
  // d permute(x) = permute⁻¹(dy)
  return record("permute", out, {x}, [inverse](const Tensor& g, const NeedsGrad&) -> Grads {
    return {permute(g, inverse)};
  });
}

Tensor transpose(const Tensor& x, int64_t dim0, int64_t dim1) {
  check_defined("transpose", x);
  Dims perm(x.dim());
  for (int64_t i = 0; i < x.dim(); ++i) perm[i] = i;
  if (x.dim() == 0) return x;
  std::swap(perm[normalize_dim(dim0, x.dim(), "transpose")],
            perm[normalize_dim(dim1, x.dim(), "transpose")]);
  return permute(x, perm);
}

Tensor slice(const Tensor& x, int64_t dim, int64_t start, int64_t end, int64_t step) {
  check_defined("slice", x);
  check_cpu("slice", x);
  if (x.dim() == 0) fail("slice", "cannot slice a 0-dimensional tensor");
  if (step <= 0) fail("slice", "step must be positive, got " + std::to_string(step));
  const int64_t d = normalize_dim(dim, x.dim(), "slice"), size = x.shape()[d];
  auto clamp_index = [size](int64_t i) {
    return std::clamp<int64_t>(i < 0 ? i + size : i, 0, size);
  };
  const int64_t b = clamp_index(start), e = std::max(b, clamp_index(end));
  const int64_t count = (e - b + step - 1) / step;
  Tensor out = cpu::copy_slices(x, d, count, [b, step](int64_t j) { return b + j * step; });
  // d slice(x) = dy placed back at the sliced positions, zero elsewhere
  return record("slice", out, {x},
                [in = x.shape(), d, b, step](const Tensor& g, const NeedsGrad&) -> Grads {
                  return {cpu::add_slices(g, in, d, [b, step](int64_t j) { return b + j * step; })};
                });
}

Tensor narrow(const Tensor& x, int64_t dim, int64_t start, int64_t length) {
  check_defined("narrow", x);
  if (x.dim() == 0) fail("narrow", "cannot narrow a 0-dimensional tensor");
  const int64_t d = normalize_dim(dim, x.dim(), "narrow"), size = x.shape()[d];
  if (start < 0) start += size;
  if (start < 0 || length < 0 || start + length > size) {
    fail("narrow", "start " + std::to_string(start) + " and length " + std::to_string(length) +
                       " do not fit dimension " + std::to_string(d) + " of size " +
                       std::to_string(size) + " in shape " + shape_str(x.shape()));
  }
  return slice(x, d, start, start + length);
}

Tensor select(const Tensor& x, int64_t dim, int64_t index) {
  check_defined("select", x);
  if (x.dim() == 0) fail("select", "cannot select from a 0-dimensional tensor");
  const int64_t d = normalize_dim(dim, x.dim(), "select"), size = x.shape()[d];
  if (index < -size || index >= size) {
    fail("select", "index " + std::to_string(index) + " is out of range for dimension " +
                       std::to_string(d) + " of size " + std::to_string(size) + " in shape " +
                       shape_str(x.shape()));
  }
  if (index < 0) index += size;
  return squeeze(narrow(x, d, index, 1), d);
}

Tensor Tensor::transpose(int64_t dim0, int64_t dim1) const {
  return buildgpt::transpose(*this, dim0, dim1);
}
Tensor Tensor::t() const {
  if (dim() != 2) fail("t", "expects a 2-D tensor, got shape " + shape_str(shape()));
  return buildgpt::transpose(*this, 0, 1);
}
Tensor Tensor::permute(const Dims& dims) const { return buildgpt::permute(*this, dims); }
Tensor Tensor::narrow(int64_t dim, int64_t start, int64_t length) const {
  return buildgpt::narrow(*this, dim, start, length);
}
Tensor Tensor::slice(int64_t dim, int64_t start, int64_t end, int64_t step) const {
  return buildgpt::slice(*this, dim, start, end, step);
}
Tensor Tensor::select(int64_t dim, int64_t index) const {
  return buildgpt::select(*this, dim, index);
}

}  // namespace buildgpt
