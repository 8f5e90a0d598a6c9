#include "plot/values.h"

#include <stdexcept>
#include <string>

#include "autograd/device.h"
#include "autograd/dtype.h"
#include "autograd/shape.h"

namespace buildgpt::plot {
namespace {

std::vector<double> tensor_values(const Tensor& t) {
  const std::vector<float> values = t.to(Device::cpu()).to(kFloat32).to_vector<float>();
  return {values.begin(), values.end()};
}

}  // namespace

Values::Values(const Tensor& values) {
  if (!values.defined() || values.dim() > 1) {
    throw std::invalid_argument("plot: values must be a 0-D or 1-D tensor, got " +
                                (values.defined() ? shape_str(values.shape()) : "undefined"));
  }
  values_ = tensor_values(values);
}

Matrix::Matrix(size_t rows, size_t cols, std::vector<double> values)
    : rows_(rows), cols_(cols), values_(std::move(values)) {
  if (values_.size() != rows * cols) {
    throw std::invalid_argument("plot: a " + std::to_string(rows) + " x " + std::to_string(cols) +
                                " matrix needs " + std::to_string(rows * cols) + " values, got " +
                                std::to_string(values_.size()));
  }
}

Matrix::Matrix(const Tensor& values) {
  if (!values.defined() || values.dim() != 2) {
    throw std::invalid_argument("plot: a matrix must be a 2-D tensor, got " +
                                (values.defined() ? shape_str(values.shape()) : "undefined"));
  }
  *this = Matrix(values.size(0), values.size(1), tensor_values(values));
}

Matrix Matrix::from_rows(const std::vector<Values>& rows) {
  const size_t cols = rows.empty() ? 0 : rows[0].size();
  std::vector<double> values;
  values.reserve(rows.size() * cols);
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != cols) {
      throw std::invalid_argument("plot: matrix rows differ in length (row 0 has " +
                                  std::to_string(cols) + " values, row " + std::to_string(r) +
                                  " has " + std::to_string(rows[r].size()) + ")");
    }
    values.insert(values.end(), rows[r].vec().begin(), rows[r].vec().end());
  }
  return Matrix(rows.size(), cols, std::move(values));
}

}  // namespace buildgpt::plot
