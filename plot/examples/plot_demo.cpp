// Draws one figure of every kind into out/plot_demo/, to look at how they come out.
#include <cmath>
#include <iostream>
#include <numbers>
#include <string>
#include <vector>

#include "autograd/autograd.h"
#include "plot/figure.h"
#include "plot/loss_curve.h"
#include "plot/output.h"

using namespace buildgpt;

namespace {

std::vector<double> decaying_loss(int steps, double floor, double noise, Generator& gen) {
  const std::vector<float> jitter = randn({steps}, &gen).to_vector<float>();
  std::vector<double> loss;
  for (int s = 0; s < steps; ++s) {
    loss.push_back(floor + 2.2 * std::exp(-s / 150.0) + noise * jitter[s]);
  }
  return loss;
}

}  // namespace

int main() {
  const auto dir = plot::output_dir("plot_demo");
  Generator gen(7);

  std::vector<double> steps, val_steps, val_loss;
  for (int s = 0; s < 1000; ++s) steps.push_back(s);
  const std::vector<double> train = decaying_loss(1000, 2.0, 0.08, gen);
  for (int s = 0; s < 1000; s += 100) {
    val_steps.push_back(s);
    val_loss.push_back(2.1 + 2.2 * std::exp(-s / 150.0));
  }
  plot::loss_curve(dir / "loss_curve.png", steps, train, val_steps, val_loss,
                   plot::Reference{std::log(65.0), "uniform guess (ln 65)"});

  plot::Plot lr("Learning rate schedule", "step", "learning rate");
  std::vector<double> warm, cosine;
  for (double s : steps) {
    warm.push_back(s < 100 ? 3e-4 * s / 100 : 3e-4);
    cosine.push_back(s < 100 ? 3e-4 * s / 100
                             : 3e-5 + 1.35e-4 * (1 + std::cos(std::numbers::pi * (s - 100) / 900)));
  }
  lr.line("constant after warm-up", steps, warm).line("cosine decay", steps, cosine).log_y();
  lr.save(dir / "lines_log_y.png");

  const std::vector<float> x = randn({300}, &gen).to_vector<float>();
  const std::vector<float> noise = randn({300}, &gen).to_vector<float>();
  std::vector<double> y;
  for (size_t i = 0; i < x.size(); ++i) y.push_back(0.8 * x[i] + 0.4 * noise[i]);
  plot::Plot scatter("Embedding dimension 0 against 1", "dimension 0", "dimension 1");
  scatter.scatter("tokens", x, y);
  scatter.save(dir / "scatter.png");

  plot::Plot hist("Pre-activations of a tanh layer", "pre-activation", "count");
  hist.histogram("initialised with std 1", randn({5000}, &gen) * 1.0, 50)
      .histogram("scaled by 5/3 / sqrt(fan_in)", randn({5000}, &gen) * 0.4, 50);
  hist.save(dir / "histogram.png");

  std::vector<std::string> letters;
  std::vector<double> expected, observed;
  for (int i = 0; i < 26; ++i) {
    letters.push_back(std::string(1, static_cast<char>('a' + i)));
    expected.push_back(1000.0 / 26);
    observed.push_back(1000.0 / 26 * (0.6 + 0.8 * ((i * 7) % 11) / 10.0));
  }
  plot::Plot bars("Next-letter counts", "letter", "count");
  bars.bars(letters, {{"expected (uniform)", expected}, {"observed", observed}});
  bars.save(dir / "bars.png");

  const std::vector<std::string> tokens{"The", " cat", " sat", " on", " the", " mat", "."};
  Tensor scores = randn({7, 7}, &gen).tril();
  Tensor mask = ones({7, 7}).tril();
  Tensor e = scores.masked_fill(eq(mask, 0.0), -INFINITY).exp();
  Tensor weights = e / e.sum({1}, true);
  plot::Plot attention("Attention weights, layer 0 head 0", "key token", "query token");
  attention.heatmap(weights, tokens, tokens).colorbar_label("weight");
  attention.save(dir / "heatmap_attention.png");

  plot::Plot signed_map("Weight matrix of the first layer", "input unit", "output unit");
  signed_map.heatmap(randn({16, 48}, &gen)).colorbar_label("weight");
  signed_map.save(dir / "heatmap_signed.png");

  plot::Figure grid(2, 3);
  grid.title("Activations per layer");
  for (int layer = 0; layer < 5; ++layer) {
    grid.panel(layer / 3, layer % 3)
        .title("layer " + std::to_string(layer))
        .xlabel("tanh output")
        .ylabel("count")
        .histogram("", (randn({2000}, &gen) * (0.5 + 0.5 * layer)).tanh(), 40);
  }
  grid.save(dir / "grid.png");
  std::cout << "wrote " << dir.string() << "/*.png\n";
}
