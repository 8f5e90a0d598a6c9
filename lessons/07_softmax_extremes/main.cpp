// Lesson 07: softmax applied again and again flattens towards uniform, and the more values the
// flatter; how the range of the logits and the temperature shape softmax (the course's grid); and
// (ours) why without an outlier only their ratio matters.
#include <algorithm>
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

// "0.4", "1", "5": short numbers for titles and legends.
std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", x);
  return buf;
}

// Softmax in double precision. The spread after a few passes is below what float32, the
// library's dtype, can tell apart from 1/N (about 4e-9 around 0.05): NumPy, as the course uses
// it, computes in float64, and so does this.
std::vector<double> softmax64(const std::vector<double>& z) {
  double total = 0;
  std::vector<double> out;
  for (double v : z) total += std::exp(v);
  for (double v : z) out.push_back(std::exp(v) / total);
  return out;
}

// The standard deviation (divided by n, as NumPy's std).
double std_of(const std::vector<double>& p) {
  double mean = 0, var = 0;
  for (double v : p) mean += v / static_cast<double>(p.size());
  for (double v : p) var += (v - mean) * (v - mean) / static_cast<double>(p.size());
  return std::sqrt(var);
}

// The course's repeated softmax: softmax of linspace(0, 1, 20), then softmax of that, 8 times in
// all; each pass's distribution against the raw values, and the log of its standard deviation.
void repeated_softmax_figure(const Tensor& x_values, const std::filesystem::path& png) {
  const int passes = 8;
  const std::vector<float> x32 = x_values.to_vector<float>();
  const std::vector<double> x(x32.begin(), x32.end());
  const auto n = static_cast<double>(x.size());
  plot::Figure fig(1, 2);
  fig.title("Softmax applied again and again to " + num(n) + " values from 0 to 1");
  plot::Plot& dist = fig.panel(0, 0);
  dist.title("the distribution after each pass")
      .xlabel("raw value x")
      .ylabel("softmax probability");
  std::vector<double> pass_ids, log_stds, divided_by_n;
  std::printf("softmax in double precision (float32 runs out of digits by pass 6):\n");
  std::printf("%5s  %12s  %12s  %12s  %12s\n", "pass", "max p", "min p", "std", "std / prev");
  std::vector<double> p = x;
  for (int pass = 1; pass <= passes; ++pass) {
    p = softmax64(p);
    const double s = std_of(p);
    dist.scatter("pass " + std::to_string(pass), x, p);
    std::printf("%5d  %12.9f  %12.9f  %12.3e  %12s\n", pass, *std::max_element(p.begin(), p.end()),
                *std::min_element(p.begin(), p.end()), s,
                pass == 1 ? "" : num(s / std::exp(log_stds.back())).c_str());
    pass_ids.push_back(pass);
    divided_by_n.push_back(pass == 1 ? std::log(s) : divided_by_n.back() - std::log(n));
    log_stds.push_back(std::log(s));
  }
  fig.panel(0, 1)
      .title("the spread shrinks by a factor of about N each pass")
      .xlabel("softmax pass")
      .ylabel("log standard deviation (natural log)")
      .line("ours: pass 1's, divided by N each pass", pass_ids, divided_by_n)
      .scatter("log std", pass_ids, log_stds);
  fig.size({1200, 480});
  fig.save(png);
}

// The course's answer to why: softmax of linspace(0, 1, N) for N = 4, 10 and 100 on equal axes.
void more_values_figure(const std::filesystem::path& png) {
  plot::Plot p("Softmax of N evenly spaced values from 0 to 1", "x", "softmax(x)");
  std::printf("\n%5s  %10s  %10s\n", "N", "max p", "min p");
  for (const int64_t n : {4, 10, 100}) {
    const Tensor x = linspace(0, 1, n), s = softmax(x, -1);
    p.line("N = " + std::to_string(n), x, s);
    std::printf("%5lld  %10.4f  %10.4f\n", static_cast<long long>(n), max(s).item(), min(s).item());
  }
  p.x_range(-0.02, 1.02).y_range(-0.02, 1.02);  // the same axes, as the course insists
  p.save(png, plot::Size{620, 600});
}

