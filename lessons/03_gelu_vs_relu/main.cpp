// Lesson 03: ReLU, the exact GELU and its tanh approximation: their curves and derivatives, their
// speed on a million values, and Model 1 trained with GELU and with ReLU.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "autograd/autograd.h"
#include "exercises.h"
#include "lessons/common/course_corpus.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "lessons/common/linspace.h"
#include "lessons/common/timing.h"
#include "model1.h"
#include "plot/figure.h"
#include "train_model1.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

struct Activ {
  const char* name;
  std::function<Tensor(const Tensor&)> op;
};

const std::vector<Activ>& activations() {
  static const std::vector<Activ> all = {{"ReLU", [](const Tensor& x) { return relu(x); }},
                                         {"GELU (exact)", [](const Tensor& x) { return gelu(x); }},
                                         {"GELU (tanh approximation)", [](const Tensor& x) {
                                            return gelu(x, GeluApproximation::Tanh);
                                          }}};
  return all;
}

// f(x) and f'(x) at every x: the derivative is the gradient of sum(f(x)), from autograd.
std::pair<Tensor, Tensor> value_and_derivative(const Activ& a, const Tensor& x) {
  Tensor xg = x.clone().requires_grad_();
  const Tensor y = a.op(xg);
  y.sum().backward();
  return {y.detach(), xg.grad()};
}

// The correlation of two equally long series.
double correlation(const Tensor& a, const Tensor& b) {
  const Tensor da = a - mean(a), db = b - mean(b);
  return ((da * db).sum() / ((da * da).sum() * (db * db).sum()).sqrt()).item();
}

// Slopes of f between neighbouring points (the course's torch.diff(f) / dx), at the midpoints.
std::pair<Tensor, Tensor> finite_differences(const Tensor& x, const Tensor& y) {
  const int64_t n = x.numel() - 1;
  const Tensor dx = x.narrow(0, 1, n) - x.narrow(0, 0, n);
  return {(x.narrow(0, 1, n) + x.narrow(0, 0, n)) / 2.0,
          (y.narrow(0, 1, n) - y.narrow(0, 0, n)) / dx};
}

// The course's figures on [-3, 3]: the functions at 101 points, and the derivatives of ReLU and
// GELU from finite differences on 333 points; ours below them: how far the exact GELU and its
// approximation, and their derivatives (from autograd), are apart.
void curves(const std::filesystem::path& png) {
  const Tensor x = linspace(-3, 3, 101), x_fine = linspace(-3, 3, 333);
  plot::Figure fig(2, 2);
  fig.title("ReLU, GELU and GELU's tanh approximation on [-3, 3]");
  plot::Plot& values = fig.panel(0, 0).title("the functions").xlabel("x").ylabel("f(x)");
  plot::Plot& slopes =
      fig.panel(0, 1).title("their derivatives, by finite differences").xlabel("x").ylabel("df/dx");
  std::vector<std::pair<Tensor, Tensor>> results;
  for (const Activ& a : activations()) {
    results.push_back(value_and_derivative(a, x));
    // The approximation, drawn last, covers the exact curve: they differ by less than 1e-3.
    values.line(results.size() == 3 ? "GELU tanh (covers exact)" : a.name, x, results.back().first);
  }
  double worst = 0;  // autograd against the finite differences, away from ReLU's kink at 0
  for (size_t i = 0; i < 2; ++i) {  // the course's two: ReLU and GELU
    const auto [mid, fd] = finite_differences(x_fine, activations()[i].op(x_fine).detach());
    slopes.line(activations()[i].name, mid, fd);
    const Tensor exact = value_and_derivative(activations()[i], mid).second;
    worst = std::max(worst, max(where(abs(mid) > 0.05, abs(exact - fd), zeros_like(fd))).item());
  }
  std::printf(
      "autograd's derivatives and the finite differences differ by at most %.1e (|x| > "
      "0.05)\n",
      worst);
  const Tensor diff = results[1].first - results[2].first;
  const Tensor diff_slope = results[1].second - results[2].second;
  fig.panel(1, 0)
      .title("exact GELU minus tanh GELU (ours)")
      .xlabel("x")
      .ylabel("difference in f(x)")
      .line("", x, diff);
  fig.panel(1, 1)
      .title("exact GELU' minus tanh GELU' (ours)")
      .xlabel("x")
      .ylabel("difference in df/dx")
      .line("", x, diff_slope);
  fig.size({1200, 900});
  fig.save(png);

  const auto gelu_y = results[1].first.to_vector<float>();
  const auto lowest = std::min_element(gelu_y.begin(), gelu_y.end());
  std::printf("GELU's lowest value on the grid: %.4f at x = %.2f (ReLU never goes below 0)\n",
              *lowest, x.to_vector<float>()[lowest - gelu_y.begin()]);
  std::printf(
      "exact and tanh GELU correlate at r = %.6f; they differ by at most %.1e in value, "
      "%.1e in derivative\n",
      correlation(results[1].first, results[2].first), max(abs(diff)).item(),
      max(abs(diff_slope)).item());
}

