#include "nn/layers.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "autograd/creation.h"
#include "autograd/ops/fused.h"
#include "autograd/ops/linalg.h"
#include "nn/skip_init.h"

namespace buildgpt::nn {
namespace {

int64_t positive(const char* layer, const char* what, int64_t value) {
  if (value <= 0) {
    throw std::invalid_argument(std::string(layer) + ": " + what + " must be positive, got " +
                                std::to_string(value));
  }
  return value;
}

// U(-1/√in, 1/√in), or unset under SkipInitGuard.
Tensor kaiming_uniform(const Shape& shape, int64_t in, Generator* gen) {
  const double bound = 1 / std::sqrt(double(in));
  return init_skipped() ? empty(shape) : uniform(shape, -bound, bound, gen);
}

}  // namespace

Linear::Linear(int64_t in, int64_t out, bool has_bias, Generator* gen)
    : Module("Linear"),
      in_features(positive("Linear", "in_features", in)),
      out_features(positive("Linear", "out_features", out)),
      weight(register_parameter("weight", kaiming_uniform({out, in}, in, gen))),
      bias(register_parameter("bias", has_bias ? kaiming_uniform({out}, in, gen) : Tensor())) {}

Tensor Linear::forward(const Tensor& x) { return linear(x, weight, bias); }

Embedding::Embedding(int64_t num, int64_t dim, Generator* gen)
    : Module("Embedding"),
      num_embeddings(positive("Embedding", "num_embeddings", num)),
      embedding_dim(positive("Embedding", "embedding_dim", dim)),
      weight(register_parameter("weight",
                                init_skipped() ? empty({num, dim}) : randn({num, dim}, gen))) {}

Tensor Embedding::forward(const Tensor& ids) { return embedding(ids, weight); }

Norm::Norm(std::string type_name, Shape shape, double eps_, bool has_weight, bool has_bias)
    : Module(std::move(type_name)),
      normalized_shape(std::move(shape)),
      eps(eps_),
      weight(register_parameter("weight", has_weight ? ones(normalized_shape) : Tensor())),
      bias(register_parameter("bias", has_bias ? zeros(normalized_shape) : Tensor())) {}

LayerNorm::LayerNorm(Shape shape, double eps_, bool affine, bool has_bias)
    : Norm("LayerNorm", std::move(shape), eps_, affine, affine && has_bias) {}

Tensor LayerNorm::forward(const Tensor& x) {
  return layer_norm(x, normalized_shape, weight, bias, eps);
}

RMSNorm::RMSNorm(Shape shape, double eps_, bool affine)
    : Norm("RMSNorm", std::move(shape), eps_, affine, false) {}

Tensor RMSNorm::forward(const Tensor& x) { return rms_norm(x, normalized_shape, weight, eps); }

Tensor GELU::forward(const Tensor& x) { return gelu(x, approximate); }

Tensor ReLU::forward(const Tensor& x) { return relu(x); }

Dropout::Dropout(double p_, Generator* gen) : Module("Dropout"), p(p_), gen_(gen) {
  if (!(p >= 0 && p <= 1)) {
    throw std::invalid_argument("Dropout: p must be in [0, 1], got " + std::to_string(p));
  }
}

Tensor Dropout::forward(const Tensor& x) { return dropout(x, p, is_training(), gen_); }

}  // namespace buildgpt::nn
