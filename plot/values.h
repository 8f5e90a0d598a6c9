// The numbers a plot takes: any range of arithmetic values, a braced list, or a CPU tensor, all
// copied as doubles so a lesson can pass what it has (std::vector<float>, step counters, ...).
#pragma once

#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <ranges>
#include <type_traits>
#include <vector>

#include "autograd/tensor.h"

namespace buildgpt::plot {

template <typename R>
concept NumberRange =
    std::ranges::input_range<R> && std::is_arithmetic_v<std::ranges::range_value_t<R>> &&
    !std::same_as<std::ranges::range_value_t<R>, char>;

// One series of values.
class Values {
 public:
  Values() = default;
  Values(std::initializer_list<double> values) : values_(values) {}
  template <NumberRange R>
  Values(const R& values) : values_(std::ranges::begin(values), std::ranges::end(values)) {}
  // A 0-D or 1-D tensor of any dtype.
  Values(const Tensor& values);

  size_t size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }
  double operator[](size_t i) const { return values_[i]; }
  const std::vector<double>& vec() const { return values_; }

 private:
  std::vector<double> values_;
};

// A rows x cols matrix, row-major; row 0 is drawn at the top of a heat map.
class Matrix {
 public:
  Matrix() = default;
  Matrix(size_t rows, size_t cols, std::vector<double> values);
  // Every inner range is a row; all rows must have the same length.
  template <NumberRange Row>
  Matrix(const std::vector<Row>& rows)
      : Matrix(from_rows(std::vector<Values>(rows.begin(), rows.end()))) {}
  Matrix(std::initializer_list<Values> rows) : Matrix(from_rows(std::vector<Values>(rows))) {}
  // A 2-D tensor of any dtype.
  Matrix(const Tensor& values);

  size_t rows() const { return rows_; }
  size_t cols() const { return cols_; }
  double at(size_t row, size_t col) const { return values_[row * cols_ + col]; }
  const std::vector<double>& vec() const { return values_; }

 private:
  static Matrix from_rows(const std::vector<Values>& rows);
  size_t rows_ = 0;
  size_t cols_ = 0;
  std::vector<double> values_;
};

}  // namespace buildgpt::plot
