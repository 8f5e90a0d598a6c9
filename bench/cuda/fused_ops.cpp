// The fused ops of a GPT step at GPU sizes, forward and forward + backward, float32: the same
// names and shapes as bench/torch_peer_cuda.py, which times PyTorch on the same GPU.
#include <functional>
#include <iostream>
#include <string>

#include "autograd/autograd.h"
#include "autograd/backend.h"
#include "bench/cuda/benchmarks.h"
#include "bench/cuda/timing.h"

namespace buildgpt::bench {
namespace {

const Device gpu = Device::cuda();

Tensor leaf(const Shape& shape, Generator& gen) { return randn(shape, &gen, gpu).requires_grad_(); }

// "name" with a forward-only and a forward + backward line.
void report(std::ostream& out, const std::string& name, const std::function<Tensor()>& forward) {
  const double fwd = gpu_ms([&] {
    NoGradGuard no_grad;
    forward();
  });
  const double both = gpu_ms([&] {
    const Tensor y = forward();
    y.backward(ones_like(y));
  });
  out << "op\t" << name << " fwd\t" << fwd << std::endl;
  out << "op\t" << name << " fwd+bwd\t" << both << std::endl;
}

}  // namespace

void bench_fused_ops(std::ostream& out) {
  Generator gen(2);
  {
    const Tensor x = leaf({16384, 1024}, gen);
    report(out, "softmax [16384,1024]", [&] { return softmax(x, -1); });
  }
  {
    const Tensor x = leaf({16384, 768}, gen), w = leaf({768}, gen), b = leaf({768}, gen);
    report(out, "layer_norm [16384,768]", [&] { return layer_norm(x, {768}, w, b); });
  }
  {
    const Tensor logits = leaf({8192, 50257}, gen);
    const Tensor targets = randint(0, 50257, {8192}, &gen, gpu);
    report(out, "cross_entropy [8192,50257]", [&] { return cross_entropy(logits, targets); });
  }
  {
    const Tensor q = leaf({8, 12, 1024, 64}, gen), k = leaf({8, 12, 1024, 64}, gen);
    const Tensor v = leaf({8, 12, 1024, 64}, gen);
    report(out, "attention causal [8,12,1024,64]",
           [&] { return scaled_dot_product_attention(q, k, v, true); });
    // The kernels alone, through the seam (no graph, no copies into views).
    const Tensor q3 = q.detach().view({96, 1024, 64}), k3 = k.detach().view({96, 1024, 64});
    const Tensor v3 = v.detach().view({96, 1024, 64}), g = ones({96, 1024, 64}, kFloat32, gpu);
    const AttentionSpec spec{CausalMask::UpperLeft, 0.125f, 1024};
    Tensor o = empty({96, 1024, 64}, kFloat32, gpu), lse = empty({96, 1024}, kFloat32, gpu);
    Tensor dq = empty({96, 1024, 64}, kFloat32, gpu), dk = empty({96, 1024, 64}, kFloat32, gpu);
    Tensor dv = empty({96, 1024, 64}, kFloat32, gpu);
    Backend& kernels = backend_for(gpu);
    const double fwd = gpu_ms([&] { kernels.attention(q3, k3, v3, {}, spec, o, lse); });
    const double bwd =
        gpu_ms([&] { kernels.attention_backward(g, q3, k3, v3, {}, o, lse, spec, dq, dk, dv); });
    out << "kernel\tflash attention causal [96,1024,64] fwd\t" << fwd << std::endl;
    out << "kernel\tflash attention causal [96,1024,64] bwd\t" << bwd << std::endl;
  }
  {
    // A generated token's step: one query against a key-value cache of 1,024 positions.
    const Tensor q = leaf({8, 12, 1, 64}, gen), k = leaf({8, 12, 1024, 64}, gen);
    const Tensor v = leaf({8, 12, 1024, 64}, gen);
    AttentionOptions cached;
    cached.causal = CausalMask::LowerRight;
    report(out, "attention decode [8,12,1|1024,64]",
           [&] { return scaled_dot_product_attention(q, k, v, cached); });
  }
}

}  // namespace buildgpt::bench
