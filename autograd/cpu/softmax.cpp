// softmax and log_softmax kernels of the CPU: one pass of row kernels along any dimension.
#include "autograd/cpu/cpu_backend.h"
#include "autograd/cpu/softmax_rows.h"

namespace buildgpt::cpu {

void CpuBackend::softmax(const Tensor& x, int64_t dim, bool log, Tensor& y) {
  const DimSplit s = split_at(x.shape(), dim);
  const float* in = ptr<float>(x);
  float* o = ptr<float>(y);
  for_each_row(s, [&](int64_t off, auto stride) {
    if (log) {
      log_softmax_row(in + off, o + off, s.n, stride);
    } else {
      softmax_row(in + off, o + off, s.n, stride);
    }
  });
}

void CpuBackend::softmax_backward(const Tensor& y, const Tensor& dy, int64_t dim, bool log,
                                  Tensor& dx) {
  const DimSplit s = split_at(y.shape(), dim);
  const float* py = ptr<float>(y);
  const float* pg = ptr<float>(dy);
  float* pd = ptr<float>(dx);
  for_each_row(s, [&](int64_t off, auto stride) {
    if (log) {
      log_softmax_backward_row(py + off, pg + off, pd + off, s.n, stride);
    } else {
      softmax_backward_row(py + off, pg + off, pd + off, s.n, stride);
    }
  });
}

}  // namespace buildgpt::cpu
