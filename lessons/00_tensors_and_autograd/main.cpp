// Lesson 00: tensors, broadcasting, a graph built by a few ops, backward(), and a check of the
// gradients against finite differences.
#include <cmath>
#include <cstdio>
#include <iostream>

#include "autograd/autograd.h"

using namespace buildgpt;

namespace {

void heading(const char* title) { std::printf("\n== %s ==\n\n", title); }

// The model of this lesson: one neuron with a tanh, and the mean squared error to a target.
Tensor neuron_loss(const Tensor& x, const Tensor& w, const Tensor& b, const Tensor& target) {
  const Tensor y = tanh(matmul(x, w) + b);
  const Tensor err = y - target;
  return mean(err * err);
}

}  // namespace

int main() {
  manual_seed(0);

  heading("1. Tensors");
  const Tensor a = tensor({1, 2, 3, 4, 5, 6}, {2, 3});
  std::cout << "a = " << a << "\n";
  std::cout << "a.shape() = " << shape_str(a.shape()) << ", a.numel() = " << a.numel() << "\n";
  std::cout << "a.transpose(0, 1) = " << a.transpose(0, 1) << "\n";

  heading("2. Broadcasting");
  const Tensor col = tensor({10, 20}, {2, 1});
  const Tensor row = tensor({1, 2, 3}, {1, 3});
  std::cout << "col [2, 1] + row [1, 3] gives a [2, 3] table of every sum:\n" << col + row << "\n";

  heading("3. A graph");
  const Tensor x = tensor({0.5f, -1.0f, 2.0f, 1.5f, 0.0f, -0.5f}, {2, 3});
  const Tensor target = tensor({0.5f, -0.25f}, {2, 1});
  Tensor w = randn({3, 1}).requires_grad_().set_name("w");
  Tensor b = zeros({1}).requires_grad_().set_name("b");
  const Tensor loss = neuron_loss(x, w, b, target);
  std::cout << "loss = mean((tanh(x @ w + b) - target)^2) = " << loss.item() << "\n\n";
  std::cout << "The graph, from the loss back to the leaves (backward visits it in this order):\n";
  print_graph(std::cout, loss);

  heading("4. backward()");
  loss.backward();
  std::cout << "dloss/dw = " << w.grad() << "\n";
  std::cout << "dloss/db = " << b.grad() << "\n";

  heading("5. Checking the gradients with finite differences");
  std::printf("Nudge one weight by +-eps, recompute the loss, and take the slope:\n");
  std::printf("  (loss(w + eps) - loss(w - eps)) / (2 eps) should equal the gradient.\n\n");
  std::printf("  %-6s %14s %14s %12s\n", "param", "backward()", "finite diff", "|diff|");
  const double eps = 1e-2;
  double worst = 0;
  NoGradGuard no_grad;  // the nudged losses need no graph
  for (Tensor* p : {&w, &b}) {
    const Tensor grad = p->grad();
    for (int64_t i = 0; i < p->numel(); ++i) {
      float* value = p->data<float>() + i;
      const float saved = *value;
      *value = static_cast<float>(saved + eps);
      const double up = neuron_loss(x, w, b, target).item();
      *value = static_cast<float>(saved - eps);
      const double down = neuron_loss(x, w, b, target).item();
      *value = saved;
      const double numeric = (up - down) / (2 * eps);
      const double analytic = grad.data<float>()[i];
      worst = std::max(worst, std::fabs(numeric - analytic));
      std::printf("  %s[%ld] %14.6f %14.6f %12.2e\n", p->name().c_str(), static_cast<long>(i),
                  analytic, numeric, std::fabs(numeric - analytic));
    }
  }
  const GradcheckResult check = gradcheck(
      [&](const std::vector<Tensor>& in) { return neuron_loss(x, in[0], in[1], target); }, {w, b});
  std::printf("\nLargest difference: %.2e (float32 arithmetic: agreement to ~1e-3 is expected)\n",
              worst);
  std::printf("gradcheck(): %s\n", check.ok ? "passed" : check.message.c_str());
  if (!check.ok || worst > 1e-2) {
    std::printf("the gradients disagree\n");
    return 1;
  }
  std::printf("all gradients agree\n");
  return 0;
}
