// Lesson 02: an embedding lookup is a one-hot row times a matrix. The course's comparison of
// nn::Embedding(5000, 70) with nn::Linear(70, 5000) — the same [5000, 70] weight shape, different
// initial weights — then (ours) which rows a gradient touches, and what each way costs.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "lessons/common/timing.h"
#include "nn/layers.h"
#include "plot/binning.h"
#include "plot/figure.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

// The course's sizes: a vocabulary of 5000 and a width of int(sqrt(5000)) = 70.
constexpr int64_t kVocab = 5000, kWidth = 70;

double std_of(const Tensor& x) { return x.std({}, false, 0).item(); }

// The input that makes a matrix product an embedding's lookup: float one-hot rows.
Tensor one_hot_rows(const Tensor& ids) { return one_hot(ids, kVocab).to(kFloat32); }

void equal_outputs(const Tensor& weight) {
  const Tensor ids = randint(0, kVocab, {5, 8});  // a batch of 5 sequences of 8 tokens
  const Tensor looked_up = embedding(ids, weight);
  const Tensor multiplied = one_hot_rows(ids).matmul(weight);
  std::printf("ids %s -> embedding %s; one_hot(ids) %s · weight %s -> %s\n",
              shape_str(ids.shape()).c_str(), shape_str(looked_up.shape()).c_str(),
              shape_str(one_hot(ids, kVocab).shape()).c_str(), shape_str(weight.shape()).c_str(),
              shape_str(multiplied.shape()).c_str());
  std::printf("largest |lookup - one-hot product|: %g\n", max(abs(looked_up - multiplied)).item());
}

// One weight set's histogram in 100 bins of its own, as a curve: (bin centre, count).
struct Curve {
  std::vector<double> centres, counts, densities;
};

Curve histogram_curve(const Tensor& weight) {
  const plot::Bins bins = plot::bin_histograms({{"", plot::Values(weight.flatten()).vec()}}, 100);
  Curve c;
  const double n = static_cast<double>(weight.numel());
  for (size_t b = 0; b + 1 < bins.edges.size(); ++b) {
    const double width = bins.edges[b + 1] - bins.edges[b];
    c.centres.push_back((bins.edges[b] + bins.edges[b + 1]) / 2);
    c.counts.push_back(bins.counts[0][b]);
    c.densities.push_back(bins.counts[0][b] / (n * width));
  }
  return c;
}

// The course's histograms: the embedding, the linear layer as created, and the linear layer
// re-initialised with normal_, on one axis. Each curve counts in 100 bins of its own width, as in
// the course; the right panel (ours) divides by the bin width, so the heights compare.
void initial_weights(const Tensor& emb, const Tensor& lin, const Tensor& lin_normal,
                     const std::filesystem::path& png) {
  const double bound = 1 / std::sqrt(static_cast<double>(kWidth)),
               kaiming_std = bound / std::sqrt(3.0);
  const double xavier_std = std::sqrt(2.0 / static_cast<double>(kVocab + kWidth));
  std::printf("\n%-30s  %-28s  %12s  %12s  %11s\n", "initial weights [5000, 70]", "rule",
              "expected std", "measured std", "largest |w|");
  const std::vector<std::tuple<std::string, std::string, double, Tensor>> rows = {
      {"nn::Embedding(5000, 70)", "N(0, 1)", 1.0, emb},
      {"nn::Linear(70, 5000)", "U(-b, b), b = 1/sqrt(70)", kaiming_std, lin},
      {"nn::Linear, normal_ again", "N(0, 1)", 1.0, lin_normal}};
  for (const auto& [name, rule, expected, w] : rows) {
    std::printf("%-30s  %-28s  %12.4f  %12.4f  %11.4f\n", name.c_str(), rule.c_str(), expected,
                std_of(w), max(abs(w)).item());
  }
  std::printf(
      "b = %.4f; the linear layer's std is %.1f times below the embedding's\n"
      "Xavier's normal rule would give std sqrt(2 / (5000 + 70)) = %.4f; the embedding's %.4f is "
      "N(0, 1), not Xavier\n",
      bound, 1 / kaiming_std, xavier_std, std_of(emb));

  plot::Figure fig(1, 2);
  fig.title("Initial weights of Embedding(5000, 70) and Linear(70, 5000), each [5000, 70]");
  // Left the course's counts, right (ours) the densities; the x axis is the embedding's range.
  const double lo = min(emb).item(), hi = max(emb).item();
  for (const int col : {0, 1}) {
    fig.panel(0, col)
        .title(col == 0 ? "as in the course: counts in 100 bins of each curve's own width"
                        : "ours: the same, divided by the bin width (density)")
        .xlabel("weight value")
        .ylabel(col == 0 ? "count" : "density (count / (weights x bin width))")
        .x_range(lo, hi);
  }
  const std::vector<std::string> names = {"Embedding", "Linear", "Linear, normal_ again"};
  for (size_t i = 0; i < rows.size(); ++i) {
    const Curve c = histogram_curve(std::get<3>(rows[i]));
    fig.panel(0, 0).line(names[i], c.centres, c.counts);
    fig.panel(0, 1).line(names[i], c.centres, c.densities);
  }
  fig.size({1400, 560});
  fig.save(png);
}

