// Lesson 08: activations that explode or vanish through a stack of layers, layer norm keeping
// them at one scale, and what its gamma and beta do.
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

constexpr int kLayers = 20;

// The standard deviation of all of x (biased: divided by the number of elements).
double std_of(const Tensor& x) { return std::sqrt(var(x, {}, false, 0).item()); }

// x through kLayers random linear layers whose weights have std gain / sqrt(width), so each
// multiplies the activations' standard deviation by about `gain`; with layer norm after each
// layer when `normalise` is set. Returns the standard deviation before the first layer and after
// each one.
std::vector<double> stds_through_layers(const Tensor& x0, double gain, bool normalise,
                                        uint64_t seed) {
  const int64_t width = x0.size(-1);
  Generator gen(seed);  // the same layers with and without layer norm
  Tensor x = x0;
  std::vector<double> stds = {std_of(x)};
  for (int layer = 0; layer < kLayers; ++layer) {
    x = x.matmul(normal({width, width}, 0, gain / std::sqrt(static_cast<double>(width)), &gen));
    if (normalise) x = layer_norm(x, {width});
    stds.push_back(std_of(x));
  }
  return stds;
}

// The course's demonstration: a 30 x 30 matrix multiplied, elementwise, by a fresh randn(30, 30)
// times 1.5 (or divided by 1.5) twenty times; its Frobenius norm after each step.
void explode_and_vanish(const std::filesystem::path& png) {
  Generator gen(0);
  Tensor smaller = randn({30, 30}, &gen), larger = randn({30, 30}, &gen);
  std::vector<double> steps, small_norms, large_norms;
  for (int i = 1; i <= kLayers; ++i) {
    smaller = smaller * (randn({30, 30}, &gen) * (1 / 1.5));
    larger = larger * (randn({30, 30}, &gen) * 1.5);
    steps.push_back(i);
    small_norms.push_back(std::sqrt((smaller * smaller).sum().item()));
    large_norms.push_back(std::sqrt((larger * larger).sum().item()));
  }
  std::printf(
      "Frobenius norm of a 30 x 30 matrix multiplied elementwise by randn(30, 30) x factor:\n");
  std::printf("%-22s", "after step");
  for (int i = 0; i < kLayers; i += 5) std::printf("  %10d", i + 1);
  std::printf("  %10d\n%-22s", kLayers, "factor 1/1.5");
  for (int i = 0; i < kLayers; i += 5) std::printf("  %10.3g", small_norms[i]);
  std::printf("  %10.3g\n%-22s", small_norms.back(), "factor 1.5");
  for (int i = 0; i < kLayers; i += 5) std::printf("  %10.3g", large_norms[i]);
  std::printf("  %10.3g\n", large_norms.back());
  plot::Figure fig(1, 2);
  fig.title("A 30 x 30 matrix multiplied elementwise by randn(30, 30) x factor, 20 times");
  for (const int col : {0, 1}) {
    fig.panel(0, col)
        .title(col == 0 ? "matrices slightly smaller (factor 1/1.5)"
                        : "matrices slightly larger (factor 1.5)")
        .xlabel("multiplication step")
        .ylabel("matrix norm (Frobenius)")
        .scatter("", steps, col == 0 ? small_norms : large_norms);
  }
  fig.size({1200, 480});
  fig.save(png);
}

