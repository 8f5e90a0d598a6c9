#include "init_gradients.h"

#include <algorithm>
#include <cstdio>

#include "autograd/autograd.h"
#include "nn/gpt.h"
#include "nn/layer_grad_norms.h"
#include "plot/figure.h"
#include "recipes.h"

namespace buildgpt::lessons {

std::vector<InitGradients> init_gradients(int64_t vocab, int64_t width,
                                          const std::vector<double>& init_stds,
                                          const std::vector<int64_t>& depths, const Batch& batch) {
  std::vector<InitGradients> results;
  for (const double init_std : init_stds) {
    for (const int64_t layers : depths) {
      for (const Recipe& recipe : recipes()) {
        Generator gen(1);
        nn::GPT model(narrow_config(vocab, width, layers, recipe, init_std), &gen);
        cross_entropy(model(batch.inputs), batch.targets).backward();
        std::vector<nn::LayerParameters> blocks;
        for (const nn::LayerParameters& l : nn::parameters_by_layer(model)) {
          if (l.name.starts_with("transformer.h.")) blocks.push_back(l);
        }
        results.push_back({recipe.name, init_std, layers, nn::layer_grad_norms(blocks)});
      }
    }
  }
  return results;
}

void save_init_figure(const std::vector<InitGradients>& results, int64_t width,
                      const std::filesystem::path& png) {
  std::vector<double> stds;
  std::vector<int64_t> depths;
  for (const InitGradients& r : results) {
    if (std::find(stds.begin(), stds.end(), r.init_std) == stds.end()) stds.push_back(r.init_std);
    if (std::find(depths.begin(), depths.end(), r.layers) == depths.end()) {
      depths.push_back(r.layers);
    }
  }
  plot::Figure fig(static_cast<int>(stds.size()), static_cast<int>(depths.size()));
  fig.title("Gradient norm of each block at initialisation, width " + std::to_string(width) +
            ", one batch of 16 windows (ours)");
  for (size_t s = 0; s < stds.size(); ++s) {
    for (size_t d = 0; d < depths.size(); ++d) {
      char title[96];
      std::snprintf(title, sizeof title, "%lld blocks, weights N(0, %.3g)%s",
                    static_cast<long long>(depths[d]), stds[s],
                    s == 0 ? " (GPT-2's)" : " (1/sqrt(width))");
      plot::Plot& p = fig.panel(static_cast<int>(s), static_cast<int>(d));
      p.title(title)
          .xlabel("block (1 = next to the embeddings)")
          .ylabel("gradient norm of the block's weights")
          .log_y();
      for (const InitGradients& r : results) {
        if (r.layers != depths[d] || r.init_std != stds[s]) continue;
        std::vector<double> block(r.norms.size());
        for (size_t i = 0; i < block.size(); ++i) block[i] = static_cast<double>(i + 1);
        p.line(r.recipe, block, r.norms);
      }
    }
  }
  fig.size({static_cast<int>(760 * depths.size()), static_cast<int>(560 * stds.size())});
  fig.save(png);
}

void print_init_table(const std::vector<InitGradients>& results) {
  std::printf("\n%-32s %9s %7s %11s %11s %11s %10s\n", "recipe", "init std", "blocks", "block 1",
              "middle", "last", "1st / last");
  for (const InitGradients& r : results) {
    const double first = r.norms.front(), last = r.norms.back();
    std::printf("%-32s %9.3g %7lld %11.3e %11.3e %11.3e %10.3g\n", r.recipe.c_str(), r.init_std,
                static_cast<long long>(r.layers), first, r.norms[r.norms.size() / 2], last,
                first / last);
  }
}

}  // namespace buildgpt::lessons