// Ours: the spread of what the layers output.
void output_spreads(const Tensor& emb, const Tensor& lin) {
  const Tensor ids = randint(0, kVocab, {1000});
  std::printf("\nspread of the outputs for 1000 inputs (ours):\n");
  std::printf("   embedding lookup of ids               std %.4f (a row of N(0, 1) weights)\n",
              std_of(embedding(ids, emb)));
  std::printf(
      "   one-hot rows times Linear's weight     std %.4f (one U(-b, b) weight: b/sqrt(3))\n",
      std_of(one_hot_rows(ids).matmul(lin)));
  std::printf(
      "   Linear(70, 5000) of N(0, 1) rows       std %.4f (70 weights summed: sqrt(70) b/sqrt(3) = "
      "1/sqrt(3))\n",
      std_of(randn({1000, kWidth}).matmul(lin.t())));
}

// How many rows of a [kVocab, kWidth] gradient hold a non-zero value.
int64_t nonzero_rows(const Tensor& grad) {
  return (abs(grad).sum({1}) > 0).to(kInt64).sum().item();
}

// The gradient of a [5000, 70] weight after one backward pass through `rows` · weight.
Tensor product_gradient(const Tensor& rows, const Tensor& weight, const Tensor& grad_out) {
  Tensor w = weight.detach().clone().requires_grad_();
  rows.matmul(w).backward(grad_out);
  return w.grad();
}

// Ours: one backward pass through each way; which vocabulary entries' weights get a gradient.
void touched_rows(const Tensor& weight, const std::filesystem::path& png) {
  const Tensor ids = int_tensor({2, 9, 9, 23, 31, 4096});
  const Tensor grad_out = randn({ids.numel(), kWidth});
  std::printf("\nids %s, one backward pass with a random gradient of the output (ours):\n",
              ids.str().c_str());
  Tensor w = weight.detach().clone().requires_grad_();
  embedding(ids, w).backward(grad_out);
  const std::vector<std::pair<std::string, Tensor>> grads = {
      {"embedding(ids, W)", w.grad()},
      {"one_hot(ids).matmul(W)", product_gradient(one_hot_rows(ids), weight, grad_out)},
      {"dense N(0, 1) rows.matmul(W)",
       product_gradient(randn({ids.numel(), kVocab}), weight, grad_out)}};
  const std::vector<std::string> titles = {
      "embedding(ids, W): only the rows of ids 2, 9, 23, 31 (and 4096)",
      "one_hot(ids) times W: the same rows, the same values",
      "dense N(0, 1) rows times W: every row"};
  std::printf("%-30s  %s\n", "", "rows of W with a non-zero gradient");
  for (const auto& [name, grad] : grads) {
    std::printf("%-30s  %lld of %lld\n", name.c_str(), static_cast<long long>(nonzero_rows(grad)),
                static_cast<long long>(kVocab));
  }
  std::printf("largest |embedding gradient - one-hot product gradient|: %g\n",
              max(abs(grads[0].second - grads[1].second)).item());

  const int64_t shown = 40;
  plot::Figure fig(3, 1);
  fig.title("|gradient| of rows 0-39 of W [5000, 70] after one backward pass");
  for (size_t i = 0; i < grads.size(); ++i) {
    fig.panel(static_cast<int>(i), 0)
        .title(titles[i])
        .xlabel("column of W (0-69)")
        .ylabel("row of W (vocabulary entry)")
        .heatmap(abs(grads[i].second.narrow(0, 0, shown)))
        .colorbar_label("|gradient|");
  }
  fig.size({900, 1250});
  fig.save(png);
}