void timings(int64_t n, int reps) {
  const Tensor x = randn({n});
  std::printf("\n%lld values; %s runs:\n%-28s %14s %24s\n", static_cast<long long>(n),
              timing_note(reps).c_str(), "", "forward (ms)", "forward + backward (ms)");
  for (const Activ& a : activations()) {
    const double fwd = 1e3 * median_seconds(reps, [&] {
                         NoGradGuard no_grad;
                         a.op(x);
                       });
    const double both = 1e3 * median_seconds(reps, [&] { value_and_derivative(a, x); });
    std::printf("%-28s %14.2f %24.2f\n", a.name, fwd, both);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "03_gelu_vs_relu",
      "Lesson 03: ReLU, exact GELU and its tanh approximation, their derivatives and speed, and "
      "Model 1 trained with each of GELU and ReLU.");
  std::printf("Lesson 03: GELU against ReLU\n\n");
  const auto curves_png = opt.out_dir / "activations.png";
  const auto loss_png = opt.out_dir / "loss_gelu_vs_relu.png";
  curves(curves_png);
  timings(opt.quick ? 100000 : 1000000, opt.quick ? 3 : 21);

  const CourseCorpus corpus = load_course_corpus("cl100k_base");
  std::span<const uint32_t> ids = corpus.ids();
  if (opt.quick) ids = ids.first(std::min<size_t>(ids.size(), 20000));
  const TokenDataset data(ids, {.seq_len = 8, .stride = 2, .train_fraction = 0.9});
  const int64_t steps = opt.quick ? 5 : 500, vocab = corpus.tokenizer->vocab_size();
  std::printf("\ncorpus: %s\n", corpus.description.c_str());
  std::printf(
      "Model 1 trained %lld steps on %zu tokens with each activation: the same initial\n"
      "weights and the same batches, only the activation differs\n",
      static_cast<long long>(steps), ids.size());

  // Redrawn at every validation, so a run stopped early still leaves the curves so far.
  std::vector<std::pair<const char*, LossHistory>> runs;
  const auto draw = [&] {
    plot::Plot losses("Model 1 with GELU and with ReLU (same start, same batches)", "step",
                      "cross-entropy loss (nats)");
    for (const auto& [name, h] : runs) {
      std::vector<double> step_numbers(h.train.size());
      for (size_t i = 0; i < step_numbers.size(); ++i) step_numbers[i] = static_cast<double>(i + 1);
      const size_t window = std::max<size_t>(steps / 30, 5);
      losses.line(std::string(name) + " train (mean of " + std::to_string(window) + ")",
                  step_numbers, running_mean(h.train, window));
      losses.line(std::string(name) + " validation", h.val_steps, h.val);
    }
    losses.hline(std::log(static_cast<double>(vocab)), "uniform guess");
    losses.save(loss_png, plot::Size{1100, 560});
  };
  for (const Activation act : {Activation::GELU, Activation::ReLU}) {
    std::printf("\n%s:\n", activation_name(act));
    Generator init(0);
    Model1 model(vocab, 64, act, &init);
    runs.emplace_back(activation_name(act), LossHistory{});
    runs.back().second = train_model1(model, data,
                                      {.steps = steps,
                                       .eval_every = opt.quick ? steps : steps / 5,
                                       .val_batches = opt.quick ? 1 : 16,
                                       .on_validation = [&](const LossHistory& so_far) {
                                         runs.back().second = so_far;
                                         draw();
                                       }});
  }

  std::printf("\n%-6s %18s %18s %12s\n", "", "final train loss", "validation loss", "tokens/s");
  for (const auto& [name, h] : runs) {
    std::printf("%-6s %18.3f %18.3f %12.0f\n", name, running_mean(h.train, 100).back(),
                h.val.back(), h.tokens_per_s);
  }
  std::printf("(final train loss: the mean of the last 100 steps)\n");
  std::printf("\nwrote %s and %s\n", curves_png.c_str(), loss_png.c_str());

  // Each exercise against the library on [-4, 4]: value (first) or derivative (second).
  const Tensor x = arange(-4.0, 4.01, 0.01, kFloat32);
  const std::vector<float> xs = x.to_vector<float>();
  const auto check = [&](const char* title, double (*mine)(double), size_t which, bool derivative) {
    show_exercise(title, [&] {
      const auto [y, dy] = value_and_derivative(activations()[which], x);
      const std::vector<float> want = (derivative ? dy : y).to_vector<float>();
      double worst = 0;
      for (size_t i = 0; i < xs.size(); ++i)
        worst = std::max(worst, std::fabs(mine(xs[i]) - want[i]));
      std::printf("   largest difference from the library on [-4, 4]: %.2e\n", worst);
    });
  };
  check("relu_derivative", relu_derivative, 0, true);
  check("gelu_exact", gelu_exact, 1, false);
  check("gelu_tanh", gelu_tanh, 2, false);
  check("gelu_exact_derivative", gelu_exact_derivative, 1, true);
  check("gelu_tanh_derivative", gelu_tanh_derivative, 2, true);
  return 0;
}
