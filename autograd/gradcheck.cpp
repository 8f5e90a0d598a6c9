#include "autograd/gradcheck.h"

#include <cmath>
#include <sstream>

#include "autograd/creation.h"
#include "autograd/graph.h"

namespace buildgpt {
namespace {

// <w, f(inputs)> in double, with recording off.
double projected(const GradcheckFn& f, const std::vector<Tensor>& inputs,
                 const std::vector<double>& w) {
  NoGradGuard no_grad;
  const Tensor out = f(inputs);
  const float* p = out.data<float>();
  double total = 0;
  for (size_t i = 0; i < w.size(); ++i) total += w[i] * static_cast<double>(p[i]);
  return total;
}

}  // namespace

GradcheckResult gradcheck(const GradcheckFn& f, const std::vector<Tensor>& inputs,
                          const GradcheckOptions& options) {
  GradcheckResult result;
  GradModeGuard grad_on(true);  // the analytic pass needs a graph even inside a NoGradGuard
  // Fresh leaves that share nothing with the caller's tensors.
  std::vector<Tensor> leaves;
  for (const Tensor& t : inputs) {
    Tensor leaf = t.detach().clone();
    if (t.requires_grad()) leaf.requires_grad_(true);
    leaves.push_back(leaf);
  }
  const Tensor out = f(leaves);
  check_float("gradcheck", out, "output of f");
  Generator gen(options.seed);
  std::vector<double> w(out.numel());
  for (double& v : w) v = gen.next_double() * 2 - 1;
  std::vector<float> wf(w.begin(), w.end());
  if (!out.requires_grad()) {
    result.ok = false;
    result.message = "the output does not depend on any input that requires grad";
    return result;
  }
  out.backward(from_vector(wf).view(out.shape()));

  for (size_t idx = 0; idx < leaves.size(); ++idx) {
    Tensor& x = leaves[idx];
    if (!x.requires_grad()) continue;
    const Tensor analytic = x.grad();
    float* values = x.data<float>();
    for (int64_t i = 0; i < x.numel(); ++i) {
      const float saved = values[i];
      values[i] = static_cast<float>(saved + options.eps);
      const double up = projected(f, leaves, w);
      values[i] = static_cast<float>(saved - options.eps);
      const double down = projected(f, leaves, w);
      values[i] = saved;
      const double numeric = (up - down) / (2 * options.eps);
      const double got = analytic.defined() ? analytic.data<float>()[i] : 0.0;
      const double err = std::fabs(got - numeric);
      result.max_abs_error = std::max(result.max_abs_error, err);
      if (!(err <= options.atol + options.rtol * std::fabs(numeric)) && result.ok) {
        std::ostringstream msg;
        msg << "input " << idx << " " << shape_str(x.shape()) << ", element " << i << ": analytic "
            << got << " vs numeric " << numeric << " (|diff| " << err << ")";
        result.ok = false;
        result.message = msg.str();
      }
    }
  }
  return result;
}

}  // namespace buildgpt
