// Lesson 04: how a temperature reshapes softmax, and how entropy grows with it.
#include <cmath>
#include <cstdio>

#include "exercises.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "plot/figure.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

int main(int argc, char** argv) {
  const LessonOptions opt =
      parse_lesson_options(argc, argv, "04_softmax_temperature",
                           "Lesson 04: softmax and log-softmax at temperatures 1, 2 and 10, and "
                           "entropy against temperature.");

  // Ten made-up logits, as a model might give for the next token.
  const Tensor logits = tensor({2.0f, 1.0f, 0.5f, 3.5f, -1.0f, 0.0f, 1.5f, -0.5f, 2.5f, 0.2f});
  const int64_t vocab = logits.numel();
  std::printf("logits: %s\n\n", logits.str().c_str());

  plot::Figure curves(1, 2);
  curves.title("The same logits at three temperatures");
  plot::Plot& probs_panel = curves.panel(0, 0);
  probs_panel.title("softmax(z / T)").xlabel("token id").ylabel("probability");
  plot::Plot& logs_panel = curves.panel(0, 1);
  logs_panel.title("log_softmax(z / T)").xlabel("token id").ylabel("log probability (nats)");

  std::printf("%6s  %10s  %10s  %14s\n", "T", "max p", "min p", "entropy (nats)");
  for (double t : {1.0, 2.0, 10.0}) {
    const Tensor p = softmax(logits / t, -1);
    const Tensor lp = log_softmax(logits / t, -1);
    const std::string name = "T = " + std::to_string(static_cast<int>(t));
    probs_panel.line(name, p);
    logs_panel.line(name, lp);
    const double h = -(p * lp).sum().item();
    std::printf("%6.1f  %10.4f  %10.4f  %14.4f\n", t, max(p).item(), min(p).item(), h);
  }
  curves.save(opt.out_dir / "softmax_temperature.png");

  // Entropy from nearly greedy (T small) to nearly uniform (T large), on a log scale of T.
  const int points = opt.quick ? 12 : 200;
  std::vector<double> temps, entropies;
  for (int i = 0; i < points; ++i) {
    const double t = std::pow(10.0, -1.5 + 3.5 * i / (points - 1));  // 0.03 ... 100
    const Tensor lp = log_softmax(logits / t, -1);
    temps.push_back(t);
    entropies.push_back(-(exp(lp) * lp).sum().item());
  }
  plot::Plot entropy_plot("Entropy of softmax(z / T) as the temperature grows",
                          "temperature T (log scale)", "entropy (nats)");
  entropy_plot.log_x()
      .line("entropy", temps, entropies)
      .hline(std::log(static_cast<double>(vocab)), "log V: the uniform distribution");
  entropy_plot.save(opt.out_dir / "entropy_vs_temperature.png");

  std::printf("\nwrote %s and %s\n", (opt.out_dir / "softmax_temperature.png").c_str(),
              (opt.out_dir / "entropy_vs_temperature.png").c_str());

  show_exercise("softmax_with_temperature at T = 2 against the library", [&] {
    const Tensor mine = softmax_with_temperature(logits, 2.0);
    std::printf("   largest difference: %.2e\n", max(abs(mine - softmax(logits / 2.0, -1))).item());
  });
  show_exercise("entropy at T = 1, 2, 10", [&] {
    for (double t : {1.0, 2.0, 10.0}) {
      std::printf("   T = %4.1f: %.4f nats\n", t, entropy(softmax(logits / t, -1)).item());
    }
  });
  return 0;
}
