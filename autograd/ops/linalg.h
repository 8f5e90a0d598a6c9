// Matrix products (matmul.cpp).
#pragma once

#include "autograd/tensor.h"

namespace buildgpt {

// As torch.matmul: 1-D·1-D is a dot product; 2-D·2-D a matrix product (cblas_sgemm); N-D
// operands are stacks of matrices whose batch dimensions broadcast. A 1-D operand is treated as
// a row (left) or column (right) vector and that dimension is removed from the result.
Tensor matmul(const Tensor& a, const Tensor& b);

}  // namespace buildgpt
