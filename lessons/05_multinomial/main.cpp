// Lesson 05: draws from multinomial against the probabilities they come from, drawing without
// replacement, and the probabilities multinomial refuses.
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "plot/figure.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

// "1", "2.5": a short number for labels.
std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

// How many of each index the draws hold.
std::vector<double> counts_of(const Tensor& draws, int64_t categories) {
  std::vector<double> counts(categories, 0);
  for (int64_t i : draws.to_vector<int64_t>()) ++counts[i];
  return counts;
}

// The course's 10,000 draws from the weights: counts against weight / sum, which is what
// multinomial draws from, and against softmax(weights), which it does not; the bar chart, and
// (ours) the differences in standard deviations with the chi-square statistic.
void compare_draws(const Tensor& weights, int64_t n, const std::filesystem::path& png) {
  Generator gen(0);
  const int64_t V = weights.numel();
  const std::vector<double> observed = counts_of(multinomial(weights, n, true, &gen), V);
  const std::vector<float> w = weights.to_vector<float>();
  const std::vector<float> p = (weights / weights.sum()).to_vector<float>();
  const std::vector<float> soft = softmax(weights, -1).to_vector<float>();
  std::vector<std::string> tokens;
  std::vector<double> expected_freq, observed_freq, softmax_freq, residuals;
  double chi_square = 0, max_diff = 0;
  std::printf("%lld draws with replacement:\n", static_cast<long long>(n));
  std::printf("%5s  %6s  %12s  %15s  %9s  %10s  %10s\n", "index", "weight", "weight / sum",
              "softmax(weights)", "observed", "frequency", "(O-E)/√E");
  for (int64_t i = 0; i < V; ++i) {
    const double e = p[i] * n, o = observed[i];
    chi_square += (o - e) * (o - e) / e;
    max_diff = std::max(max_diff, std::fabs(o / n - p[i]));
    tokens.push_back(std::to_string(i) + " (weight " + num(w[i]) + ")");
    expected_freq.push_back(p[i]);
    observed_freq.push_back(o / n);
    softmax_freq.push_back(soft[i]);
    residuals.push_back((o - e) / std::sqrt(e));
    std::printf("%5lld  %6g  %12.4f  %15.4f  %9.0f  %10.4f  %+10.2f\n", static_cast<long long>(i),
                w[i], p[i], soft[i], o, o / n, residuals.back());
  }
  const double p_max = max(weights).item() / weights.sum().item();
  std::printf(
      "largest |frequency - weight/sum|: %.4f (one standard deviation of the largest "
      "probability's frequency, sqrt(p(1-p)/n), is %.4f)\n",
      max_diff, std::sqrt(p_max * (1 - p_max) / n));
  std::printf(
      "chi-square = sum (O-E)^2/E = %.2f with %lld degrees of freedom: a fair sampler gives about "
      "%lld ± %.1f, above 5.99 one run in 20, above 9.21 one run in 100\n",
      chi_square, static_cast<long long>(V - 1), static_cast<long long>(V - 1),
      std::sqrt(2.0 * static_cast<double>(V - 1)));

  plot::Figure fig(2, 1);
  fig.title(std::to_string(n) + " draws from the weights [1, 2, 5]");
  fig.panel(0, 0)
      .title("Frequency of each index: weight / sum, observed, and softmax(weights)")
      .xlabel("index")
      .ylabel("frequency (share of the draws)")
      .bars(tokens, {{"weight / sum: what multinomial draws from", expected_freq},
                     {"observed in " + std::to_string(n) + " draws", observed_freq},
                     {"softmax(weights): not what it draws from", softmax_freq}});
  fig.panel(1, 0)
      .title("Observed minus expected, in standard deviations (dashed: ±2, 95% of chance)")
      .xlabel("index")
      .ylabel("(O - E) / sqrt(E)")
      .bars(tokens, {{"", residuals}})
      .hline(2, "")
      .hline(-2, "");
  fig.size({900, 900});
  fig.save(png);
}

// The largest |frequency - probability| for more and more draws, against the size of chance.
void convergence(const Tensor& probs, int64_t largest_n, const std::filesystem::path& png) {
  const double p_max = max(probs).item();
  std::vector<double> ns, diffs, chance;
  Generator gen(1);
  std::printf("\n%9s  %16s  %22s\n", "draws n", "largest |f - p|", "sqrt(p_max(1-p_max)/n)");
  for (int64_t decade = 10; decade <= largest_n; decade *= 10) {
    for (const int64_t n : {decade, 2 * decade, 5 * decade}) {
      if (n > largest_n) break;
      const std::vector<double> counts =
          counts_of(multinomial(probs, n, true, &gen), probs.numel());
      const std::vector<float> p = probs.to_vector<float>();
      double diff = 0;
      for (size_t i = 0; i < p.size(); ++i) diff = std::max(diff, std::fabs(counts[i] / n - p[i]));
      ns.push_back(static_cast<double>(n));
      diffs.push_back(diff);
      chance.push_back(std::sqrt(p_max * (1 - p_max) / n));
      std::printf("%9lld  %16.5f  %22.5f\n", static_cast<long long>(n), diff, chance.back());
    }
  }
  plot::Plot p("Observed frequencies close in on the probabilities as 1/√n",
               "number of draws n (log scale)", "largest |frequency - probability| (log scale)");
  p.log_x().log_y();
  p.line("largest |frequency - probability| over the 3 indices", ns, diffs)
      .line("sqrt(p(1-p)/n) for the largest p: the size of chance", ns, chance);
  p.save(png);
}

