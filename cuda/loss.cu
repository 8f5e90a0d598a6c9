// cross_entropy and nll_loss kernels of the GPU: one block per row, each row's loss in double,
// and the mean over the counted rows taken by one block in a fixed order.
#include "cuda/allocator.h"
#include "cuda/cuda_backend.h"
#include "cuda/launch.cuh"
#include "cuda/softmax_rows.cuh"

namespace buildgpt::cuda {
namespace {

// Each counted row's negative log-likelihood log Σ exp(x - max) - (x[t] - max) into per_row[r]
// (0 for ignored rows); with dlogits, the row's gradient (softmax − onehot) / count in the same
// kernel (zero for ignored rows), from the max and the sum the loss has already taken.
__global__ void cross_entropy_rows_kernel(const float* logits, const int64_t* targets, int64_t rows,
                                          int64_t classes, int64_t ignore_index, int64_t count,
                                          double* per_row, float* dlogits) {
  const auto per_target = static_cast<float>(1 / static_cast<double>(count));
  for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
    const int64_t t = targets[r];
    float* g = dlogits ? dlogits + r * classes : nullptr;
    if (t == ignore_index) {
      if (threadIdx.x == 0) per_row[r] = 0;
      if (g) {
        for (int64_t j = threadIdx.x; j < classes; j += blockDim.x) g[j] = 0;
      }
      continue;
    }
    const float* x = logits + r * classes;
    const RowLse s = block_row_logsumexp(x, classes);
    if (threadIdx.x == 0) per_row[r] = s.log_sum - (x[t] - s.max);
    if (g) {
      const float lse = s.max + s.log_sum;
      for (int64_t j = threadIdx.x; j < classes; j += blockDim.x) {
        const float p = expf(x[j] - lse) * per_target;
        g[j] = j == t ? p - per_target : p;
      }
    }
  }
}

// loss = Σ per_row / count (nan when count is 0, as the mean of nothing); one block. For nll,
// per_row is null and each row's value is read from the log-probabilities.
__global__ void mean_loss_kernel(const double* per_row, const float* log_probs,
                                 const int64_t* targets, int64_t rows, int64_t classes,
                                 int64_t ignore_index, int64_t count, float* loss) {
  double acc = 0;
  for (int64_t r = threadIdx.x; r < rows; r += blockDim.x) {
    if (per_row) {
      acc += per_row[r];
    } else if (targets[r] != ignore_index) {
      acc -= static_cast<double>(log_probs[r * classes + targets[r]]);
    }
  }
  acc = block_reduce(acc, Add{}, 0.0);
  if (threadIdx.x == 0) *loss = static_cast<float>(acc / static_cast<double>(count));
}

// dloss / count, read on the device (no wait for the host).
__device__ inline float grad_scale(const float* dloss, int64_t count) {
  return static_cast<float>(static_cast<double>(*dloss) / static_cast<double>(count));
}

// dlog_probs = −onehot · dloss / count; zero rows where the target is ignored.
__global__ void nll_backward_kernel(const int64_t* targets, const float* dloss, int64_t rows,
                                    int64_t classes, int64_t ignore_index, int64_t count,
                                    float* dlog_probs) {
  const float scale = grad_scale(dloss, count);
  for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
    const int64_t t = targets[r];
    float* g = dlog_probs + r * classes;
    for (int64_t j = threadIdx.x; j < classes; j += blockDim.x) {
      g[j] = j == t && t != ignore_index ? -scale : 0.0f;
    }
  }
}

}  // namespace

void CudaBackend::cross_entropy(const Tensor& logits, const Tensor& targets, int64_t ignore_index,
                                int64_t count, Tensor& loss, Tensor& dlogits) {
  constexpr const char* op = "cross_entropy";
  const int64_t classes = logits.size(-1), rows = targets.numel();
  DeviceBuffer per_row(std::max<int64_t>(rows, 1) * sizeof(double));
  if (rows > 0) {
    const int threads = row_threads(classes);
    launch(op, "cross_entropy_rows_kernel", cross_entropy_rows_kernel, row_blocks(rows, threads),
           threads, 0, ptr<float>(logits), ptr<int64_t>(targets), rows, classes, ignore_index,
           count, per_row.as<double>(), dlogits.defined() ? ptr<float>(dlogits) : nullptr);
  }
  launch(op, "mean_loss_kernel", mean_loss_kernel, 1, 1024, 0, per_row.as<double>(), nullptr,
         ptr<int64_t>(targets), rows, classes, ignore_index, count, ptr<float>(loss));
}

void CudaBackend::nll_loss(const Tensor& log_probs, const Tensor& targets, int64_t ignore_index,
                           int64_t count, Tensor& loss) {
  launch("nll_loss", "mean_loss_kernel", mean_loss_kernel, 1, 1024, 0, nullptr,
         ptr<float>(log_probs), ptr<int64_t>(targets), targets.numel(), log_probs.size(-1),
         ignore_index, count, ptr<float>(loss));
}

void CudaBackend::nll_loss_backward(const Tensor& targets, const Tensor& dloss,
                                    int64_t ignore_index, int64_t count, Tensor& dlog_probs) {
  const int64_t classes = dlog_probs.size(-1), rows = targets.numel();
  if (rows * classes == 0) return;
  const int threads = row_threads(classes);
  launch("nll_loss backward", "nll_backward_kernel", nll_backward_kernel, row_blocks(rows, threads),
         threads, 0, ptr<int64_t>(targets), ptr<float>(dloss), rows, classes, ignore_index, count,
         ptr<float>(dlog_probs));
}

}  // namespace buildgpt::cuda
