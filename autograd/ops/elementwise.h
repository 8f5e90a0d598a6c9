// Elementwise arithmetic with NumPy broadcasting, and the pointwise functions of neural networks.
#pragma once

#include "autograd/ops/gelu_approximation.h"
#include "autograd/tensor.h"

namespace buildgpt {

// Binary arithmetic (elementwise.cpp). float32, int32 and int64; both sides of one dtype. As in
// PyTorch, division of integers is true division (float32), and an integer tensor meeting a
// scalar with a fractional part becomes float32 (int32 · 0.5 = -1.5); a whole-number scalar keeps
// the integer dtype (C++ has one scalar type, so 2.0 is read as PyTorch reads the int 2).
Tensor add(const Tensor& a, const Tensor& b);
// The same, writing the sum over b's storage when b is a temporary that nothing else shares (no
// other handle, no view, no value a backward saved), of the result's shape and dtype and not a
// leaf: a residual stream's x + f(x) then needs no new tensor. Otherwise as above.
Tensor add(const Tensor& a, Tensor&& b);
Tensor sub(const Tensor& a, const Tensor& b);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor div(const Tensor& a, const Tensor& b);
Tensor add(const Tensor& a, double b);
Tensor sub(const Tensor& a, double b);
Tensor mul(const Tensor& a, double b);
Tensor div(const Tensor& a, double b);
Tensor rsub(double a, const Tensor& b);  // a - b
Tensor rdiv(double a, const Tensor& b);  // a / b
Tensor neg(const Tensor& x);
// In place, outside the graph: dst += src (src broadcasts to dst's shape). For gradient
// accumulation and optimizer updates.
void add_(Tensor& dst, const Tensor& src);

Tensor operator+(const Tensor& a, const Tensor& b);
Tensor operator+(const Tensor& a, Tensor&& b);  // add(a, std::move(b))
Tensor operator-(const Tensor& a, const Tensor& b);
Tensor operator*(const Tensor& a, const Tensor& b);
Tensor operator/(const Tensor& a, const Tensor& b);
Tensor operator+(const Tensor& a, double b);
Tensor operator-(const Tensor& a, double b);
Tensor operator*(const Tensor& a, double b);
Tensor operator/(const Tensor& a, double b);
Tensor operator+(double a, const Tensor& b);
Tensor operator-(double a, const Tensor& b);
Tensor operator*(double a, const Tensor& b);
Tensor operator/(double a, const Tensor& b);

// Pointwise functions (unary.cpp). float32.
Tensor pow(const Tensor& x, double exponent);
Tensor exp(const Tensor& x);
Tensor log(const Tensor& x);
Tensor sqrt(const Tensor& x);
Tensor tanh(const Tensor& x);
Tensor sigmoid(const Tensor& x);
Tensor relu(const Tensor& x);
// GELU in the form `approximate` names (gelu_approximation.h).
Tensor gelu(const Tensor& x, GeluApproximation approximate = GeluApproximation::None);
Tensor abs(const Tensor& x);
// Limits every value to [min, max]; the gradient is zero where the value was clamped.
Tensor clamp(const Tensor& x, double min, double max);

// Comparisons and selection (compare.cpp). Comparisons return bool tensors and have no gradient.
Tensor eq(const Tensor& a, const Tensor& b);
Tensor ne(const Tensor& a, const Tensor& b);
Tensor lt(const Tensor& a, const Tensor& b);
Tensor le(const Tensor& a, const Tensor& b);
Tensor gt(const Tensor& a, const Tensor& b);
Tensor ge(const Tensor& a, const Tensor& b);
Tensor eq(const Tensor& a, double b);
Tensor ne(const Tensor& a, double b);
Tensor lt(const Tensor& a, double b);
Tensor le(const Tensor& a, double b);
Tensor gt(const Tensor& a, double b);
Tensor ge(const Tensor& a, double b);
Tensor operator==(const Tensor& a, double b);
Tensor operator!=(const Tensor& a, double b);
Tensor operator<(const Tensor& a, double b);
Tensor operator<=(const Tensor& a, double b);
Tensor operator>(const Tensor& a, double b);
Tensor operator>=(const Tensor& a, double b);
Tensor logical_not(const Tensor& mask);
// cond ? a : b, elementwise, all three broadcast together; cond is a bool tensor.
Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b);
// x with `value` wherever the (broadcast) bool mask is true.
Tensor masked_fill(const Tensor& x, const Tensor& mask, double value);

}  // namespace buildgpt
