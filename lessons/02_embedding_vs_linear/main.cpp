// Lesson 02: an embedding lookup is a one-hot row times a matrix. Equal outputs, the two layers'
// initial weights, which rows a gradient touches, and what each way costs.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "lessons/common/timing.h"
#include "nn/layers.h"
#include "plot/figure.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

constexpr int64_t kVocab = 5000, kWidth = 70;

double std_of(const Tensor& x) { return x.std({}, false, 0).item(); }

// The input a linear layer needs to do an embedding's job: float one-hot rows.
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

// The two layers' initial weights, and the spread of what they output.
void initial_weights(nn::Embedding& emb, nn::Linear& lin, const std::filesystem::path& png) {
  const double bound = 1 / std::sqrt(static_cast<double>(kVocab)),
               linear_std = bound / std::sqrt(3.0);
  std::printf("\n%-26s  %-24s  %12s  %12s  %9s\n", "initial weights", "rule", "expected std",
              "measured std", "largest |w|");
  std::printf("%-26s  %-24s  %12.5f  %12.5f  %9.5f\n", "Embedding(5000, 70)", "N(0, 1)", 1.0,
              std_of(emb.weight), max(abs(emb.weight)).item());
  std::printf("%-26s  %-24s  %12.5f  %12.5f  %9.5f\n", "Linear(5000, 70)",
              "U(-b, b), b=1/sqrt(5000)", bound / std::sqrt(3.0), std_of(lin.weight),
              max(abs(lin.weight)).item());

  const Tensor ids = randint(0, kVocab, {1000});
  std::printf("\nspread of the outputs for 1000 inputs:\n");
  std::printf("   embedding of ids                   std %.4f (a row of N(0, 1) weights)\n",
              std_of(emb.forward(ids)));
  std::printf(
      "   linear layer of one-hot rows       std %.4f (one weight of U(-b, b): b/sqrt(3))\n",
      std_of(lin.forward(one_hot_rows(ids))));
  std::printf(
      "   linear layer of N(0, 1) rows       std %.4f (5000 weights summed: sqrt(5000) b/sqrt(3) = "
      "1/sqrt(3))\n",
      std_of(lin.forward(randn({1000, kVocab}))));

  char linear_title[96], figure_title[128];
  std::snprintf(linear_title, sizeof linear_title, "nn::Linear(5000, 70): U(-%.4f, %.4f), std %.4f",
                bound, bound, linear_std);
  std::snprintf(figure_title, sizeof figure_title,
                "Initial weights, vocabulary 5000, width 70 (mind the x scales: the stds are %.0f "
                "times apart)",
                1 / linear_std);
  plot::Figure fig(1, 2);
  fig.title(figure_title);
  fig.panel(0, 0)
      .title("nn::Embedding(5000, 70): N(0, 1), std 1")
      .xlabel("initial weight")
      .ylabel("count (of 350,000 weights)")
      .histogram("", emb.weight.flatten(), 60);
  fig.panel(0, 1)
      .title(linear_title)
      .xlabel("initial weight")
      .ylabel("count (of 350,000 weights)")
      .histogram("", lin.weight.flatten(), 60);
  fig.save(png);
}

// How many rows of a [kVocab, kWidth] gradient hold a non-zero value.
int64_t nonzero_rows(const Tensor& grad) {
  return (abs(grad).sum({1}) > 0).to(kInt64).sum().item();
}

