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

// How many of each index the draws hold.
std::vector<double> counts_of(const Tensor& draws, int64_t categories) {
  std::vector<double> counts(categories, 0);
  for (int64_t i : draws.to_vector<int64_t>()) ++counts[i];
  return counts;
}

// The table of expected against observed counts, the agreement measures, and the bar chart.
void compare_draws(const Tensor& probs, int64_t n, const std::filesystem::path& png) {
  Generator gen(0);
  const std::vector<double> observed = counts_of(multinomial(probs, n, true, &gen), probs.numel());
  const std::vector<float> p = probs.to_vector<float>();
  std::vector<std::string> tokens;
  std::vector<double> expected_freq, observed_freq, residuals;
  double chi_square = 0, max_diff = 0;
  std::printf("%5s  %11s  %9s  %9s  %9s  %10s\n", "token", "probability", "expected", "observed",
              "frequency", "(O-E)/√E");
  for (size_t i = 0; i < p.size(); ++i) {
    const double e = p[i] * n, o = observed[i];
    chi_square += (o - e) * (o - e) / e;
    max_diff = std::max(max_diff, std::fabs(o / n - p[i]));
    tokens.push_back(std::to_string(i));
    expected_freq.push_back(p[i]);
    observed_freq.push_back(o / n);
    residuals.push_back((o - e) / std::sqrt(e));
    std::printf("%5zu  %11.4f  %9.1f  %9.0f  %9.4f  %+10.2f\n", i, p[i], e, o, o / n,
                residuals.back());
  }
  const double p_max = max(probs).item();
  std::printf(
      "\nlargest |frequency - probability|: %.4f (one standard deviation of the largest "
      "probability's frequency, sqrt(p(1-p)/n), is %.4f)\n",
      max_diff, std::sqrt(p_max * (1 - p_max) / n));
  std::printf(
      "chi-square = sum (O-E)^2/E = %.2f with %zu degrees of freedom: a fair sampler gives about "
      "%zu ± %.1f, above 16.9 one run in 20, above 21.7 one run in 100\n",
      chi_square, p.size() - 1, p.size() - 1, std::sqrt(2.0 * (p.size() - 1)));

  plot::Figure fig(2, 1);
  fig.title(std::to_string(n) + " draws from softmax(logits) against their probabilities");
  fig.panel(0, 0)
      .title("Frequency of each token: expected (the probability) and observed")
      .xlabel("token id")
      .ylabel("frequency (share of the draws)")
      .bars(tokens, {{"expected: the probability", expected_freq},
                     {"observed in " + std::to_string(n) + " draws", observed_freq}});
  fig.panel(1, 0)
      .title("Observed minus expected, in standard deviations (dashed: ±2, 95% of chance)")
      .xlabel("token id")
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
  p.line("largest |frequency - probability| over the 10 tokens", ns, diffs)
      .line("sqrt(p(1-p)/n) for the largest p: the size of chance", ns, chance);
  p.save(png);
}

// Without replacement an index, once drawn, cannot come again: at most V draws per row.
void without_replacement(const Tensor& probs) {
  const int64_t v = probs.numel();
  Generator gen(2);
  std::printf("\nall %lld tokens drawn without replacement, three times (an ordering each):\n",
              static_cast<long long>(v));
  for (int row = 0; row < 3; ++row) {
    std::printf("   %s\n", multinomial(probs, v, false, &gen).str().c_str());
  }
  const int rows = 1000, k = 5;
  for (const bool replacement : {true, false}) {
    const Tensor draws =
        multinomial(probs.unsqueeze(0).expand({rows, v}).contiguous(), k, replacement, &gen);
    const std::vector<int64_t> ids = draws.to_vector<int64_t>();
    int repeats = 0;
    for (int r = 0; r < rows; ++r) {
      const std::set<int64_t> distinct(ids.begin() + r * k, ids.begin() + (r + 1) * k);
      repeats += distinct.size() < static_cast<size_t>(k);
    }
    std::printf("%d rows of %d draws %s replacement: %d rows hold a repeated token\n", rows, k,
                replacement ? "with   " : "without", repeats);
  }
}

// Each call multinomial must refuse, with the error it gives.
void invalid_probabilities(const Tensor& probs) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<std::pair<std::string, std::function<void()>>> cases = {
      {"a negative probability",
       [] {
         multinomial(tensor({0.5f, -0.1f, 0.6f}), 1, true);
       }},
      {"a NaN",
       [nan] {
         multinomial(tensor({0.5f, nan, 0.5f}), 1, true);
       }},
      {"all zero", [] { multinomial(zeros({4}), 1, true); }},
      {"5 draws without replacement from 3 tokens",
       [] {
         multinomial(tensor({0.2f, 0.3f, 0.5f}), 5, false);
       }},
      {"3 draws without replacement, only 2 non-zero", [] {
         multinomial(tensor({0.5f, 0, 0.5f}), 3, false);
       }}};
  std::printf("\ninvalid probabilities:\n");
  for (const auto& [what, call] : cases) {
    try {
      call();
      std::printf("   %-46s accepted (unexpected)\n", what.c_str());
    } catch (const std::invalid_argument& e) {
      std::printf("   %-46s %s\n", what.c_str(), e.what());
    }
  }
  // Weights that do not sum to 1 are fine: multinomial divides by their sum itself.
  Generator a(7), b(7);
  const Tensor scaled = multinomial(probs * 37.0, 20, true, &a);
  const Tensor plain = multinomial(probs, 20, true, &b);
  std::printf("weights 37 times the probabilities give the same draws: %s\n",
              scaled.to_vector<int64_t>() == plain.to_vector<int64_t>() ? "yes" : "no");
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "05_multinomial",
      "Lesson 05: 10,000 multinomial draws against their probabilities, drawing without "
      "replacement, and the probabilities multinomial refuses.");

  // The ten logits of lesson 04, as a model might give for the next token.
  const Tensor logits = tensor({2.0f, 1.0f, 0.5f, 3.5f, -1.0f, 0.0f, 1.5f, -0.5f, 2.5f, 0.2f});
  const Tensor probs = softmax(logits, -1);
  std::printf("probabilities = softmax(logits): %s\n\n", probs.str().c_str());

  const auto bars_png = opt.out_dir / "expected_vs_observed.png";
  const auto convergence_png = opt.out_dir / "convergence.png";
  compare_draws(probs, 10000, bars_png);
  convergence(probs, opt.quick ? 10000 : 1000000, convergence_png);
  without_replacement(probs);
  invalid_probabilities(probs);
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
  show_exercise("normalise_weights on {1, 2, 7} and on {1, -1}", [&] {
    std::printf("   %s\n", normalise_weights(tensor({1, 2, 7})).str().c_str());
    try {
      normalise_weights(tensor({1, -1}));
      std::printf("   {1, -1} was accepted: it should throw std::invalid_argument\n");
    } catch (const std::invalid_argument& e) {
      std::printf("   refused: %s\n", e.what());
    }
  });
  return 0;
}
