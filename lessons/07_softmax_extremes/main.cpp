// Lesson 07: softmax applied again and again flattens towards uniform; how the range of the
// logits and the temperature trade off, and why only their ratio matters.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "plot/figure.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

// "0.4", "1", "5": short numbers for titles and legends.
std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", x);
  return buf;
}

// V logits evenly spaced from -range to +range, in increasing order.
Tensor evenly_spaced_logits(int64_t vocab, double range) {
  std::vector<float> z(vocab);
  for (int64_t i = 0; i < vocab; ++i)
    z[i] = static_cast<float>(range * (-1.0 + 2.0 * i / (vocab - 1)));
  return from_vector(z);
}

// Softmax, softmax of that, ... 8 times: the distribution after each pass and its spread.
void repeated_softmax_figure(const Tensor& logits, const std::filesystem::path& png) {
  const int passes = 8;
  const auto vocab = static_cast<double>(logits.numel());
  plot::Figure fig(1, 2);
  fig.title("Softmax applied again and again to the same " + num(vocab) + " logits");
  plot::Plot& dist = fig.panel(0, 0);
  dist.title("the distribution after each pass").xlabel("token id").ylabel("probability");
  std::vector<double> pass_ids, spreads, divided_by_v;
  std::printf("%5s  %10s  %10s  %12s  %16s\n", "pass", "max p", "min p", "spread", "spread / prev");
  Tensor p = logits;
  for (int pass = 1; pass <= passes; ++pass) {
    p = softmax(p, -1);
    const double s = (max(p) - min(p)).item();
    dist.line("pass " + std::to_string(pass), p);
    std::printf("%5d  %10.6f  %10.6f  %12.3e  %16s\n", pass, max(p).item(), min(p).item(), s,
                pass == 1 ? "" : num(s / spreads.back()).c_str());
    pass_ids.push_back(pass);
    divided_by_v.push_back(pass == 1 ? s : divided_by_v.back() / vocab);
    spreads.push_back(s);
  }
  dist.hline(1 / vocab, "1/V: uniform");
  fig.panel(0, 1)
      .title("spread max p - min p, each pass (log scale)")
      .xlabel("pass")
      .ylabel("max p - min p")
      .log_y()
      .line("spread", pass_ids, spreads)
      .line("pass 1's spread divided by V each pass", pass_ids, divided_by_v);
  fig.save(png);
}

// Row 0: three ranges at T = 1; row 1: three temperatures at range 1.
void range_and_temperature_grid(int64_t vocab, const std::filesystem::path& png) {
  const std::vector<double> ranges = {0.4, 1, 5}, temps = {0.5, 1, 3};
  std::vector<std::string> tokens;
  for (int64_t i = 0; i < vocab; ++i) tokens.push_back(std::to_string(i));
  plot::Figure fig(2, 3);
  fig.title("softmax(z / T) of " + num(static_cast<double>(vocab)) +
            " evenly spaced logits z in [-range, range]; dashed: 1/V (uniform) and 1 (certain)");
  std::printf("\n%6s  %5s  %8s  %8s  %8s  %8s\n", "range", "T", "range/T", "max p", "min p",
              "spread");
  for (int row = 0; row < 2; ++row) {
    for (int col = 0; col < 3; ++col) {
      const double range = row == 0 ? ranges[col] : 1, t = row == 0 ? 1 : temps[col];
      const Tensor p = softmax(evenly_spaced_logits(vocab, range) / t, -1);
      fig.panel(row, col)
          .title("range " + num(range) + ", T = " + num(t) + "  (range/T = " + num(range / t) + ")")
          .xlabel("token (logits in increasing order)")
          .ylabel("probability")
          .bars(tokens, {{"", p}})
          .hline(1, "")  // the same scale in every panel
          .hline(1.0 / static_cast<double>(vocab), "");
      std::printf("%6g  %5g  %8.3g  %8.4f  %8.4f  %8.4f\n", range, t, range / t, max(p).item(),
                  min(p).item(), (max(p) - min(p)).item());
    }
  }
  fig.save(png);
}

// The largest probability against T for each range, then against range / T: one curve.
void ratio_figure(int64_t vocab, int points, const std::filesystem::path& png) {
  plot::Figure fig(1, 2);
  fig.title("Only range / T matters: the largest probability of softmax(z / T)");
  plot::Plot& by_t = fig.panel(0, 0);
  by_t.title("against the temperature")
      .xlabel("temperature T (log scale)")
      .ylabel("largest probability max p");
  plot::Plot& by_ratio = fig.panel(0, 1);
  by_ratio.title("against range / T")
      .xlabel("range / T (log scale)")
      .ylabel("largest probability max p");
  by_t.log_x();
  by_ratio.log_x();
  for (double range : {0.4, 1.0, 5.0}) {
    const Tensor z = evenly_spaced_logits(vocab, range);
    std::vector<double> temps, ratios, max_p;
    for (int i = 0; i < points; ++i) {
      const double t = std::pow(10.0, -1.0 + 2.0 * i / (points - 1));  // 0.1 ... 10
      temps.push_back(t);
      ratios.push_back(range / t);
      max_p.push_back(max(softmax(z / t, -1)).item());
    }
    const std::string name = "range " + num(range);
    by_t.line(name, temps, max_p);
    if (range == 1) {
      by_ratio.line(name, ratios, max_p);
    } else {
      by_ratio.scatter(name, ratios, max_p);
    }
  }
  fig.save(png);
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "07_softmax_extremes",
      "Lesson 07: softmax applied 8 times in a row, and input range against temperature "
      "(ranges 0.4, 1, 5; temperatures 0.5, 1, 3).");

  // Lesson 04's ten logits.
  const Tensor logits = tensor({2.0f, 1.0f, 0.5f, 3.5f, -1.0f, 0.0f, 1.5f, -0.5f, 2.5f, 0.2f});
  const int64_t vocab = logits.numel();
  std::printf("logits: %s\n\n", logits.str().c_str());

  const auto repeated = opt.out_dir / "repeated_softmax.png";
  const auto grid = opt.out_dir / "range_vs_temperature.png";
  const auto ratio = opt.out_dir / "range_over_temperature.png";
  repeated_softmax_figure(logits, repeated);
  range_and_temperature_grid(vocab, grid);
  ratio_figure(vocab, opt.quick ? 15 : 60, ratio);
  std::printf("\nwrote %s, %s and %s\n", repeated.c_str(), grid.c_str(), ratio.c_str());

  show_exercise("repeated_softmax and spread, 8 passes", [&] {
    const std::vector<Tensor> passes = repeated_softmax(logits, 8);
    for (size_t i = 0; i < passes.size(); ++i) {
      std::printf("   pass %zu: spread %.3e\n", i + 1, spread(passes[i]).item());
    }
  });
  show_exercise("the temperature that makes the largest probability 0.5", [&] {
    for (double range : {0.4, 1.0, 5.0}) {
      const double t = temperature_for_max_probability(evenly_spaced_logits(vocab, range), 0.5);
      std::printf("   range %3g: T = %.4f, T / range = %.4f\n", range, t, t / range);
    }
  });
  return 0;
}
