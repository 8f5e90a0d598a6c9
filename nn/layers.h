// The layers of a GPT, with PyTorch's parameter layouts and default initialisation. Random
// initial values come from `gen`, or the default generator when it is null (none are drawn under
// nn/skip_init.h's SkipInitGuard).
#pragma once

#include <cstdint>
#include <string>

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

// What the normalisation layers share: the trailing dimensions `normalized_shape` they normalise
// over, epsilon, and an elementwise weight (starting at ones) and bias (at zeros), either absent.
class Norm : public Module {
 public:
  const Shape normalized_shape;
  const double eps;
  Tensor& weight;
  Tensor& bias;

 protected:
  Norm(std::string type_name, Shape normalized_shape, double eps, bool weight, bool bias);
};

// Subtracts the mean and divides by the standard deviation; weight and bias when
// elementwise_affine (otherwise both are absent); `bias` false keeps only the weight.
class LayerNorm : public Norm {
 public:
  explicit LayerNorm(Shape normalized_shape, double eps = 1e-5, bool elementwise_affine = true,
                     bool bias = true);
  Tensor forward(const Tensor& x) override;
};

// Divides by the root mean square, then scales by weight (when elementwise_affine); no centring
// and no bias (bias is always absent), as PyTorch's RMSNorm.
class RMSNorm : public Norm {
 public:
  explicit RMSNorm(Shape normalized_shape, double eps = 1e-6, bool elementwise_affine = true);
  Tensor forward(const Tensor& x) override;
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
