// softmax and log_softmax kernels of the CPU: one pass of row kernels along any dimension.
#include "autograd/cpu/cpu_backend.h"
#include "autograd/cpu/softmax_rows.h"

namespace buildgpt::cpu {

void CpuBackend::softmax(const Tensor& x, int64_t dim, bool log, Tensor& y) {
  const DimSplit s = split_at(x.shape(), dim);
  for_each_row<1>(s, {ptr<float>(x)}, ptr<float>(y), [&](const auto& in, float* out) {
    if (log) {
      log_softmax_row(in[0], out, s.n);
    } else {
      softmax_row(in[0], out, s.n);
    }
  });
}

void CpuBackend::softmax_backward(const Tensor& y, const Tensor& dy, int64_t dim, bool log,
                                  Tensor& dx) {
  const DimSplit s = split_at(y.shape(), dim);
  const auto row = log ? log_softmax_backward_row : softmax_backward_row;
  for_each_row<2>(s, {ptr<float>(y), ptr<float>(dy)}, ptr<float>(dx),
                  [&](const auto& in, float* out) { row(in[0], in[1], out, s.n); });
}

}  // namespace buildgpt::cpu
