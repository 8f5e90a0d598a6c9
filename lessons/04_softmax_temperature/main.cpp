// Lesson 04: softmax by hand, then how a temperature reshapes softmax and log-softmax (the course's
// 35 scores from -5 to 15 at temperatures 1, 2 and 10), and (ours) how entropy grows with it.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "lessons/common/linspace.h"
#include "plot/figure.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

// The course's first examples: softmax of [1, 2, 3] written out, then of 25 random integers.
void softmax_by_hand(const std::filesystem::path& png) {
  const std::vector<double> z = {1, 2, 3};
  double denominator = 0;
  for (double v : z) denominator += std::exp(v);
  std::printf("softmax([1, 2, 3]) = exp(z) / sum(exp(z)) = [");
  for (size_t i = 0; i < z.size(); ++i) {
    std::printf("%s%.4f", i ? ", " : "", std::exp(z[i]) / denominator);
  }
  std::printf("], which sums to 1\n");

  Generator gen(0);
  const Tensor ints = randint(-5, 15, {25}, &gen).to(kFloat32);
  const Tensor sigma = softmax(ints, -1);
  char title[96];
  std::snprintf(title, sizeof title, "Softmax of 25 random integers in [-5, 15): sum = %g",
                sigma.sum().item());
  plot::Plot p(title, "original number z", "softmax(z)");
  p.scatter("", ints, sigma);
  p.save(png);
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt =
      parse_lesson_options(argc, argv, "04_softmax_temperature",
                           "Lesson 04: softmax by hand; softmax and log-softmax of 35 scores from "
                           "-5 to 15 at temperatures 1, 2 and 10; entropy against temperature.");
  const auto integers_png = opt.out_dir / "softmax_of_integers.png";
  const auto curves_png = opt.out_dir / "softmax_temperature.png";
  const auto entropy_png = opt.out_dir / "entropy_vs_temperature.png";
  softmax_by_hand(integers_png);

  // The course's raw scores: 35 evenly spaced from -5 to 15, as a model's logits might be.
  const Tensor scores = linspace(-5, 15, 35);
  const int64_t vocab = scores.numel();
  std::printf("\nraw scores: 35 evenly spaced from -5 to 15\n\n");

  plot::Figure curves(1, 2);
  curves.title("35 raw scores from -5 to 15 at three temperatures");
  plot::Plot& probs_panel = curves.panel(0, 0);
  probs_panel.title("regular softmax, softmax(z / T)").xlabel("raw score z").ylabel("probability");
  plot::Plot& logs_panel = curves.panel(0, 1);
  logs_panel.title("log-softmax, log_softmax(z / T)")
      .xlabel("raw score z")
      .ylabel("log probability (nats)");

  std::printf("%6s  %10s  %10s  %14s\n", "T", "max p", "min p", "entropy (nats)");
  for (double t : {1.0, 2.0, 10.0}) {
    const Tensor p = softmax(scores / t, -1);
    const Tensor lp = log_softmax(scores / t, -1);
    const std::string name = "T = " + std::to_string(static_cast<int>(t));
    probs_panel.line(name, scores, p);
    logs_panel.line(name, scores, lp);
    const double h = -(p * lp).sum().item();
    std::printf("%6.1f  %10.4f  %10.2e  %14.4f\n", t, max(p).item(), min(p).item(), h);
  }
  curves.size({1200, 480});
  curves.save(curves_png);

  // Ours: entropy from nearly greedy (T small) to nearly uniform (T large), on a log scale of T.
  const int points = opt.quick ? 12 : 200;
  std::vector<double> temps, entropies;
  for (int i = 0; i < points; ++i) {
    const double t = std::pow(10.0, -1.0 + 4.0 * i / (points - 1));  // 0.1 ... 1000
    const Tensor lp = log_softmax(scores / t, -1);
    temps.push_back(t);
    entropies.push_back(-(exp(lp) * lp).sum().item());
  }
  plot::Plot entropy_plot("Entropy of softmax(z / T) of the 35 scores as the temperature grows",
                          "temperature T (log scale)", "entropy (nats)");
  entropy_plot.log_x()
      .line("entropy", temps, entropies)
      .hline(std::log(static_cast<double>(vocab)), "log 35: the uniform distribution");
  entropy_plot.save(entropy_png);

  std::printf("\nwrote %s, %s and %s\n", integers_png.c_str(), curves_png.c_str(),
              entropy_png.c_str());

  show_exercise("softmax_with_temperature at T = 2 against the library", [&] {
    const Tensor mine = softmax_with_temperature(scores, 2.0);
    std::printf("   largest difference: %.2e\n", max(abs(mine - softmax(scores / 2.0, -1))).item());
  });
  show_exercise("log_softmax_with_temperature at T = 1 against the library", [&] {
    const Tensor mine = log_softmax_with_temperature(scores, 1.0);
    std::printf("   largest difference: %.2e\n", max(abs(mine - log_softmax(scores, -1))).item());
  });
  show_exercise("entropy at T = 1, 2, 10", [&] {
    for (double t : {1.0, 2.0, 10.0}) {
      std::printf("   T = %4.1f: %.4f nats\n", t, entropy(softmax(scores / t, -1)).item());
    }
  });
  return 0;
}