// One backward pass through each layer; which vocabulary entries' weights get a gradient.
void touched_rows(nn::Embedding& emb, nn::Linear& lin, const std::filesystem::path& png) {
  const Tensor ids = int_tensor({2, 9, 9, 23, 31, 4096});
  const Tensor grad_out = randn({ids.numel(), kWidth});
  std::printf("\nids %s, one backward pass with a random gradient of the output:\n",
              ids.str().c_str());

  emb.forward(ids).backward(grad_out);
  const Tensor emb_grad = emb.weight.grad();
  // Linear keeps its weight as [out, in]: the row of vocabulary entry v is column v.
  lin.forward(one_hot_rows(ids)).backward(grad_out);
  const Tensor one_hot_grad = lin.weight.grad().t().contiguous();
  nn::Linear dense(kVocab, kWidth, /*bias=*/false);
  dense.forward(randn({ids.numel(), kVocab})).backward(grad_out);
  const Tensor dense_grad = dense.weight.grad().t().contiguous();

  const std::vector<std::pair<std::string, Tensor>> grads = {
      {"Embedding, ids", emb_grad},
      {"Linear, one-hot rows of the ids", one_hot_grad},
      {"Linear, dense N(0, 1) rows", dense_grad}};
  const std::vector<std::string> titles = {
      "Embedding: weight rows; only the looked-up ids 2, 9, 23, 31 (and 4096)",
      "Linear on one-hot rows: weight columns, drawn transposed; the same 5 entries",
      "Linear on dense N(0, 1) rows: every entry"};
  std::printf("%-34s  %s\n", "layer and input", "vocabulary entries with a non-zero gradient");
  for (const auto& [name, grad] : grads) {
    std::printf("%-34s  %lld of %lld\n", name.c_str(), static_cast<long long>(nonzero_rows(grad)),
                static_cast<long long>(kVocab));
  }
  std::printf("largest |embedding gradient - one-hot linear gradient|: %g\n",
              max(abs(emb_grad - one_hot_grad)).item());

  const int64_t shown = 40;
  plot::Figure fig(3, 1);
  fig.title("|gradient| of the weights of vocabulary entries 0-39 of 5000 after one backward pass");
  for (size_t i = 0; i < grads.size(); ++i) {
    fig.panel(static_cast<int>(i), 0)
        .title(titles[i])
        .xlabel("output feature (0-69)")
        .ylabel("vocabulary entry")
        .heatmap(abs(grads[i].second.narrow(0, 0, shown)))
        .colorbar_label("|gradient|");
  }
  fig.size({900, 1250});
  fig.save(png);
}

void timing(const Tensor& weight, bool quick) {
  const int reps = quick ? 5 : 51;
  std::printf("\nmedian time of %d runs, weight [5000, 70] (microseconds):\n", reps);
  std::printf("%6s  %12s  %20s  %20s  %8s\n", "ids", "lookup", "one_hot(ids) only",
              "one-hot product", "ratio");
  for (int64_t n : quick ? std::vector<int64_t>{40, 256} : std::vector<int64_t>{40, 256, 1024}) {
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
      "Lesson 02: an embedding lookup against a one-hot row times a matrix: equal outputs, "
      "initial weights, the rows a gradient touches, and timing.");
  manual_seed(0);
  nn::Embedding emb(kVocab, kWidth);
  nn::Linear lin(kVocab, kWidth, /*bias=*/false);

  equal_outputs(emb.weight);
  const auto weights_png = opt.out_dir / "initial_weights.png";
  const auto grads_png = opt.out_dir / "gradient_rows.png";
  initial_weights(emb, lin, weights_png);
  touched_rows(emb, lin, grads_png);
  timing(emb.weight.detach(), opt.quick);
  std::printf("\nwrote %s and %s\n", weights_png.c_str(), grads_png.c_str());

  const Tensor ids = int_tensor({2, 9, 9, 23, 31, 4096});
  show_exercise("one_hot_by_hand against the library's one_hot", [&] {
    std::printf("   largest difference: %g\n",
                max(abs(one_hot_by_hand(ids, kVocab) - one_hot_rows(ids))).item());
  });
  show_exercise("lookup_as_matmul against the embedding lookup", [&] {
    const Tensor w = emb.weight.detach();
    std::printf("   largest difference: %g\n",
                max(abs(lookup_as_matmul(ids, w) - embedding(ids, w))).item());
  });
  show_exercise("kaiming_uniform_bound(5000) against the Linear layer's weights", [&] {
    std::printf("   bound %.5f (largest |w| of the Linear layer: %.5f)\n",
                kaiming_uniform_bound(kVocab), max(abs(lin.weight)).item());
  });
  show_exercise("uniform_std(1/sqrt(5000)) against the Linear layer's weights", [&] {
    std::printf("   std %.5f (measured: %.5f)\n",
                uniform_std(1 / std::sqrt(static_cast<double>(kVocab))), std_of(lin.weight));
  });
  return 0;
}
