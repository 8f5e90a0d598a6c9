// Lesson 10: causality as linear algebra. The present as a weighted sum of the past, with equal,
// linearly scaled and softmax weights; the future removed by a weight of 0 (which softmax undoes)
// or by -infinity (which it keeps); the lower-triangular mask of -inf and its softmax rows; and
// the cost of three ways to build the mask.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/attention_map.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "lessons/common/timing.h"
#include "plot/figure.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

const double kInf = std::numeric_limits<double>::infinity();

// The weighted sum of `values` with `weights`, both 1-D.
double weighted_sum(const Tensor& values, const Tensor& weights) {
  return (values * weights).sum().item();
}

// The course's first two steps: the past [4, 1, -2, -3] averaged with equal weights, then with the
// weights [2, 1, 1, 1] scaled linearly and by softmax. Drawn as the figure's left panel.
void weighted_past(plot::Plot& panel) {
  const Tensor past = tensor({4, 1, -2, -3});
  const Tensor equal = ones({4}) / 4.0;
  std::printf("the past: %s\nequal weights: %s (sum %g)\n", past.str().c_str(), equal.str().c_str(),
              equal.sum().item());
  std::printf("the present, their weighted sum: %g\n", weighted_sum(past, equal));

  const Tensor weights = tensor({2, 1, 1, 1});
  const Tensor linear = weights / weights.sum();
  const Tensor soft = weights.exp() / weights.exp().sum();
  std::printf("\nweights %s sum to %g: not an average. Scaled two ways:\n", weights.str().c_str(),
              weights.sum().item());
  std::printf("  linear  w / sum(w)           %s, sum %g, present %.4f\n", linear.str().c_str(),
              linear.sum().item(), weighted_sum(past, linear));
  std::printf("  softmax exp(w) / sum(exp(w)) %s, sum %g, present %.4f\n", soft.str().c_str(),
              soft.sum().item(), weighted_sum(past, soft));
  panel.title("weights on the past [4, 1, -2, -3]")
      .xlabel("time point")
      .ylabel("weight")
      .bars({"0", "1", "2", "3"},
            {{"equal", equal}, {"[2, 1, 1, 1] / sum", linear}, {"softmax of [2, 1, 1, 1]", soft}});
}

// The course's data [4, 1, -2, -3, 8, 3, -1] with the present at index 4: weights of 1 for the
// present and the past, and 0 or -inf for the future. Drawn as the figure's right panel.
void ignoring_the_future(plot::Plot& panel) {
  const Tensor data = tensor({4, 1, -2, -3, 8, 3, -1});
  const int64_t present = 4, N = data.numel();
  const Tensor future = arange(N) > static_cast<double>(present);
  std::printf("\ndata %s; the present is index %lld (%g), the future after it\n",
              data.str().c_str(), static_cast<long long>(present), data.select(0, present).item());
  const Tensor zero_future = ones({N}).masked_fill(future, 0);
  const Tensor linear = zero_future / zero_future.sum();
  const Tensor soft_zero = softmax(zero_future, -1);
  const Tensor soft_inf = softmax(ones({N}).masked_fill(future, -kInf), -1);
  std::printf("  ones, future 0, / sum      %s\n", linear.str().c_str());
  std::printf("  softmax, future 0          %s  the future still gets exp(0) / sum\n",
              soft_zero.str().c_str());
  std::printf("  softmax, future -inf       %s  exp(-inf) = 0: the future is gone\n",
              soft_inf.str().c_str());
  std::printf("  (exp(-10) = %.2e: a large negative number is not enough either)\n",
              std::exp(-10.0));
  std::printf("  the present as their weighted sum: %.4f, %.4f, %.4f\n", weighted_sum(data, linear),
              weighted_sum(data, soft_zero), weighted_sum(data, soft_inf));
  std::vector<std::string> points;
  for (int64_t i = 0; i < N; ++i) {
    points.push_back(std::to_string(i) + (i == present  ? " (now)"
                                          : i > present ? " (future)"
                                                        : ""));
  }
  panel.title("weights of the data [4, 1, -2, -3, 8, 3, -1], present at 4")
      .xlabel("time point")
      .ylabel("weight")
      .bars(points, {{"ones, future 0, / sum", linear},
                     {"softmax, future 0", soft_zero},
                     {"softmax, future -inf", soft_inf}});
}

