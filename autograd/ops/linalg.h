// Matrix products (matmul.cpp): matmul and linear.
#pragma once

#include "autograd/tensor.h"

namespace buildgpt {

// As torch.matmul: 1-D·1-D is a dot product; 2-D·2-D a matrix product (cblas_sgemm); N-D
// operands are stacks of matrices whose batch dimensions broadcast. A 1-D operand is treated as
// a row (left) or column (right) vector and that dimension is removed from the result.
Tensor matmul(const Tensor& a, const Tensor& b);

// x · weightᵀ + bias, as torch.nn.functional.linear: x [..., in], weight [out, in], bias [out]
// or undefined. The same numbers as matmul(x, weight.t()) + bias, without copying the transposed
// weight: BLAS reads it transposed, in the forward and in both gradients.
Tensor linear(const Tensor& x, const Tensor& weight, const Tensor& bias = Tensor());

}  // namespace buildgpt