// Ours: without replacement an index, once drawn, cannot come again: at most V draws per row.
void without_replacement(const Tensor& probs) {
  const int64_t v = probs.numel();
  Generator gen(2);
  std::printf("\nall %lld indices drawn without replacement, three times (an ordering each):\n",
              static_cast<long long>(v));
  for (int row = 0; row < 3; ++row) {
    std::printf("   %s\n", multinomial(probs, v, false, &gen).str().c_str());
  }
  const int rows = 1000;
  for (const bool replacement : {true, false}) {
    const Tensor draws =
        multinomial(probs.unsqueeze(0).expand({rows, v}).contiguous(), v, replacement, &gen);
    const std::vector<int64_t> ids = draws.to_vector<int64_t>();
    int repeats = 0;
    for (int r = 0; r < rows; ++r) {
      const std::set<int64_t> distinct(ids.begin() + r * v, ids.begin() + (r + 1) * v);
      repeats += distinct.size() < static_cast<size_t>(v);
    }
    std::printf("%d rows of %lld draws %s replacement: %d rows hold a repeated index\n", rows,
                static_cast<long long>(v), replacement ? "with   " : "without", repeats);
  }
}

// What multinomial refuses, with the error it gives: the course's cases first, then ours.
void refusals(const Tensor& weights) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<std::pair<std::string, std::function<void()>>> cases = {
      {"integer weights [1, 1, 1]",
       [] {
         multinomial(int_tensor({1, 1, 1}), 1);
       }},
      {"a negative weight [-1, 1, 1]",
       [] {
         multinomial(tensor({-1.0f, 1, 1}), 1);
       }},
      {"4 draws from 3 weights (no replacement: the default)", [&] { multinomial(weights, 4); }},
      {"a NaN (ours)",
       [nan] {
         multinomial(tensor({0.5f, nan, 0.5f}), 1, true);
       }},
      {"all zero (ours)", [] { multinomial(zeros({4}), 1, true); }},
      {"3 without replacement, 2 non-zero (ours)", [] {
         multinomial(tensor({0.5f, 0, 0.5f}), 3, false);
       }}};
  std::printf("\nwhat multinomial refuses:\n");
  for (const auto& [what, call] : cases) {
    try {
      call();
      std::printf("   %-52s accepted (unexpected)\n", what.c_str());
    } catch (const std::invalid_argument& e) {
      std::printf("   %-52s %s\n", what.c_str(), e.what());
    }
  }
  // Weights that do not sum to 1 are fine: multinomial divides by their sum itself.
  Generator a(7), b(7);
  const Tensor scaled = multinomial(weights * 37.0, 20, true, &a);
  const Tensor plain = multinomial(weights / weights.sum(), 20, true, &b);
  std::printf("weights 37 times larger give the same draws as weight / sum: %s\n",
              scaled.to_vector<int64_t>() == plain.to_vector<int64_t>() ? "yes" : "no");
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "05_multinomial",
      "Lesson 05: multinomial draws from the weights [1, 2, 5]: one draw, 10, then 10,000 against "
      "weight / sum and softmax(weights); what multinomial refuses; drawing without replacement.");

  // The course's unnormalised weights: multinomial divides them by their sum.
  const Tensor weights = tensor({1.0f, 2.0f, 5.0f});
  const Tensor probs = weights / weights.sum();
  Generator gen(0);
  std::printf("weights %s; weight / sum = %s\n", weights.str().c_str(), probs.str().c_str());
  std::printf("one draw: index %lld\n",
              static_cast<long long>(multinomial(weights, 1, false, &gen).item<int64_t>()));
  std::printf("10 draws with replacement, the weights at the drawn indices:");
  const std::vector<float> w = weights.to_vector<float>();
  for (int64_t i : multinomial(weights, 10, true, &gen).to_vector<int64_t>()) {
    std::printf(" %g", w[i]);
  }
  std::printf("\n\n");

  const auto bars_png = opt.out_dir / "expected_vs_observed.png";
  const auto convergence_png = opt.out_dir / "convergence.png";
  compare_draws(weights, 10000, bars_png);
  refusals(weights);

  // The course's np.random.choice: without probabilities it picks every value equally often.
  const std::vector<double> uniform = counts_of(randint(0, 3, {10000}, &gen), 3);
  std::printf(
      "\n10000 choices among the 3 weights without probabilities (randint, as "
      "np.random.choice): %.0f, %.0f and %.0f times: uniform, not 1 : 2 : 5\n",
      uniform[0], uniform[1], uniform[2]);

  convergence(probs, opt.quick ? 10000 : 1000000, convergence_png);
  without_replacement(probs);
  std::printf("\nwrote %s and %s\n", bars_png.c_str(), convergence_png.c_str());

  show_exercise("inverse_cdf_pick against the library's draws (same generator seed)", [&] {
    Generator mine(3), library(3);
    const std::vector<int64_t> want = multinomial(probs, 1000, true, &library).to_vector<int64_t>();
    int agree = 0;
    for (int64_t w : want) agree += inverse_cdf_pick(probs, mine.next_double()) == w;
    std::printf("   %d of 1000 draws agree\n", agree);
  });
  show_exercise("count_draws, 10000 draws with seed 0 (compare with the table above)", [&] {
    Generator gen(0);
    for (int64_t c : count_draws(probs, 10000, gen))
      std::printf("   %lld", static_cast<long long>(c));
    std::printf("\n");
  });
  show_exercise("normalise_weights on {1, 2, 5} and on {1, -1}", [&] {
    std::printf("   %s\n", normalise_weights(weights).str().c_str());
    try {
      normalise_weights(tensor({1, -1}));
      std::printf("   {1, -1} was accepted: it should throw std::invalid_argument\n");
    } catch (const std::invalid_argument& e) {
      std::printf("   refused: %s\n", e.what());
    }
  });
  return 0;
}
