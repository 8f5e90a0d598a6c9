// Our products (matmul, linear) against cuBLAS called directly on the same device buffers, at
// the sizes of a GPT-2 small training step (8,192 tokens: batch 8 × 1,024), in float32 and TF32.
// Lines: matmul <TAB> name <TAB> precision <TAB> ours ms <TAB> cuBLAS ms <TAB> ours TFLOP/s.
#include <cublas_v2.h>

#include <iostream>
#include <string>

#include "autograd/autograd.h"
#include "bench/cuda/benchmarks.h"
#include "bench/cuda/timing.h"
#include "cuda/check.h"

namespace buildgpt::bench {
namespace {

struct Product {
  const char* name;
  int64_t batch, m, k, n;
  bool weight;  // x [m, k] · Wᵀ with W [n, k], as nn::Linear; otherwise a [b, m, k] · b [b, k, n]
};

constexpr Product kProducts[] = {
    {"linear qkv [8192,768]x[2304,768]T", 1, 8192, 768, 2304, true},
    {"linear mlp up [8192,768]x[3072,768]T", 1, 8192, 768, 3072, true},
    {"linear mlp down [8192,3072]x[768,3072]T", 1, 8192, 3072, 768, true},
    {"linear lm head [8192,768]x[50257,768]T", 1, 8192, 768, 50257, true},
    {"matmul scores 96x[1024,64]x[64,1024]", 96, 1024, 64, 1024, false},
};

// cuBLAS itself on its own stream: row-major C = A · op(B) as Cᵀ = op(B)ᵀ · Aᵀ, one
// strided-batched call.
double raw_cublas_ms(cublasHandle_t handle, cudaStream_t stream, const Product& p, const Tensor& a,
                     const Tensor& b, Tensor& out, bool tf32) {
  const float alpha = 1, beta = 0;
  const int ldb = static_cast<int>(p.weight ? p.k : p.n);
  auto run = [&] {
    BUILDGPT_CUBLAS_CHECK(
        "bench",
        cublasGemmStridedBatchedEx(
            handle, p.weight ? CUBLAS_OP_T : CUBLAS_OP_N, CUBLAS_OP_N, static_cast<int>(p.n),
            static_cast<int>(p.m), static_cast<int>(p.k), &alpha, b.raw_data(), CUDA_R_32F, ldb,
            p.weight ? 0 : p.k * p.n, a.raw_data(), CUDA_R_32F, static_cast<int>(p.k), p.m * p.k,
            &beta, out.raw_data(), CUDA_R_32F, static_cast<int>(p.n), p.m * p.n,
            static_cast<int>(p.batch), tf32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F,
            CUBLAS_GEMM_DEFAULT));
  };
  return gpu_ms(run, [&] { BUILDGPT_CUDA_CHECK("bench", cudaStreamSynchronize(stream)); });
}

}  // namespace

void bench_products(std::ostream& out) {
  const Device gpu = Device::cuda();
  cublasHandle_t handle;
  cudaStream_t stream;
  BUILDGPT_CUBLAS_CHECK("bench", cublasCreate(&handle));
  BUILDGPT_CUDA_CHECK("bench", cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
  BUILDGPT_CUBLAS_CHECK("bench", cublasSetStream(handle, stream));
  NoGradGuard no_grad;
  Generator gen(1);
  for (const Product& p : kProducts) {
    const Tensor a = randn(p.batch == 1 ? Shape{p.m, p.k} : Shape{p.batch, p.m, p.k}, &gen, gpu);
    const Tensor b =
        p.weight ? randn({p.n, p.k}, &gen, gpu) : randn({p.batch, p.k, p.n}, &gen, gpu);
    Tensor c = empty(p.batch == 1 ? Shape{p.m, p.n} : Shape{p.batch, p.m, p.n}, kFloat32, gpu);
    const double tflop = 2e-12 * p.batch * p.m * p.n * p.k;
    for (bool tf32 : {false, true}) {
      set_cuda_tf32(tf32);
      const double ours = gpu_ms([&] {
        if (p.weight) {
          linear(a, b);
        } else {
          matmul(a, b);
        }
      });
      cuda_synchronize();  // the operands, made on the backend's stream, are ready
      const double raw = raw_cublas_ms(handle, stream, p, a, b, c, tf32);
      out << "matmul\t" << p.name << '\t' << (tf32 ? "tf32" : "fp32") << '\t' << ours << '\t' << raw
          << '\t' << tflop / (ours * 1e-3) << std::endl;
    }
  }
  set_cuda_tf32(false);
  cublasDestroy(handle);
  cudaStreamDestroy(stream);
}

}  // namespace buildgpt::bench
