// The layers of a GPT, with PyTorch's parameter layouts and default initialisation. Random
// initial values come from `gen`, or the default generator when it is null (none are drawn under
// nn/skip_init.h's SkipInitGuard).
#pragma once

#include <cstdint>

#include "autograd/generator.h"
#include "autograd/ops/elementwise.h"
#include "nn/module.h"

namespace buildgpt::nn {

// y = x Wᵀ + b, with W [out, in] and b [out]; both initialised U(-1/√in, 1/√in) as PyTorch's
// kaiming_uniform(a=√5) does.
class Linear : public Module {
 public:
  Linear(int64_t in_features, int64_t out_features, bool bias = true, Generator* gen = nullptr);
  Tensor forward(const Tensor& x) override;

  const int64_t in_features, out_features;
  Tensor& weight;
  Tensor& bias;  // undefined without bias
};

// Rows of weight [num_embeddings, dim] looked up by int64 ids; initialised N(0, 1).
class Embedding : public Module {
 public:
  Embedding(int64_t num_embeddings, int64_t embedding_dim, Generator* gen = nullptr);
  Tensor forward(const Tensor& ids) override;

  const int64_t num_embeddings, embedding_dim;
  Tensor& weight;
};

// Normalises over the trailing `normalized_shape` dimensions; weight starts at ones and bias at
// zeros when elementwise_affine (otherwise both are absent); `bias` false keeps only the weight.
class LayerNorm : public Module {
 public:
  explicit LayerNorm(Shape normalized_shape, double eps = 1e-5, bool elementwise_affine = true,
                     bool bias = true);
  Tensor forward(const Tensor& x) override;

  const Shape normalized_shape;
  const double eps;
  Tensor& weight;
  Tensor& bias;
};

class GELU : public Module {
 public:
  explicit GELU(GeluApproximation approximate = GeluApproximation::None)
      : Module("GELU"), approximate(approximate) {}
  Tensor forward(const Tensor& x) override;

  const GeluApproximation approximate;
};

class ReLU : public Module {
 public:
  ReLU() : Module("ReLU") {}
  Tensor forward(const Tensor& x) override;
};

// Zeroes elements with probability p in training mode, the identity in evaluation mode.
class Dropout : public Module {
 public:
  explicit Dropout(double p = 0.5, Generator* gen = nullptr);
  Tensor forward(const Tensor& x) override;

  const double p;

 private:
  Generator* gen_;
};

}  // namespace buildgpt::nn
