// Lesson 23: the distributions of a trained GPT-2's weights. As the course: the token against the
// position embeddings, the attention and MLP weights block by block, and the query, key and value
// weights pooled over the blocks, as density histograms on the course's fixed bins. Ours: the
// numbers behind the curves (each group's size, mean, spread and share beyond the bins; each
// block's spreads), and the run on lesson 17's model when GPT-2's published weights are not there.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/digit_groups.h"
#include "lessons/common/exercise.h"
#include "lessons/common/gpt2_weights.h"
#include "lessons/common/lesson_options.h"
#include "lessons/common/linspace.h"
#include "plot/binning.h"
#include "plot/figure.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

// The course's bins.
const std::vector<double> kEmbeddingEdges = linspace_values(-0.6, 0.6, 71);
const std::vector<double> kBlockEdges = linspace_values(-1, 1, 171);
const std::vector<double> kQKVEdges = linspace_values(-1, 1, 151);

std::vector<double> centres(const std::vector<double>& edges) {
  std::vector<double> c;
  for (size_t i = 0; i + 1 < edges.size(); ++i) c.push_back((edges[i] + edges[i + 1]) / 2);
  return c;
}

// One curve: the density of `values` on `edges`, times `scale`, drawn at the bins' centres.
void density_curve(plot::Plot& p, const std::string& name, const Tensor& values,
                   const std::vector<double>& edges, double scale = 1) {
  std::vector<double> d = plot::density_in_bins(plot::Values(values.flatten()), edges);
  for (double& v : d) v *= scale;
  p.line(name, centres(edges), d);
}

// The block's c_attn weight cut into q, k and v [C, C] (Linear layout: rows).
std::vector<Tensor> qkv_of(const nn::Block& block) {
  return chunk(block.attn->c_attn->weight.detach(), 3, 0);
}

// Both MLP weights of a block, flattened and joined, as the course pools them.
Tensor mlp_weights(const nn::Block& block) {
  return cat(
      {block.mlp->c_fc->weight.detach().flatten(), block.mlp->c_proj->weight.detach().flatten()});
}

double spread(const Tensor& t) { return t.std({}, false, 0).item(); }

// The share of `t`'s values outside [lo, hi].
double share_outside(const Tensor& t, double lo, double hi) {
  const Tensor out = (t < lo).to(kFloat32) + (t > hi).to(kFloat32);
  return out.sum().item() / static_cast<double>(t.numel());
}

void save_embeddings(const nn::GPT& model, const std::string& name,
                     const std::filesystem::path& png) {
  const Tensor wte = model.transformer->wte->weight.detach(),
               wpe = model.transformer->wpe->weight.detach();
  plot::Plot p("Token against position embeddings: " + name, "weight value", "density");
  density_curve(p, "token embedding wte " + shape_str(wte.shape()), wte, kEmbeddingEdges);
  density_curve(p, "position embedding wpe " + shape_str(wpe.shape()), wpe, kEmbeddingEdges);
  p.save(png, plot::Size{1000, 560});
}

// Ours: `panel` zoomed on +-z, z four times the largest spread it draws. The course's bins are as
// wide as GPT-2's weights need; a less trained model's weights sit in their middle.
plot::Plot zoomed(plot::Plot panel, double largest_spread) {
  const double z = 4 * largest_spread;
  char range[64];
  std::snprintf(range, sizeof range, ", zoomed on +-%.2g (ours)", z);
  return panel.title(panel.title() + range).x_range(-z, z);
}

// Left c_attn, right the MLP's two layers, one curve per block, blue (block 0) to red (the
// last); below, the same zoomed.
void save_blocks(const nn::GPT& model, const std::string& name, const std::filesystem::path& png) {
  plot::Figure fig(2, 2);
  fig.title("Weights block by block: " + name);
  plot::Plot& attn = fig.panel(0, 0).title("attention: c_attn (q, k and v together)");
  plot::Plot& mlp = fig.panel(0, 1).title("MLP: c_fc and c_proj together");
  for (plot::Plot* p : {&attn, &mlp}) p->xlabel("weight value").ylabel("density").cool_to_warm();
  double widest = 0;
  for (size_t b = 0; b < model.transformer->blocks.size(); ++b) {
    const nn::Block& block = *model.transformer->blocks[b];
    const Tensor w = block.attn->c_attn->weight.detach(), m = mlp_weights(block);
    density_curve(attn, "block " + std::to_string(b), w, kBlockEdges);
    density_curve(mlp, "block " + std::to_string(b), m, kBlockEdges);
    widest = std::max({widest, spread(w), spread(m)});
  }
  fig.panel(1, 0) = zoomed(attn, widest);
  fig.panel(1, 1) = zoomed(mlp, widest);
  fig.size({1700, 1200});
  fig.save(png);
}

