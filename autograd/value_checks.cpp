#include "autograd/value_checks.h"

#include <cmath>
#include <string>

namespace buildgpt {
namespace {

// Calls body(values, count) with t's elements (of C++ type T) in host memory.
template <typename T, typename Body>
auto read_on_host(const Tensor& t, Body&& body) {
  const Tensor host = t.device().is_cpu() ? t : t.detach().to(Device::cpu());
  return body(host.data<T>(), host.numel());
}

// Where a weight sits, as "[col]" or "[row, col]".
std::string position(int64_t row, int64_t col, bool two_d) {
  return shape_str(two_d ? Shape{row, col} : Shape{col});
}

void check_weight_row(const float* w, int64_t v, int64_t row, bool two_d, int64_t count,
                      bool replacement) {
  double total = 0;
  int64_t nonzero = 0;
  for (int64_t i = 0; i < v; ++i) {
    if (!std::isfinite(w[i])) {
      fail("multinomial", "weights must be finite, got " + std::to_string(w[i]) + " at " +
                              position(row, i, two_d));
    }
    if (w[i] < 0) {
      fail("multinomial", "weights must be non-negative, got " + std::to_string(w[i]) + " at " +
                              position(row, i, two_d));
    }
    total += w[i];
    nonzero += w[i] > 0;
  }
  if (total == 0) {
    fail("multinomial", two_d ? "row " + std::to_string(row) + " of the weights sums to zero"
                              : std::string("the weights sum to zero"));
  }
  if (!replacement && count > nonzero) {
    fail("multinomial", "cannot draw " + std::to_string(count) +
                            " samples without replacement from " +
                            (two_d ? "row " + std::to_string(row) : std::string("weights")) +
                            " with only " + std::to_string(nonzero) + " non-zero weights");
  }
}

}  // namespace

std::optional<int64_t> first_outside(const Tensor& ids, int64_t size) {
  return read_on_host<int64_t>(ids, [&](const int64_t* p, int64_t n) -> std::optional<int64_t> {
    for (int64_t i = 0; i < n; ++i) {
      if (p[i] < 0 || p[i] >= size) return p[i];
    }
    return std::nullopt;
  });
}

TargetScan scan_targets(const Tensor& targets, int64_t classes, int64_t ignore) {
  return read_on_host<int64_t>(targets, [&](const int64_t* p, int64_t n) {
    TargetScan scan;
    for (int64_t i = 0; i < n && !scan.outside; ++i) {
      if (p[i] == ignore) continue;
      if (p[i] < 0 || p[i] >= classes) scan.outside = p[i];
      ++scan.counted;
    }
    return scan;
  });
}

void check_sampling_weights(const Tensor& probs, int64_t num_samples, bool replacement) {
  const bool two_d = probs.dim() == 2;
  const int64_t v = probs.size(-1), rows = two_d ? probs.size(0) : 1;
  read_on_host<float>(probs, [&](const float* w, int64_t) {
    for (int64_t r = 0; r < rows; ++r) {
      check_weight_row(w + r * v, v, r, two_d, num_samples, replacement);
    }
  });
}

}  // namespace buildgpt
