#include "nn/kv_cache.h"

#include <stdexcept>
#include <string>

#include "autograd/creation.h"

namespace buildgpt::nn {

KVCache::KVCache(const GPTConfig& config, int64_t batch, Device device)
    : batch_(batch), capacity_(config.context), device_(device) {
  config.validate();
  if (batch <= 0) {
    throw std::invalid_argument("KVCache: batch must be positive, got " + std::to_string(batch));
  }
  const Shape shape{batch, config.heads, config.context, config.head_width()};
  for (int64_t i = 0; i < config.layers; ++i) {
    layers_.push_back({zeros(shape, kFloat32, device), zeros(shape, kFloat32, device)});
  }
}

LayerKV& KVCache::layer(int64_t index) {
  if (index < 0 || index >= static_cast<int64_t>(layers_.size())) {
    throw std::out_of_range("KVCache: layer " + std::to_string(index) + " of " +
                            std::to_string(layers_.size()));
  }
  return layers_[index];
}

int64_t KVCache::write(int64_t index, const Tensor& k, const Tensor& v) {
  LayerKV& kv = layer(index);
  const int64_t t = k.size(2);
  if (length_ + t > capacity_) {
    throw std::invalid_argument("KVCache: " + std::to_string(t) + " new positions after " +
                                std::to_string(length_) + " exceed the capacity of " +
                                std::to_string(capacity_));
  }
  kv.keys.write_slice_(2, length_, k);
  kv.values.write_slice_(2, length_, v);
  return length_ + t;
}

void KVCache::advance(int64_t positions) {
  if (positions < 0 || length_ + positions > capacity_) {
    throw std::invalid_argument("KVCache: cannot advance " + std::to_string(positions) +
                                " positions from " + std::to_string(length_) + " of " +
                                std::to_string(capacity_));
  }
  length_ += positions;
}

}  // namespace buildgpt::nn