// Q, K and V of every block pooled, each a curve (the course's density times 100); on the right
// the same zoomed.
std::vector<Tensor> save_qkv(const nn::GPT& model, const std::string& name,
                             const std::filesystem::path& png) {
  std::vector<std::vector<Tensor>> parts(3);
  for (const auto& block : model.transformer->blocks) {
    const std::vector<Tensor> qkv = qkv_of(*block);
    for (size_t i = 0; i < 3; ++i) parts[i].push_back(qkv[i].flatten());
  }
  const std::vector<Tensor> pooled = {cat(parts[0]), cat(parts[1]), cat(parts[2])};
  plot::Figure fig(1, 2);
  fig.title("Query, key and value weights, all blocks pooled: " + name);
  plot::Plot& p = fig.panel(0, 0).title("the course's bins").xlabel("weight value");
  p.ylabel("density x 100 (the course's scale)");
  const char* names[] = {"Q", "K", "V"};
  double widest = 0;
  for (size_t i = 0; i < 3; ++i) {
    density_curve(p, std::string(names[i]) + " (" + digit_groups(pooled[i].numel()) + " weights)",
                  pooled[i], kQKVEdges, 100);
    widest = std::max(widest, spread(pooled[i]));
  }
  fig.panel(0, 1) = zoomed(p, widest);
  fig.size({1700, 600});
  fig.save(png);
  return pooled;
}

// Ours: the numbers behind the curves.
void print_blocks(const nn::GPT& model) {
  std::printf("\nthe spread (standard deviation) of each block's weights (ours):\n");
  std::printf("  %5s %9s %9s %9s %9s %9s\n", "block", "c_attn", "Q", "K", "V", "MLP");
  for (size_t b = 0; b < model.transformer->blocks.size(); ++b) {
    const nn::Block& block = *model.transformer->blocks[b];
    const std::vector<Tensor> qkv = qkv_of(block);
    std::printf("  %5zu %9.4f %9.4f %9.4f %9.4f %9.4f\n", b,
                spread(block.attn->c_attn->weight.detach()), spread(qkv[0]), spread(qkv[1]),
                spread(qkv[2]), spread(mlp_weights(block)));
  }
}

void print_group(const char* name, const Tensor& values, const std::vector<double>& edges) {
  const Tensor v = values.flatten();
  std::printf("  %-18s %12s %9.4f %9.4f %8.3f%%\n", name, digit_groups(v.numel()).c_str(),
              v.mean().item(), spread(v), 100 * share_outside(v, edges.front(), edges.back()));
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "23_weight_distributions",
      "Lesson 23: the distributions of a trained GPT-2's weights: token against position "
      "embeddings, the attention and MLP weights block by block, Q, K and V pooled.");
  std::printf("Lesson 23: the distributions of GPT-2's weights\n\n");
  const std::optional<StudiedGPT> studied = studied_gpt(opt.quick);
  if (!studied) return 1;
  const nn::GPT& model = *studied->model;

  const auto embeddings_png = opt.out_dir / "embeddings.png",
             blocks_png = opt.out_dir / "blocks.png", qkv_png = opt.out_dir / "qkv.png";
  save_embeddings(model, studied->name, embeddings_png);
  save_blocks(model, studied->name, blocks_png);
  const std::vector<Tensor> pooled = save_qkv(model, studied->name, qkv_png);

  const Tensor wte = model.transformer->wte->weight.detach(),
               wpe = model.transformer->wpe->weight.detach();
  std::printf("each group of weights (ours; outside: the share beyond the plotted bins):\n");
  std::printf("  %-18s %12s %9s %9s %9s\n", "weights", "count", "mean", "spread", "outside");
  print_group("token embedding", wte, kEmbeddingEdges);
  print_group("position embedding", wpe, kEmbeddingEdges);
  print_group("Q, all blocks", pooled[0], kQKVEdges);
  print_group("K, all blocks", pooled[1], kQKVEdges);
  print_group("V, all blocks", pooled[2], kQKVEdges);
  print_blocks(model);
  std::printf("\nwrote %s, %s and %s\n", embeddings_png.c_str(), blocks_png.c_str(),
              qkv_png.c_str());

  show_exercise("density_histogram of the position embedding against the library's", [&] {
    const std::vector<double> mine = density_histogram(wpe, kEmbeddingEdges),
                              want = plot::density_in_bins(plot::Values(wpe.flatten()),
                                                           kEmbeddingEdges);
    double worst = 0;
    for (size_t i = 0; i < want.size(); ++i) worst = std::max(worst, std::abs(mine[i] - want[i]));
    std::printf("   %zu bins, largest difference %.2e\n", mine.size(), worst);
  });
  show_exercise("split_qkv_weights of block 0 against the lesson's cut", [&] {
    const QKVWeights mine = split_qkv_weights(model.transformer->blocks[0]->attn->c_attn->weight);
    const std::vector<Tensor> want = qkv_of(*model.transformer->blocks[0]);
    std::printf("   q %s, largest differences: q %.2e, k %.2e, v %.2e\n",
                shape_str(mine.q.shape()).c_str(), max(abs(mine.q - want[0])).item(),
                max(abs(mine.k - want[1])).item(), max(abs(mine.v - want[2])).item());
  });
  show_exercise("excess_kurtosis of each group (0 for a normal distribution)", [&] {
    std::printf("   token embedding %.2f, position embedding %.2f, Q %.2f, K %.2f, V %.2f\n",
                excess_kurtosis(wte), excess_kurtosis(wpe), excess_kurtosis(pooled[0]),
                excess_kurtosis(pooled[1]), excess_kurtosis(pooled[2]));
  });
  return 0;
}