// Ours: the same happens to activations through random linear layers of that gain, and layer norm
// after each layer stops it.
void through_layers(const Tensor& x0, const std::filesystem::path& png) {
  plot::Plot p("Ours: " + std::to_string(kLayers) +
                   " random linear layers of gain 1.5 or 1/1.5, with and without layer norm",
               "layers passed", "standard deviation of the activations (log scale)");
  p.log_y();
  std::vector<double> layers(kLayers + 1);
  for (int i = 0; i <= kLayers; ++i) layers[i] = i;
  std::printf("\nours, %lld rows of %lld activations through random layers:\n%-28s",
              static_cast<long long>(x0.size(0)), static_cast<long long>(x0.size(1)),
              "standard deviation after");
  for (int i = 0; i <= kLayers; i += 5)
    std::printf("  %9s", ("layer " + std::to_string(i)).c_str());
  std::printf("\n");
  for (const bool normalise : {false, true}) {
    for (const double gain : {1.5, 1 / 1.5}) {
      const std::string name = std::string(gain > 1 ? "gain 1.5" : "gain 1/1.5") +
                               (normalise ? ", then layer norm" : " each layer");
      const std::vector<double> stds = stds_through_layers(x0, gain, normalise, 1);
      p.line(name + (normalise && gain < 1 ? " (hides the green)" : ""), layers, stds);
      std::printf("%-28s", name.c_str());
      for (int i = 0; i <= kLayers; i += 5) std::printf("  %9.3g", stds[i]);
      std::printf("\n");
    }
  }
  p.save(png);
}

// The correlation of two equally long series.
double correlation(const Tensor& a, const Tensor& b) {
  const Tensor da = a - mean(a), db = b - mean(b);
  return ((da * db).sum() / ((da * da).sum() * (db * db).sum()).sqrt()).item();
}

// Means and (unbiased, as torch.std) standard deviations along dim, as one printed line each.
void print_stats(const char* what, const Tensor& x, int64_t dim) {
  std::printf("%-50s mean %s\n%-50s std  %s\n", what, mean(x, {dim}).str().c_str(), "",
              x.std({dim}, false, 1).str().c_str());
}

// The course's layer-norm demo on randn(3, 10) * 2 + 3: layer norm against the original values,
// row and column statistics, then gamma = 3 and beta = 5.
void layer_norm_demo(const std::filesystem::path& png) {
  Generator gen(1);
  const Tensor A = randn({3, 10}, &gen) * 2.0 + 3.0;
  const Tensor normed = layer_norm(A, {10});
  const Tensor affine = layer_norm(A, {10}, full({10}, 3.0), full({10}, 5.0));
  std::printf("\nthe course's demo: A = randn(3, 10) * 2 + 3\n%s\nlayer_norm(A)\n%s\n",
              A.str().c_str(), normed.str().c_str());
  print_stats("original, across the columns of each row:", A, 1);
  print_stats("layer-normed, across the columns of each row:", normed, 1);
  print_stats("layer-normed, across the rows of each column:", normed, 0);
  print_stats("gamma 3, beta 5, across the columns of each row:", affine, 1);
  std::printf(
      "(torch.std divides by n - 1: a row of layer norm's output has std sqrt(10/9) = %.4f "
      "this way)\n",
      std::sqrt(10.0 / 9.0));

  const Tensor a = A.flatten();
  char left[64], right[96];
  std::snprintf(left, sizeof left, "gamma = 1, beta = 0: r = %.2f",
                correlation(a, normed.flatten()));
  std::snprintf(right, sizeof right, "ours: gamma = 3, beta = 5: r = %.2f",
                correlation(a, affine.flatten()));
  plot::Figure fig(1, 2);
  fig.title("Layer norm of randn(3, 10) * 2 + 3: each value against its original");
  fig.panel(0, 0)
      .title(left)
      .xlabel("original")
      .ylabel("layer norm")
      .scatter("", a, normed.flatten());
  fig.panel(0, 1)
      .title(right)
      .xlabel("original")
      .ylabel("layer norm, gamma 3, beta 5")
      .scatter("", a, affine.flatten());
  fig.size({1100, 480});
  fig.save(png);
}