// 100 logits evenly spaced in [-range, range] and one outlier logit of 6, as in the course.
Tensor logits_with_outlier(double range) {
  return cat({linspace(-range, range, 100), tensor({6.0f})}, 0);
}

// The course's grid: a column per range (0.4, 1, 5), the temperatures 0.5, 1 and 3 overlaid in
// each panel; the top row zoomed on the small probabilities, the bottom row from 0 to 1.
void range_and_temperature_grid(const std::filesystem::path& png) {
  const std::vector<double> ranges = {0.4, 1, 5}, temps = {0.5, 1, 3};
  // The top row's ceiling, as the course sets it: the largest ordinary logit's probability at
  // range 5 and T = 3.
  const double zoom = softmax(logits_with_outlier(5) / 3.0, -1).to_vector<float>()[99];
  plot::Figure fig(2, 3);
  fig.title(
      "softmax(z / T) of 100 logits in [-range, range] and one outlier logit of 6; "
      "top: zoomed on the small probabilities");
  std::printf("\n%6s  %5s  %14s  %16s  %10s\n", "range", "T", "outlier's p", "largest other p",
              "smallest p");
  for (int col = 0; col < 3; ++col) {
    const Tensor z = logits_with_outlier(ranges[col]);
    for (int row = 0; row < 2; ++row) {
      plot::Plot& panel = fig.panel(row, col);
      panel.title("range " + num(ranges[col]) + (row == 0 ? ", zoomed" : ""))
          .xlabel("model output (logit)")
          .ylabel("softmax probability")
          .x_range(-5, 6.6);
      if (row == 0) {
        panel.y_range(-0.0002, zoom);
      } else {
        panel.y_range(-0.02, 1.03);
      }
      for (const double t : temps) {
        const Tensor p = softmax(z / t, -1);
        panel.scatter("T = " + num(t), z, p);
        if (row == 0) {
          const std::vector<float> v = p.to_vector<float>();
          std::printf("%6g  %5g  %14.4f  %16.2e  %10.2e\n", ranges[col], t, v[100], v[99],
                      min(p).item());
        }
      }
    }
  }
  fig.size({1500, 860});
  fig.save(png);
}

// Ours: without an outlier, the largest probability against T for each range, then against
// range / T: one curve.
void ratio_figure(int points, const std::filesystem::path& png) {
  plot::Figure fig(1, 2);
  fig.title("Without an outlier only range / T matters: the largest probability of softmax(z / T)");
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
    const Tensor z = linspace(-range, range, 100);
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
      "Lesson 07: softmax applied 8 times in a row; softmax of N = 4, 10, 100 values; the range "
      "of the logits against the temperature (ranges 0.4, 1, 5; temperatures 0.5, 1, 3).");

  const Tensor x = linspace(0, 1, 20);  // the course's values
  const auto repeated = opt.out_dir / "repeated_softmax.png";
  const auto more = opt.out_dir / "more_values.png";
  const auto grid = opt.out_dir / "range_vs_temperature.png";
  const auto ratio = opt.out_dir / "range_over_temperature.png";
  repeated_softmax_figure(x, repeated);
  more_values_figure(more);
  range_and_temperature_grid(grid);
  ratio_figure(opt.quick ? 15 : 60, ratio);
  std::printf("\nwrote %s, %s, %s and %s\n", repeated.c_str(), more.c_str(), grid.c_str(),
              ratio.c_str());

  show_exercise("repeated_softmax and spread (max - min), 8 passes", [&] {
    const std::vector<Tensor> passes = repeated_softmax(x, 8);
    for (size_t i = 0; i < passes.size(); ++i) {
      std::printf("   pass %zu: spread %.3e\n", i + 1, spread(passes[i]).item());
    }
  });
  show_exercise("the temperature that makes the largest probability 0.5 (no outlier)", [&] {
    for (double range : {0.4, 1.0, 5.0}) {
      const double t = temperature_for_max_probability(linspace(-range, range, 100), 0.5);
      std::printf("   range %3g: T = %.4f, T / range = %.4f\n", range, t, t / range);
    }
  });
  return 0;
}
