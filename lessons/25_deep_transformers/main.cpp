// Lesson 25: what breaks when a transformer is a hundred blocks deep, and what fixes it. Narrow
// character-level GPTs on the course corpus: the gradient each block gets at initialisation under
// post-LN, pre-LN, pre-LN with 1/sqrt(2L) branches, pre-RMSNorm and DeepNorm; the same recipes
// trained at 96 blocks with and without warmup and clipping; and depth against width at one size.
// All of it is ours: the course describes these fixes, this lesson measures them.
#include <omp.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "depth_vs_width.h"
#include "exercises.h"
#include "grad_norm_maps.h"
#include "init_gradients.h"
#include "lessons/common/course_windows.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "nn/gpt.h"
#include "nn/layer_grad_norms.h"
#include "recipes.h"
#include "stability.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

// The sizes of the three experiments, full and quick.
struct Sizes {
  int64_t init_width;
  std::vector<int64_t> init_depths;
  int64_t deep_width, deep_layers;
  LmTraining deep_training, shape_training;
};

Sizes sizes(bool quick) {
  Sizes s;
  s.init_width = quick ? 32 : 64;
  s.init_depths = quick ? std::vector<int64_t>{4, 8} : std::vector<int64_t>{24, 128};
  s.deep_width = quick ? 16 : 32;
  s.deep_layers = quick ? 6 : 96;
  s.deep_training.steps = quick ? 6 : 150;
  s.deep_training.batch_size = quick ? 4 : 16;
  s.deep_training.eval_every = quick ? 6 : 30;
  s.deep_training.lr = 1e-2;
  s.shape_training = s.deep_training;
  s.shape_training.steps = quick ? 4 : 200;
  s.shape_training.eval_every = quick ? 4 : 40;
  s.shape_training.lr = 3e-3;
  s.shape_training.warmup_steps = s.shape_training.steps / 10;
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "25_deep_transformers",
      "Lesson 25: deep transformers. The gradient each block gets at initialisation under post-LN, "
      "pre-LN, 1/sqrt(2L) branches, RMSNorm and DeepNorm; those recipes trained 96 blocks deep "
      "with and without warmup and clipping; depth against width at one size.");
  // One thread: at these widths a matrix is too small for a second thread to pay for waking it.
  omp_set_num_threads(1);
  const Sizes s = sizes(opt.quick);
  const CourseWindows windows("char", kContext, opt.quick);
  const TokenDataset& data = windows.data();
  const int64_t vocab = windows.tokenizer().vocab_size();
  const std::vector<Batch> val = validation_batches(data, opt.quick ? 1 : 4, 16);

  std::printf("\n1. The gradient of each block at initialisation, width %lld\n",
              static_cast<long long>(s.init_width));
  Generator batches(5);
  const Batch batch = data.random_batch(Split::Train, 16, batches);
  const std::vector<InitGradients> init =
      init_gradients(vocab, s.init_width, {0.02, 1 / std::sqrt(static_cast<double>(s.init_width))},
                     s.init_depths, batch);
  print_init_table(init);
  const auto init_png = opt.out_dir / "init_grad_norms.png";
  save_init_figure(init, s.init_width, init_png);

  std::printf("\n2. %lld blocks of width %lld trained at learning rate %g, bare and safeguarded\n",
              static_cast<long long>(s.deep_layers), static_cast<long long>(s.deep_width),
              s.deep_training.lr);
  const auto stability_png = opt.out_dir / "deep_training.png";
  const std::vector<Safeguards> guards = safeguards(s.deep_training.steps);
  const StabilityOptions stability{vocab, s.deep_width, s.deep_layers, s.deep_training,
                                   opt.out_dir};
  const auto draw = [&](const std::vector<std::vector<NamedHistory>>& runs) {
    save_stability_figure(runs, guards, vocab, s.deep_layers, stability_png);
  };
  const std::vector<std::vector<NamedHistory>> deep = stability_runs(stability, data, val, draw);
  draw(deep);
  std::printf("\n%-32s", "recipe");
  for (const Safeguards& g : guards) std::printf(" %34s", g.name.c_str());
  std::printf("\n");
  for (size_t r = 0; r < deep.front().size(); ++r) {
    std::printf("%-32s", deep.front()[r].name.c_str());
    for (const std::vector<NamedHistory>& setting : deep) {
      const LmHistory& h = setting[r].history;
      char cell[64];
      if (h.diverged_at) {
        std::snprintf(cell, sizeof cell, "diverged at step %lld",
                      static_cast<long long>(*h.diverged_at));
      } else {
        std::snprintf(cell, sizeof cell, "validation loss %.3f", h.val.back());
      }
      std::printf(" %34s", cell);
    }
    std::printf("\n");
  }

  const auto maps_png = opt.out_dir / "deep_grad_norms.png";
  std::vector<std::pair<std::string, std::filesystem::path>> logs;
  for (const NamedHistory& run : deep.front()) {
    logs.emplace_back(run.name, grad_norm_log(stability, run.name, guards.front()));
  }
  save_grad_norm_maps(logs,
                      "Gradient norm of every block at every step, " +
                          std::to_string(s.deep_layers) + " blocks, " + guards.front().name +
                          " (ours)",
                      maps_png);

  std::printf("\n3. Depth against width at about the same number of parameters\n");
  const std::vector<ShapeResult> shapes =
      train_shapes(equal_size_shapes(opt.quick), vocab, data, val, s.shape_training);
  const auto shapes_png = opt.out_dir / "depth_vs_width.png";
  save_shapes_figure(shapes, s.shape_training.steps * s.shape_training.batch_size * kContext,
                     shapes_png);
  std::printf("\nwrote %s, %s, %s and %s\n", init_png.c_str(), stability_png.c_str(),
              maps_png.c_str(), shapes_png.c_str());

  show_exercise("rms_norm_rows against the library's rms_norm", [&] {
    const Tensor x = randn({4, 64}) * 3.0, w = randn({64});
    std::printf("   largest difference: %.2e\n",
                max(abs(rms_norm_rows(x, w, 1e-6) - rms_norm(x, {64}, w, 1e-6))).item());
  });
  show_exercise("deepnorm_constants at the trained depth", [&] {
    const DeepNormConstants k = deepnorm_constants(s.deep_layers);
    nn::GPTConfig c;
    c.layers = s.deep_layers;
    std::printf("   %lld blocks: alpha %.4f (library %.4f), beta %.4f (library %.4f)\n",
                static_cast<long long>(c.layers), k.alpha, c.deepnorm_alpha(), k.beta,
                c.deepnorm_beta());
  });
  show_exercise("gradient_norm of block 1 at initialisation, post-LN", [&] {
    Generator gen(1);
    nn::GPT model(narrow_config(vocab, s.init_width, s.init_depths.front(), recipes()[0]), &gen);
    cross_entropy(model(batch.inputs), batch.targets).backward();
    const nn::LayerParameters block = nn::parameters_by_layer(model)[2];  // transformer.h.0
    std::printf("   %s: %.6e (the figure's %.6e)\n", block.name.c_str(),
                gradient_norm(block.parameters), init.front().norms.front());
  });
  return 0;
}