// tril(ones(9, 9)) -> -inf above the diagonal -> softmax rows; then the course's random 7 x 7
// example. The three matrices are the heat-map figure.
void causal_matrices(const std::filesystem::path& png) {
  const Tensor tril = ones({9, 9}).tril();
  std::cout << "\ntril(ones(9, 9)): rows are calculation steps, columns time points\n"
            << tril << "\n";
  const Tensor filled = tril.masked_fill(tril == 0.0, -kInf);
  std::cout << "zeros set to -inf\n" << filled << "\n";
  const Tensor weights = softmax(filled, -1);
  std::printf("softmax of each row: the weights for the calculation at each time point\n");
  for (int64_t t = 0; t < 9; ++t) {
    std::printf("  time point %lld: %s\n", static_cast<long long>(t),
                weights.select(0, t).str().c_str());
  }

  // The course multiplies by tril, then sets the zeros to -inf (a random value is never exactly
  // 0); masked_fill on the mask says what is meant.
  Generator gen(7);
  const Tensor activations = randn({7, 7}, &gen);
  const Tensor lower = ones({7, 7}).tril();
  const Tensor scaled = (activations * lower).masked_fill(lower == 0.0, -kInf);
  const Tensor softmax_past = softmax(scaled, -1);
  std::cout << "\nrandom activations [7, 7]\n"
            << activations << "\nmasked past activations\n"
            << scaled << "\nsoftmax of the masked activations\n"
            << softmax_past << "\nrow sums: " << softmax_past.sum({-1}) << "\n";

  plot::Figure fig(1, 3);
  fig.title("Weights that see only the past: rows are the present, columns the time points");
  const auto steps = position_labels(9), seven = position_labels(7);
  attention_heatmap(fig.panel(0, 0), tril, steps)
      .title("tril(ones(9, 9)): 1 where a time point may be seen")
      .colorbar_label("mask value");
  attention_heatmap(fig.panel(0, 1), weights, steps)
      .title("softmax rows of the -inf mask")
      .colorbar_label("weight");
  attention_heatmap(fig.panel(0, 2), softmax_past, seven)
      .title("softmax of random activations, masked")
      .colorbar_label("weight");
  for (int c = 0; c < 3; ++c) {
    fig.panel(0, c).xlabel("time point being weighted").ylabel("calculation step (the present)");
  }
  fig.size({1650, 560});
  fig.save(png);
}

// Ways to build the 10 x 10 mask of -inf, each `iterations` times a run (the course times 200,000
// in one loop). The course's options 1 and 2 write tril[tril == 0] = -inf, spelling -inf two
// ways; C++ has one -inf and no such assignment, so `where` stands for both.
void mask_timings(int64_t iterations, int reps) {
  const int64_t T = 10;
  const Tensor scores = randn({T, T});
  const Tensor ready = full({T, T}, -kInf).triu(1);
  struct Way {
    const char* name;
    std::function<Tensor()> mask;
  };
  const std::vector<Way> ways = {
      {"course 1, 2: tril, where(tril == 0, -inf, tril)",
       [&] {
         const Tensor tril = ones({T, T}).tril();
         return where(tril == 0.0, full({T, T}, -kInf), tril);
       }},
      {"course 3: tril, masked_fill(tril == 0, -inf)",
       [&] {
         const Tensor tril = ones({T, T}).tril();
         return tril.masked_fill(tril == 0.0, -kInf);
       }},
      {"ours: triu(full(-inf), 1)",
       [&] {
         return full({T, T}, -kInf).triu(1);
       }},
      {"ours: scores + a mask made once", [&] { return scores + ready; }},
  };
  std::printf("\nbuilding a %lldx%lld mask; %s runs of %lld masks each\n",
              static_cast<long long>(T), static_cast<long long>(T), timing_note(reps).c_str(),
              static_cast<long long>(iterations));
  std::printf("%-50s %14s %22s\n", "", "per mask (us)", "200,000 masks (s)");
  NoGradGuard no_grad;
  for (const Way& w : ways) {
    const double s = median_seconds(reps, [&] {
      for (int64_t i = 0; i < iterations; ++i) w.mask();
    });
    const double per = s / static_cast<double>(iterations);
    std::printf("%-50s %14.3f %22.3f\n", w.name, per * 1e6, per * 200000);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "10_averaging_the_past",
      "Lesson 10: averaging the past with equal, linear and softmax weights; the future removed "
      "by 0 or by -inf; the causal mask and its softmax rows; the cost of building the mask.");
  std::printf("Lesson 10: averaging the past while ignoring the future\n\n");

  plot::Figure bars(1, 2);
  bars.title("The present as a weighted sum: how each scaling weights the time points");
  weighted_past(bars.panel(0, 0));
  ignoring_the_future(bars.panel(0, 1));
  const auto bars_png = opt.out_dir / "weights.png", maps_png = opt.out_dir / "causal_weights.png";
  bars.size({1500, 560});
  bars.save(bars_png);
  causal_matrices(maps_png);
  mask_timings(opt.quick ? 1000 : 10000, opt.quick ? 3 : 21);
  std::printf("\nwrote %s and %s\n", bars_png.c_str(), maps_png.c_str());

  show_exercise("causal_additive_mask(5)", [] { std::cout << causal_additive_mask(5) << "\n"; });
  show_exercise("past_average of the course's past [4, 1, -2, -3]", [] {
    std::cout << "   running means: " << past_average(tensor({4, 1, -2, -3}, {4, 1})).flatten()
              << "  (the last one is the course's equal-weighted present)\n";
  });
  show_exercise("causal_softmax of zeros(4, 4)", [] {
    std::cout << causal_softmax(zeros({4, 4})) << "\n";
  });
  return 0;
}
