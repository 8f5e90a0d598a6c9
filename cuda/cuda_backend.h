// The CUDA backend: the Backend interface implemented with kernels of our own and cuBLAS, on one
// GPU (cuda:0) and one stream. Each group of kernels lives in its own file, named as its twin in
// autograd/cpu/ (softmax.cu beside cpu/softmax.cpp).
#pragma once

#include <string>

#include "autograd/backend.h"

namespace buildgpt::cuda {

class CudaBackend final : public Backend {
 public:
  // memory.cu
  void* allocate(size_t nbytes, Device device) override;
  void deallocate(void* data, size_t nbytes, Device device) override;
  MemoryInUse memory_in_use() override;
  void reset_memory_peak() override;
  void copy(const Tensor& src, Tensor& dst) override;
  void copy_from_host(const void* src, Tensor& dst) override;
  void copy_to_host(const Tensor& src, void* dst) override;
  void fill(Tensor& out, double value) override;
  void cast(const Tensor& x, Tensor& out) override;
  void arange(Tensor& out, double start, double step) override;
  void random_fill(Tensor& out, Distribution kind, Scalars s, Generator& gen) override;
  // pinned.cpp
  void* allocate_pinned(size_t nbytes) override;
  void deallocate_pinned(void* data, size_t nbytes) override;
  // device.cpp
  void synchronize() override;

  // elementwise.cu
  void unary(UnaryOp op, const Tensor& x, Tensor& out, Scalars s) override;
  void binary(BinaryOp op, const Tensor& a, const Tensor& b, Tensor& out, Scalars s) override;
  void where(const Tensor& cond, const Tensor& a, const Tensor& b, Tensor& out) override;
  void masked_fill(const Tensor& x, const Tensor& mask, double value, Tensor& out) override;
  void broadcast_to(const Tensor& x, Tensor& out) override;

  // layout.cu
  void permute(const Tensor& x, const Dims& perm, Tensor& out) override;
  void triangle(const Tensor& x, int64_t diagonal, bool lower, Tensor& out) override;
  void copy_into_slice(const Tensor& src, Tensor& dst, int64_t dim, int64_t offset) override;
  void index_select(const Tensor& x, int64_t dim, const Tensor& index, Tensor& out) override;
  void index_add(const Tensor& src, int64_t dim, const Tensor& index, Tensor& out) override;
  void gather(const Tensor& x, int64_t dim, const Tensor& index, Tensor& out) override;
  void scatter_add(const Tensor& src, int64_t dim, const Tensor& index, Tensor& out) override;

  // reduce.cu
  void sum_dim(const Tensor& x, int64_t dim, Tensor& out) override;
  void arg_extreme(const Tensor& x, int64_t dim, bool largest, Tensor& out) override;
  void cumsum(const Tensor& x, int64_t dim, bool reverse, Tensor& out) override;
  void squared_norm(const Tensor& x, Tensor& out, int64_t slot) override;

  // matmul.cpp
  void batched_matmul(const Tensor& a, bool trans_a, const Tensor& b, bool trans_b,
                      Tensor& out) override;

  // softmax.cu
  void softmax(const Tensor& x, int64_t dim, bool log, Tensor& y) override;
  void softmax_backward(const Tensor& y, const Tensor& dy, int64_t dim, bool log,
                        Tensor& dx) override;
  // loss.cu
  void cross_entropy(const Tensor& logits, const Tensor& targets, int64_t ignore_index,
                     int64_t count, Tensor& loss, Tensor& dlogits) override;
  void nll_loss(const Tensor& log_probs, const Tensor& targets, int64_t ignore_index, int64_t count,
                Tensor& loss) override;
  void nll_loss_backward(const Tensor& targets, const Tensor& dloss, int64_t ignore_index,
                         int64_t count, Tensor& dlog_probs) override;
  // layer_norm.cu
  void layer_norm(const Tensor& x, const Tensor& weight, const Tensor& bias, double eps, Tensor& y,
                  Tensor& mean, Tensor& rstd) override;
  void layer_norm_backward(const Tensor& dy, const Tensor& x, const Tensor& weight,
                           const Tensor& mean, const Tensor& rstd, Tensor& dx, Tensor& dweight,
                           Tensor& dbias) override;
  void rms_norm(const Tensor& x, const Tensor& weight, double eps, Tensor& y,
                Tensor& rstd) override;
  void rms_norm_backward(const Tensor& dy, const Tensor& x, const Tensor& weight,
                         const Tensor& rstd, Tensor& dx, Tensor& dweight) override;
  // dropout.cu
  void dropout(const Tensor& x, double p, uint64_t seed, float scale, Tensor& keep,
               Tensor& y) override;
  void dropout_backward(const Tensor& dy, const Tensor& keep, float scale, Tensor& dx) override;
  // attention.cu
  void attention(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask,
                 const AttentionSpec& spec, Tensor& out, Tensor& lse) override;
  void attention_backward(const Tensor& dout, const Tensor& q, const Tensor& k, const Tensor& v,
                          const Tensor& mask, const Tensor& out, const Tensor& lse,
                          const AttentionSpec& spec, Tensor& dq, Tensor& dk, Tensor& dv) override;
  void packed_attention(const Tensor& qkv, int64_t heads, const AttentionSpec& spec, Tensor& out,
                        Tensor& lse) override;
  void packed_attention_backward(const Tensor& dout, const Tensor& qkv, int64_t heads,
                                 const Tensor& out, const Tensor& lse, const AttentionSpec& spec,
                                 Tensor& dqkv) override;
  // gelu.cu
  void bias_gelu(const Tensor& x, const Tensor& bias, GeluApproximation approximate,
                 Tensor& y) override;
  void bias_gelu_backward(const Tensor& dy, const Tensor& x, const Tensor& bias,
                          GeluApproximation approximate, Tensor& dx) override;

  // selection.cu
  void multinomial(const Tensor& weights, bool replacement, Generator& gen, Tensor& out) override;
  void sort(const Tensor& x, int64_t dim, bool descending, Tensor& values,
            Tensor& indices) override;

  // optimizer.cu
  void adamw_update(Tensor& param, const Tensor& grad, Tensor& exp_avg, Tensor& exp_avg_sq,
                    const AdamWStep& step) override;
  void sgd_update(Tensor& param, const Tensor& grad, Tensor& momentum_buffer,
                  const SGDStep& step) override;
};

CudaBackend& cuda_backend();

// The probe registered for DeviceType::CUDA (cuda/register.cpp): the backend when a GPU is
// present, otherwise null and "no CUDA device (...)" in `why`.
Backend* probe(std::string& why);

}  // namespace buildgpt::cuda
