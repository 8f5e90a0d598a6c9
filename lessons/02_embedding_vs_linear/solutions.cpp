// Worked answers to lesson 02's exercises.
#include "exercises.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace buildgpt::lessons {

Tensor one_hot_by_hand(const Tensor& ids, int64_t num_classes) {
  const std::vector<int64_t> id = ids.to_vector<int64_t>();
  Tensor out = zeros({static_cast<int64_t>(id.size()), num_classes});
  float* row = out.data<float>();
  for (int64_t i : id) {
    if (i < 0 || i >= num_classes) {
      throw std::invalid_argument("one_hot_by_hand: id " + std::to_string(i) + " is outside [0, " +
                                  std::to_string(num_classes) + ")");
    }
    row[i] = 1;
    row += num_classes;
  }
  return out;
}

Tensor lookup_as_matmul(const Tensor& ids, const Tensor& weight) {
  // Row r of the product is sum_v onehot[r][v] · weight[v]: only v = ids[r] survives.
  return one_hot_by_hand(ids, weight.size(0)).matmul(weight);
}

// Kaiming-uniform draws from U(-b, b) with b = gain · √3 / √fan_in; a = √5 makes the gain
// √(2 / (1 + a²)) = 1/√3, so b = 1/√fan_in.
double kaiming_uniform_bound(int64_t fan_in) { return 1 / std::sqrt(static_cast<double>(fan_in)); }

// The variance of U(-b, b) is the integral of x² / (2b) from -b to b, which is b² / 3.
double uniform_std(double bound) { return bound / std::sqrt(3.0); }

}  // namespace buildgpt::lessons
