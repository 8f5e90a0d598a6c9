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

void explode_and_vanish(const Tensor& x0, const std::filesystem::path& png) {
  plot::Plot p("Spread of the activations through " + std::to_string(kLayers) +
                   " layers, each scaling it by 1.5 or by 1/1.5",
               "layers passed", "standard deviation of the activations (log scale)");
  p.log_y();
  std::vector<double> layers(kLayers + 1);
  for (int i = 0; i <= kLayers; ++i) layers[i] = i;
  std::printf("%-28s", "standard deviation after");
  for (int i = 0; i <= kLayers; i += 5)
    std::printf("  %9s", ("layer " + std::to_string(i)).c_str());
  std::printf("\n");
  for (const bool normalise : {false, true}) {
    for (const double gain : {1.5, 1 / 1.5}) {
      const std::string name = std::string(gain > 1 ? "x 1.5" : "x 1/1.5") +
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

// Layer norm's output (blue in every panel) against its input and against its output scaled by
// gamma and shifted by beta (orange).
void gamma_and_beta(const Tensor& x, const std::filesystem::path& png) {
  const int64_t width = x.size(-1);
  const Tensor normalised = layer_norm(x, {width});
  std::vector<std::pair<std::string, Tensor>> panels = {{"the input x", x}};
  std::printf("\n%-24s  %8s  %8s\n", "", "mean", "std");
  std::printf("%-24s  %8.3f  %8.3f\n", "the input x", mean(x).item(), std_of(x));
  std::printf("%-24s  %8.3f  %8.3f\n", "gamma = 1, beta = 0", mean(normalised).item(),
              std_of(normalised));
  for (const auto& [gamma, beta] : {std::pair{2.0, 0.0}, {1.0, 3.0}, {0.5, -1.0}}) {
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
      "Lesson 08: activations exploding or vanishing through 20 layers, layer norm from scratch "
      "against the library's, and the effect of gamma and beta.");
  const int64_t rows = opt.quick ? 16 : 128, width = opt.quick ? 64 : 512;
  manual_seed(0);
  const Tensor x0 = randn({rows, width});
  std::printf("%lld rows of %lld activations, standard normal\n\n", static_cast<long long>(rows),
              static_cast<long long>(width));

  const auto explode = opt.out_dir / "explode_and_vanish.png";
  const auto affine = opt.out_dir / "gamma_and_beta.png";
  explode_and_vanish(x0, explode);

  // Rows far from mean 0 and std 1, the way a layer's raw output can be.
  const Tensor x = randn({rows, width}) * 2.5 + 4.0;
  const Tensor y = layer_norm(x, {width});
  std::printf(
      "\nlayer_norm of rows with mean 4 and std 2.5: every row now has mean within %.1e "
      "of 0 and std within %.1e of 1\n",
      max(abs(mean(y, {-1}))).item(), max(abs(y.std({-1}, false, 0) - 1.0)).item());
  gamma_and_beta(x, affine);
  std::printf("\nwrote %s and %s\n", explode.c_str(), affine.c_str());

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
