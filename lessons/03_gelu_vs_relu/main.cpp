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

void curves(int64_t points, const std::filesystem::path& png) {
  const Tensor x = arange(-4.0, 4.0 + 4.0 / points, 8.0 / points, kFloat32);
  plot::Figure fig(2, 2);
  fig.title("ReLU, GELU and GELU's tanh approximation on [-4, 4]");
  plot::Plot& values = fig.panel(0, 0).title("the functions").xlabel("x").ylabel("f(x)");
  plot::Plot& slopes =
      fig.panel(0, 1).title("their derivatives (autograd)").xlabel("x").ylabel("df/dx");
  std::vector<std::pair<Tensor, Tensor>> results;
  for (const Activ& a : activations()) {
    results.push_back(value_and_derivative(a, x));
    // The approximation, drawn last, covers the exact curve: they differ by less than 1e-3.
    const std::string name = results.size() == 3 ? "GELU tanh (covers exact)" : a.name;
    values.line(name, x, results.back().first);
    slopes.line(name, x, results.back().second);
  }
  const Tensor diff = results[1].first - results[2].first;
  const Tensor diff_slope = results[1].second - results[2].second;
  fig.panel(1, 0)
      .title("exact GELU minus tanh GELU")
      .xlabel("x")
      .ylabel("difference in f(x)")
      .line("", x, diff);
  fig.panel(1, 1)
      .title("exact GELU' minus tanh GELU'")
      .xlabel("x")
      .ylabel("difference in df/dx")
      .line("", x, diff_slope);
  fig.save(png);

  const auto gelu_y = results[1].first.to_vector<float>();
  const auto lowest = std::min_element(gelu_y.begin(), gelu_y.end());
  std::printf("GELU's lowest value on the grid: %.4f at x = %.2f (ReLU never goes below 0)\n",
              *lowest, x.to_vector<float>()[lowest - gelu_y.begin()]);
  std::printf("exact - tanh GELU: at most %.1e in value, %.1e in derivative\n",
              max(abs(diff)).item(), max(abs(diff_slope)).item());
}

void timings(int64_t n, int reps) {
  const Tensor x = randn({n});
  std::printf("\n%lld values, median of %d runs:\n%-28s %14s %24s\n", static_cast<long long>(n),
              reps, "", "forward (ms)", "forward + backward (ms)");
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
  curves(opt.quick ? 80 : 800, curves_png);
  timings(opt.quick ? 100000 : 1000000, opt.quick ? 3 : 21);

  const CourseCorpus corpus = load_course_corpus("cl100k_base");
  std::span<const uint32_t> ids = corpus.ids();
  if (opt.quick) ids = ids.first(std::min<size_t>(ids.size(), 20000));
  const TokenDataset data(ids, {.seq_len = 8, .stride = 2, .train_fraction = 0.9});
  const int64_t steps = opt.quick ? 10 : 500, vocab = corpus.tokenizer->vocab_size();
  std::printf("\ncorpus: %s\n", corpus.description.c_str());
  std::printf(
      "Model 1 trained %lld steps on %zu tokens with each activation: the same initial\n"
      "weights and the same batches, only the activation differs\n",
      static_cast<long long>(steps), ids.size());

  plot::Plot losses("Model 1 with GELU and with ReLU (same start, same batches)", "step",
                    "cross-entropy loss (nats)");
  std::vector<std::pair<const char*, LossHistory>> runs;
  for (const Activation act : {Activation::GELU, Activation::ReLU}) {
    std::printf("\n%s:\n", activation_name(act));
    Generator init(0);
    Model1 model(vocab, 64, act, &init);
    runs.emplace_back(activation_name(act),
                      train_model1(model, data,
                                   {.steps = steps,
                                    .eval_every = std::max<int64_t>(steps / 5, 1),
                                    .val_batches = opt.quick ? 2 : 16}));
    const LossHistory& h = runs.back().second;
    std::vector<double> step_numbers(h.train.size());
    for (size_t i = 0; i < step_numbers.size(); ++i) step_numbers[i] = static_cast<double>(i + 1);
    const size_t window = std::max<size_t>(h.train.size() / 30, 5);
    const std::string name = activation_name(act);
    losses.line(name + " train (mean of " + std::to_string(window) + ")", step_numbers,
                running_mean(h.train, window));
    losses.line(name + " validation", h.val_steps, h.val);
  }
  losses.hline(std::log(static_cast<double>(vocab)), "uniform guess");
  losses.save(loss_png, plot::Size{1100, 560});

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
