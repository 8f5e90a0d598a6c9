// Reductions over all elements or over chosen dimensions (reduce.cpp, minmax.cpp, moments.cpp,
// cumsum.cpp). An empty dimension list means every dimension.
#pragma once

#include "autograd/tensor.h"

namespace buildgpt {

// Sums in x's dtype, except int32, which sums to int64.
Tensor sum(const Tensor& x);
Tensor sum(const Tensor& x, const Dims& dims, bool keepdim = false);
Tensor mean(const Tensor& x);
Tensor mean(const Tensor& x, const Dims& dims, bool keepdim = false);
// Largest/smallest value over all elements, or along one dimension. NaN counts as the extreme.
// Along a dimension the gradient goes to the first extreme (the argmax/argmin index); over all
// elements, as for amax/amin, tied extremes share it evenly.
Tensor max(const Tensor& x);
Tensor max(const Tensor& x, int64_t dim, bool keepdim = false);
Tensor min(const Tensor& x);
Tensor min(const Tensor& x, int64_t dim, bool keepdim = false);
// Largest/smallest values over several dimensions at once.
Tensor amax(const Tensor& x, const Dims& dims, bool keepdim = false);
Tensor amin(const Tensor& x, const Dims& dims, bool keepdim = false);
// Index (int64) of the first largest/smallest value: over the flattened tensor, or along dim.
Tensor argmax(const Tensor& x);
Tensor argmax(const Tensor& x, int64_t dim, bool keepdim = false);
Tensor argmin(const Tensor& x);
Tensor argmin(const Tensor& x, int64_t dim, bool keepdim = false);
// Variance and standard deviation; correction 1 is the unbiased (n - 1) estimate, 0 the biased.
// n - correction <= 0 divides by zero: inf, or nan when all values are equal. An empty dims
// list means every element: var(x, {}, false, 0) is the biased variance of all of x.
Tensor var(const Tensor& x);
Tensor var(const Tensor& x, const Dims& dims, bool keepdim = false, int64_t correction = 1);
Tensor std(const Tensor& x);
Tensor std(const Tensor& x, const Dims& dims, bool keepdim = false, int64_t correction = 1);
// Running sum along dim, in x's dtype (int64 for int32).
Tensor cumsum(const Tensor& x, int64_t dim);

}  // namespace buildgpt
