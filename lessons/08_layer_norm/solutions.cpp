// Worked answers to lesson 08's exercises.
#include "exercises.h"

namespace buildgpt::lessons {

RowMoments row_moments(const Tensor& x) {
  const Tensor mean = x.mean({-1}, /*keepdim=*/true);
  const Tensor centred = x - mean;
  return {mean, (centred * centred).mean({-1}, /*keepdim=*/true)};
}

Tensor layer_norm_forward(const Tensor& x, const Tensor& gamma, const Tensor& beta, double eps) {
  const RowMoments m = row_moments(x);
  Tensor y = (x - m.mean) / sqrt(m.var + eps);
  if (gamma.defined()) y = y * gamma;
  if (beta.defined()) y = y + beta;
  return y;
}

LayerNormGrads layer_norm_backward(const Tensor& x, const Tensor& gamma, const Tensor& grad_out,
                                   double eps) {
  const RowMoments m = row_moments(x);
  const Tensor rstd = 1.0 / sqrt(m.var + eps);
  const Tensor x_hat = (x - m.mean) * rstd;
  // y = x_hat * gamma + beta. Through x_hat, every x_i of a row moves the row's mean and
  // variance too; that takes away the gradient's row mean and its component along x_hat:
  //   dx = rstd * (g - mean(g) - x_hat * mean(g * x_hat)),  g = grad_out * gamma.
  const Tensor g = grad_out * gamma;
  const Tensor dx = rstd * (g - g.mean({-1}, true) - x_hat * (g * x_hat).mean({-1}, true));
  // gamma and beta are shared by every row: their gradients sum over all rows.
  const int64_t width = x.size(-1);
  return {dx, (grad_out * x_hat).reshape({-1, width}).sum({0}),
          grad_out.reshape({-1, width}).sum({0})};
}

}  // namespace buildgpt::lessons