// Ours: the lookup against the one-hot product.
void timing(const Tensor& weight, bool quick) {
  const int reps = quick ? 5 : 51;
  std::printf("\ntime in microseconds, weight [5000, 70]; %s runs:\n", timing_note(reps).c_str());
  std::printf("%6s  %12s  %20s  %20s  %8s\n", "ids", "lookup", "one_hot(ids) only",
              "one-hot product", "ratio");
  for (int64_t n : quick ? std::vector<int64_t>{40} : std::vector<int64_t>{40, 256, 1024}) {
    const Tensor ids = randint(0, kVocab, {n});
    const double lookup = 1e6 * median_seconds(reps, [&] { embedding(ids, weight); });
    const double build = 1e6 * median_seconds(reps, [&] { one_hot_rows(ids); });
    const double product = 1e6 * median_seconds(reps, [&] { one_hot_rows(ids).matmul(weight); });
    std::printf("%6lld  %12.1f  %20.1f  %20.1f  %7.0fx\n", static_cast<long long>(n), lookup, build,
                product, product / lookup);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "02_embedding_vs_linear",
      "Lesson 02: Embedding(5000, 70) against Linear(70, 5000): a lookup is a one-hot row times a "
      "matrix; their initial weights; which rows a gradient touches; timing.");
  manual_seed(0);
  nn::Embedding emb(kVocab, kWidth);
  nn::Linear lin(kWidth, kVocab);  // weight [5000, 70], the embedding's shape
  nn::Linear lin_normal(kWidth, kVocab);
  {
    NoGradGuard no_grad;
    lin_normal.weight.copy_(randn({kVocab, kWidth}));  // the course's torch.nn.init.normal_
  }
  std::printf("Embedding(5000, 70).weight %s, Linear(70, 5000).weight %s\n",
              shape_str(emb.weight.shape()).c_str(), shape_str(lin.weight.shape()).c_str());

  equal_outputs(lin.weight.detach());
  const auto weights_png = opt.out_dir / "initial_weights.png";
  const auto grads_png = opt.out_dir / "gradient_rows.png";
  const Tensor E = emb.weight.detach(), L = lin.weight.detach();
  initial_weights(E, L, lin_normal.weight.detach(), weights_png);
  output_spreads(E, L);
  touched_rows(E, grads_png);
  timing(E, opt.quick);
  std::printf("\nwrote %s and %s\n", weights_png.c_str(), grads_png.c_str());

  const Tensor ids = int_tensor({2, 9, 9, 23, 31, 4096});
  show_exercise("one_hot_by_hand against the library's one_hot", [&] {
    std::printf("   largest difference: %g\n",
                max(abs(one_hot_by_hand(ids, kVocab) - one_hot_rows(ids))).item());
  });
  show_exercise("lookup_as_matmul against the embedding lookup", [&] {
    std::printf("   largest difference: %g\n",
                max(abs(lookup_as_matmul(ids, E) - embedding(ids, E))).item());
  });
  show_exercise("kaiming_uniform_bound(70) against Linear(70, 5000)'s weights", [&] {
    std::printf("   bound %.5f (largest |w| of the Linear layer: %.5f)\n",
                kaiming_uniform_bound(kWidth), max(abs(L)).item());
  });
  show_exercise("uniform_std(1/sqrt(70)) against Linear(70, 5000)'s weights", [&] {
    std::printf("   std %.5f (measured: %.5f)\n",
                uniform_std(1 / std::sqrt(static_cast<double>(kWidth))), std_of(L));
  });
  return 0;
}
