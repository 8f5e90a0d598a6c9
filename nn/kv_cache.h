// A key-value cache for generation: each layer's keys and values for the positions seen so far,
// in buffers allocated once at full context length and written in place, so a new token costs
// one write of its own keys and values, never a copy of what the cache holds.
#pragma once

#include <cstdint>
#include <vector>

#include "autograd/device.h"
#include "autograd/tensor.h"
#include "nn/gpt_config.h"

namespace buildgpt::nn {

// One layer's buffers, each [B, heads, context, head_width]; positions [0, length) are filled.
struct LayerKV {
  Tensor keys, values;
};

class KVCache {
 public:
  // Empty buffers for `batch` sequences of a model built from `config`, on `device`.
  KVCache(const GPTConfig& config, int64_t batch, Device device = Device::cpu());

  int64_t batch() const { return batch_; }
  int64_t capacity() const { return capacity_; }  // the config's context
  int64_t length() const { return length_; }      // positions held
  Device device() const { return device_; }
  LayerKV& layer(int64_t index);

  // Writes k and v [B, heads, T, head_width] at positions [length, length + T) of layer `index`
  // and returns length + T, the keys to attend to. The position advances only when the whole
  // model has written: advance(T) then.
  int64_t write(int64_t index, const Tensor& k, const Tensor& v);
  void advance(int64_t positions);
  // Forgets every position (the buffers stay allocated).
  void reset() { length_ = 0; }

 private:
  int64_t batch_, capacity_, length_ = 0;
  Device device_;
  std::vector<LayerKV> layers_;
};

}  // namespace buildgpt::nn
