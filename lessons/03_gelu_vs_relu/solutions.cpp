// Worked answers to lesson 03's exercises.
#include "exercises.h"

#include <cmath>
#include <numbers>

namespace buildgpt::lessons {
namespace {

constexpr double kCubic = 0.044715;
const double kSqrt2OverPi = std::sqrt(2 / std::numbers::pi);

double normal_cdf(double x) { return 0.5 * (1 + std::erf(x / std::numbers::sqrt2)); }
double normal_pdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2 * std::numbers::pi); }

}  // namespace

double relu_derivative(double x) { return x > 0 ? 1 : 0; }

double gelu_exact(double x) { return x * normal_cdf(x); }

double gelu_tanh(double x) {
  return 0.5 * x * (1 + std::tanh(kSqrt2OverPi * (x + kCubic * x * x * x)));
}

double gelu_exact_derivative(double x) { return normal_cdf(x) + x * normal_pdf(x); }

double gelu_tanh_derivative(double x) {
  // gelu = x/2 (1 + t), t = tanh(u), u = √(2/π) (x + c x³):
  //   d/dx = (1 + t)/2 + x/2 (1 - t²) du/dx,  du/dx = √(2/π) (1 + 3 c x²)
  const double t = std::tanh(kSqrt2OverPi * (x + kCubic * x * x * x));
  return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * kSqrt2OverPi * (1 + 3 * kCubic * x * x);
}

}  // namespace buildgpt::lessons
