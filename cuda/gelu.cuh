// GELU and its derivative on the GPU, in the forms the CPU's gelu.cpp computes: shared by the
// elementwise gelu (elementwise.cu) and the MLP's bias + GELU (gelu.cu).
#pragma once

#include <cuda_runtime.h>

namespace buildgpt::cuda {

constexpr float kInvSqrt2 = 0.7071067811865476f;
constexpr float kInvSqrt2Pi = 0.3989422804014327f;
constexpr float kSqrt2OverPi = 0.7978845608028654f;
constexpr float kGeluCubic = 0.044715f;

// The tanh form through one exponential: with u = √(2/π)(v + 0.044715v³), ½(1 + tanh u) = σ(2u)
// = 1 / (1 + e⁻²ᵘ), which keeps its digits where u is very negative and 1 + tanh u cancels.
__device__ inline float gelu_tanh_sigmoid(float v) {
  return 1 / (1 + expf(-2 * kSqrt2OverPi * (v + kGeluCubic * v * v * v)));
}

// gelu(v) = ½v(1 + erf(v/√2)), or ½v(1 + tanh u) = v σ(2u) in the tanh form.
__device__ inline float gelu(float v, bool tanh_form) {
  if (tanh_form) return v * gelu_tanh_sigmoid(v);
  return 0.5f * v * (1 + erff(v * kInvSqrt2));
}

// gelu′(v) = Φ(v) + v φ(v), φ(v) = e^(−v²/2)/√(2π); in the tanh form, with s = σ(2u):
// s + 2v·s(1 − s)·√(2/π)(1 + 3·0.044715v²).
__device__ inline float gelu_derivative(float v, bool tanh_form) {
  if (tanh_form) {
    const float s = gelu_tanh_sigmoid(v);
    return s + 2 * v * s * (1 - s) * kSqrt2OverPi * (1 + 3 * kGeluCubic * v * v);
  }
  return 0.5f * (1 + erff(v * kInvSqrt2)) + v * kInvSqrt2Pi * expf(-0.5f * v * v);
}

}  // namespace buildgpt::cuda
