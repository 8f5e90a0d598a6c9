// The worked answers to lesson 19's exercises.
#include "exercises.h"

namespace buildgpt::lessons {

std::string our_name(const std::string& hf_name) {
  const std::string prefix = "transformer.";
  const std::string body = hf_name.starts_with(prefix) ? hf_name.substr(prefix.size()) : hf_name;
  // "h.7.attn.bias" is the mask; "h.7.attn.c_attn.bias" (a weight) does not end in ".attn.bias".
  if (body.starts_with("h.") &&
      (body.ends_with(".attn.bias") || body.ends_with(".attn.masked_bias"))) {
    return "";
  }
  return body.starts_with("lm_head.") ? body : prefix + body;
}

// y = x W + b with W [in, out]: Linear with the weight Wᵀ [out, in].
Tensor conv1d(const Tensor& x, const Tensor& weight, const Tensor& bias) {
  return x.matmul(weight) + bias;
}

Tensor to_our_layout(const std::string& our_name, const Tensor& t) {
  const bool conv1d_weight =
      our_name.ends_with(".attn.c_attn.weight") || our_name.ends_with(".attn.c_proj.weight") ||
      our_name.ends_with(".mlp.c_fc.weight") || our_name.ends_with(".mlp.c_proj.weight");
  return conv1d_weight ? t.transpose(0, 1) : t;
}

}  // namespace buildgpt::lessons
