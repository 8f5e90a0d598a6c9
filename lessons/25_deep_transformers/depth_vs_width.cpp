#include "depth_vs_width.h"

#include <cstdio>
#include <memory>

#include "nn/gpt.h"
#include "plot/figure.h"
#include "recipes.h"

namespace buildgpt::lessons {

std::vector<ModelShape> equal_size_shapes(bool quick) {
  if (quick) return {{1, 32}, {4, 16}};
  return {{2, 128}, {8, 64}, {32, 32}, {128, 16}};
}

std::vector<ShapeResult> train_shapes(const std::vector<ModelShape>& shapes, int64_t vocab,
                                      const TokenDataset& data, const std::vector<Batch>& val,
                                      const LmTraining& training) {
  std::vector<ShapeResult> results;
  for (const ModelShape& shape : shapes) {
    nn::GPTConfig c = narrow_config(vocab, shape.width, shape.layers, recipes()[1]);
    c.scaled_residual_init = true;
    Generator gen(1);
    nn::GPT model(c, &gen);
    const std::string name = std::to_string(shape.layers) +
                             (shape.layers == 1 ? " block" : " blocks") + " of width " +
                             std::to_string(shape.width);
    const std::vector<NamedHistory> runs =
        train_runs({{name, &model, {}}}, data, val, training, [](const auto&) {});
    results.push_back({shape, model.parameter_count(), runs.front()});
  }
  std::printf("\n%-28s %11s %16s %12s\n", "shape", "parameters", "validation loss", "seconds");
  for (const ShapeResult& r : results) {
    std::printf("%-28s %11lld %16.3f %12.1f\n", r.run.name.c_str(),
                static_cast<long long>(r.parameters), r.run.history.val.back(),
                r.run.history.seconds);
  }
  return results;
}

void save_shapes_figure(const std::vector<ShapeResult>& results, int64_t tokens,
                        const std::filesystem::path& png) {
  plot::Figure fig(1, 2);
  fig.title("Depth against width at about " + std::to_string(results.front().parameters) +
            " parameters, " + std::to_string(tokens) + " training tokens each (ours)");
  plot::Plot& curves = fig.panel(0, 0);
  curves.title("validation loss while training").xlabel("step").ylabel("validation loss (nats)");
  std::vector<double> depth, final_loss;
  for (const ShapeResult& r : results) {
    curves.line(r.run.name, r.run.history.val_steps, r.run.history.val);
    depth.push_back(static_cast<double>(r.shape.layers));
    final_loss.push_back(r.run.history.val.back());
  }
  fig.panel(0, 1)
      .title("after the last step")
      .xlabel("blocks (each shape 4 times as many as the last, half as wide)")
      .ylabel("validation loss (nats)")
      .log_x()
      .x_range(depth.front() / 1.5, depth.back() * 1.5)
      .line("validation loss", depth, final_loss);
  fig.size({1600, 620});
  fig.save(png);
}

}  // namespace buildgpt::lessons
