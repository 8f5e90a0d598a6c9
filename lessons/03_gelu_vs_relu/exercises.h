// Lesson 03's exercises: ReLU's derivative, GELU exactly and in its tanh approximation, and both
// GELUs' derivatives by hand, one value at a time.
#pragma once

namespace buildgpt::lessons {

// Exercise 1: d relu(x) / dx: 1 where x > 0, else 0 (at 0 too, as the library and PyTorch choose).
double relu_derivative(double x);

// Exercise 2: the exact GELU, x Φ(x), with Φ the standard normal's cumulative distribution:
//   Φ(x) = (1 + erf(x / √2)) / 2.
double gelu_exact(double x);

// Exercise 3: GELU's tanh approximation: x/2 (1 + tanh(√(2/π) (x + 0.044715 x³))).
double gelu_tanh(double x);

// Exercise 4: d gelu_exact(x) / dx = Φ(x) + x φ(x), with φ(x) = exp(-x²/2) / √(2π) the normal
// density.
double gelu_exact_derivative(double x);

// Exercise 5: d gelu_tanh(x) / dx, by the product and chain rules (tanh' = 1 - tanh²).
double gelu_tanh_derivative(double x);

}  // namespace buildgpt::lessons
