// softmax and log_softmax along any dimension, each one pass of row kernels forward and back.
#include "autograd/cpu/softmax_rows.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/nn.h"

namespace buildgpt {
namespace {

// x seen as [outer, n, inner] around dim, after checking it is a float32 CPU tensor.
DimSplit rows_of(const char* op, const Tensor& x, int64_t dim) {
  check_float(op, x);
  check_cpu(op, x);
  return split_at(x.shape(), normalize_dim(dim, x.dim(), op));
}

// out = kernel(x) row by row; kernel(in, out, n, stride) as in softmax_rows.h.
template <typename Kernel>
Tensor rows_forward(const Tensor& x, DimSplit s, Kernel kernel) {
  Tensor out = empty(x.shape(), kFloat32, x.device());
  const float* in = x.data<float>();
  float* o = out.data<float>();
  cpu::for_each_row(s, [&](int64_t off, auto stride) { kernel(in + off, o + off, s.n, stride); });
  return out;
}

// dx = kernel(y, dy) row by row; kernel(y, dy, dx, n, stride) as in softmax_rows.h.
template <typename Kernel>
Tensor rows_backward(const Tensor& y, const Tensor& g, DimSplit s, Kernel kernel) {
  Tensor dx = empty(y.shape(), kFloat32, y.device());
  const float* py = y.data<float>();
  const float* pg = g.data<float>();
  float* pd = dx.data<float>();
  cpu::for_each_row(
      s, [&](int64_t off, auto stride) { kernel(py + off, pg + off, pd + off, s.n, stride); });
  return dx;
}

}  // namespace

Tensor softmax(const Tensor& x, int64_t dim) {
  const DimSplit s = rows_of("softmax", x, dim);
  Tensor out = rows_forward(x, s, [](const float* in, float* o, int64_t n, auto stride) {
    cpu::softmax_row(in, o, n, stride);
  });
  // dx = y ⊙ (dy − Σ dy⊙y)
  return record(
      "softmax", out, {x}, [y = out.detach(), s](const Tensor& g, const NeedsGrad&) -> Grads {
        return {rows_backward(
            y, g, s, [](const float* py, const float* pg, float* pd, int64_t n, auto stride) {
              cpu::softmax_backward_row(py, pg, pd, n, stride);
            })};
      });
}

Tensor log_softmax(const Tensor& x, int64_t dim) {
  const DimSplit s = rows_of("log_softmax", x, dim);
  Tensor out = rows_forward(x, s, [](const float* in, float* o, int64_t n, auto stride) {
    cpu::log_softmax_row(in, o, n, stride);
  });
  // dx = dy − softmax(x) Σ dy
  return record(
      "log_softmax", out, {x}, [y = out.detach(), s](const Tensor& g, const NeedsGrad&) -> Grads {
        return {rows_backward(
            y, g, s, [](const float* py, const float* pg, float* pd, int64_t n, auto stride) {
              cpu::log_softmax_backward_row(py, pg, pd, n, stride);
            })};
      });
}

}  // namespace buildgpt