// Ours: layer norm's output (blue in every panel) against its input and against its output scaled
// by gamma and shifted by beta (orange), the course's gamma = 3 and beta = 5 among them.
void gamma_and_beta(const Tensor& x, const std::filesystem::path& png) {
  const int64_t width = x.size(-1);
  const Tensor normalised = layer_norm(x, {width});
  std::vector<std::pair<std::string, Tensor>> panels = {{"the input x", x}};
  std::printf("\n%-24s  %8s  %8s\n", "", "mean", "std");
  std::printf("%-24s  %8.3f  %8.3f\n", "the input x", mean(x).item(), std_of(x));
  std::printf("%-24s  %8.3f  %8.3f\n", "gamma = 1, beta = 0", mean(normalised).item(),
              std_of(normalised));
  for (const auto& [gamma, beta] : {std::pair{3.0, 5.0}, {2.0, 0.0}, {0.5, -1.0}}) {
    char name[64];
    std::snprintf(name, sizeof name, "gamma = %g, beta = %g", gamma, beta);
    const Tensor y = layer_norm(x, {width}, full({width}, gamma), full({width}, beta));
    panels.emplace_back(name, y);
    std::printf("%-24s  %8.3f  %8.3f\n", name, mean(y).item(), std_of(y));
  }
  plot::Figure fig(2, 2);
  fig.title("Blue in every panel: layer_norm(x), that is gamma = 1, beta = 0. Orange: as titled");
  for (size_t i = 0; i < panels.size(); ++i) {
    fig.panel(static_cast<int>(i / 2), static_cast<int>(i % 2))
        .title("orange: " + panels[i].first)
        .xlabel("activation")
        .ylabel("count")
        .histogram("", normalised.flatten(), 50)
        .histogram("", panels[i].second.flatten(), 50);
  }
  fig.save(png);
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "08_layer_norm",
      "Lesson 08: matrices that explode or vanish when multiplied 20 times, the course's "
      "layer-norm "
      "demo, layer norm from scratch against the library's, and the effect of gamma and beta.");
  const int64_t rows = opt.quick ? 16 : 128, width = opt.quick ? 64 : 512;
  manual_seed(0);
  const Tensor x0 = randn({rows, width});

  const auto explode = opt.out_dir / "explode_and_vanish.png";
  const auto layers = opt.out_dir / "through_layers.png";
  const auto demo = opt.out_dir / "layer_norm_demo.png";
  const auto affine = opt.out_dir / "gamma_and_beta.png";
  explode_and_vanish(explode);
  through_layers(x0, layers);
  layer_norm_demo(demo);

  // Ours: rows far from mean 0 and std 1, the way a layer's raw output can be.
  const Tensor x = randn({rows, width}) * 2.5 + 4.0;
  const Tensor y = layer_norm(x, {width});
  std::printf(
      "\nours: layer_norm of %lld rows of %lld with mean 4 and std 2.5: every row now has mean "
      "within %.1e of 0 and (biased) std within %.1e of 1\n",
      static_cast<long long>(rows), static_cast<long long>(width), max(abs(mean(y, {-1}))).item(),
      max(abs(y.std({-1}, false, 0) - 1.0)).item());
  gamma_and_beta(x, affine);
  std::printf("\nwrote %s, %s, %s and %s\n", explode.c_str(), layers.c_str(), demo.c_str(),
              affine.c_str());

  show_exercise("row_moments against the library's mean and biased var", [&] {
    const RowMoments m = row_moments(x);
    std::printf("   largest differences: mean %.2e, variance %.2e\n",
                max(abs(m.mean - mean(x, {-1}, true))).item(),
                max(abs(m.var - var(x, {-1}, true, 0))).item());
  });
  show_exercise("layer_norm_forward against the library's layer_norm", [&] {
    const Tensor gamma = full({width}, 2.0), beta = full({width}, 3.0);
    std::printf(
        "   largest difference: %.2e without gamma and beta, %.2e with\n",
        max(abs(layer_norm_forward(x, Tensor(), Tensor()) - y)).item(),
        max(abs(layer_norm_forward(x, gamma, beta) - layer_norm(x, {width}, gamma, beta))).item());
  });
  show_exercise("layer_norm_backward against autograd", [&] {
    const Tensor gamma = randn({width}), grad_out = randn({rows, width});
    Tensor xl = x.clone().requires_grad_();
    layer_norm(xl, {width}, gamma).backward(grad_out);
    const LayerNormGrads mine = layer_norm_backward(x, gamma, grad_out);
    std::printf("   largest difference in the gradient of x: %.2e\n",
                max(abs(mine.x - xl.grad())).item());
  });
  return 0;
}
