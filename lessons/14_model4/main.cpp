// Lesson 14: Model 4, a stack of 12 transformer blocks of width 128 with one attention head each,
// a final layer norm and the tied output. As the course: the model, block 4 and its query
// weights, one forward pass on "I prefer oat milk in my coffee.". Ours: its loss then, training
// it with the loss curve, block 4's query weights and the attention maps of three blocks before
// and after, and text.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/attention_map.h"
#include "lessons/common/course_windows.h"
#include "lessons/common/exercise.h"
#include "lessons/common/generation.h"
#include "lessons/common/lesson_options.h"
#include "lessons/common/sentence.h"
#include "lessons/common/train_lm.h"
#include "model4.h"
#include "plot/figure.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

constexpr int64_t kContext = 8;
constexpr size_t kInspected = 4;  // the course looks at block 4
const char* kSentence = "I prefer oat milk in my coffee.";
const char* kPrompt = "When I grow up, I want to be a";

void print_model(const Model4& model) {
  std::printf(
      "Model 4: vocabulary %lld, context %lld, width %lld, %lld blocks\n",
      static_cast<long long>(model.config.vocab), static_cast<long long>(model.config.context),
      static_cast<long long>(model.config.width), static_cast<long long>(model.config.blocks));
  std::printf("  %-44s %-12s %9s\n", "parameter", "shape", "count");
  for (const auto& [name, p] : model.named_parameters()) {
    // Every block has the same parameters: block 0's and block 4's stand for all of them.
    const bool other_block = name.starts_with("transformerBlocks.") &&
                             !name.starts_with("transformerBlocks.0.") &&
                             !name.starts_with("transformerBlocks.4.");
    if (other_block) continue;
    std::printf("  %-44s %-12s %9lld\n", name.c_str(), shape_str(p.shape()).c_str(),
                static_cast<long long>(p.numel()));
  }
  std::printf("  (blocks 1-3 and 5-%lld: the same as blocks 0 and 4)\n",
              static_cast<long long>(model.config.blocks - 1));
  std::printf("  %-57s %9lld parameters\n", "total, the output layer being the embedding",
              static_cast<long long>(model.num_parameters()));
}

// Block 4's query weights, the course's look inside a block.
void print_query(const Model4& model) {
  const Tensor w = model.block(kInspected).attn->query->weight.detach();
  std::cout << "\nblock 4's query weight " << shape_str(w.shape()) << ", its top-left corner:\n"
            << w.narrow(0, 0, 4).narrow(1, 0, 6) << "\n";
  std::printf("mean %.4f, std %.4f, range [%.4f, %.4f] (uniform in +-1/sqrt(128) = +-%.4f)\n",
              w.mean().item(), w.std({}, false, 0).item(), w.min().item(), w.max().item(),
              1 / std::sqrt(128.0));
}

// The attention weights of every block for ids [1, T], from the blocks' own weights: the fused
// kernel the blocks use never shows them.
std::vector<Tensor> attention_of_blocks(Model4& model, const Tensor& ids) {
  NoGradGuard no_grad;
  std::vector<Tensor> maps;
  Tensor x = model.embed(ids);
  for (size_t b = 0; b < static_cast<size_t>(model.config.blocks); ++b) {
    TransformerBlock& block = model.block(b);
    const Tensor h = (*block.layerNormAttn)(x);
    maps.push_back(causal_attention_weights((*block.attn->query)(h), (*block.attn->key)(h)));
    x = block(x);
  }
  return maps;
}

// Top row: the sentence's attention in blocks 0, 4 and 11 before training; bottom row after.
void save_maps(const std::vector<std::vector<Tensor>>& states,
               const std::vector<std::string>& labels, const std::filesystem::path& png) {
  const std::vector<size_t> shown = {0, kInspected, 11};
  plot::Figure fig(static_cast<int>(states.size()), 3);
  fig.title("Model 4's attention weights on the sentence, blocks 0, 4 and 11 (ours)");
  for (size_t s = 0; s < states.size(); ++s) {
    for (size_t i = 0; i < shown.size(); ++i) {
      attention_heatmap(fig.panel(static_cast<int>(s), static_cast<int>(i)),
                        states[s][shown[i]].select(0, 0), labels)
          .title(std::string(s == 0 ? "untrained" : "trained") + ", block " +
                 std::to_string(shown[i]));
    }
  }
  fig.size({1650, static_cast<int>(560 * states.size())});
  fig.save(png);
}

// Block 4's query weights as heat maps: untrained, and once trained, what training changed.
void save_query(const Tensor& untrained, const Tensor& trained, const std::filesystem::path& png) {
  const bool after = trained.defined();
  plot::Figure fig(1, after ? 3 : 1);
  fig.title("Block 4's query weights W_Q [128, 128] (ours)");
  const auto panel = [&](int col, const std::string& title, const Tensor& w) {
    fig.panel(0, col)
        .title(title)
        .xlabel("input feature")
        .ylabel("query feature")
        .heatmap(w)
        .colorbar_label("weight");
  };
  panel(0, "untrained: uniform in +-1/sqrt(128)", untrained);
  if (after) {
    panel(1, "trained", trained);
    panel(2, "trained minus untrained", trained - untrained);
  }
  fig.size({after ? 1800 : 620, 560});
  fig.save(png);
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "14_model4",
      "Lesson 14: Model 4, 12 transformer blocks of width 128: its parameters, block 4's query "
      "weights, a forward pass on a sentence; then trained, with its loss curve and attention "
      "maps.");
  const LmTraining training = lm_training(opt.quick, 1e-3);  // ours: the notebook does not train
  const CourseWindows windows("gpt2", kContext, opt.quick);
  const Tokenizer& tok = windows.tokenizer();

  manual_seed(0);
  Model4Config config;
  config.vocab = tok.vocab_size();
  Model4 model(config);
  std::printf("\n");
  print_model(model);
  print_query(model);

  const Sentence sentence = sentence_example(tok, kSentence);
  const Tensor &X = sentence.inputs, &Y = sentence.targets;
  const int64_t T = X.size(1);
  {
    NoGradGuard no_grad;
    model.eval();
    const Tensor logits = model(X);
    std::printf("\n\"%s\": X %s -> logits %s\n", kSentence, shape_str(X.shape()).c_str(),
                shape_str(logits.shape()).c_str());
    std::printf(
        "ours: its loss %.2f nats against the uniform guess's %.2f; the logits' spread %.1f\n",
        cross_entropy(logits, Y).item(), std::log(static_cast<double>(config.vocab)),
        logits.std({}, false, 0).item());
    std::printf("  (divided by sqrt(128), as Model 3's were, the loss would be %.2f)\n",
                cross_entropy(logits / std::sqrt(128.0), Y).item());
  }
  const std::vector<Tensor> untrained_maps = attention_of_blocks(model, X);
  const Tensor untrained_query = model.block(kInspected).attn->query->weight.detach().clone();
  const auto loss_png = opt.out_dir / "loss.png", maps_png = opt.out_dir / "attention_maps.png",
             query_png = opt.out_dir / "block4_query.png";
  save_query(untrained_query, Tensor(), query_png);
  Generator gen(42);
  std::printf("\nuntrained, 10 new tokens at temperature 1:\n  %s\n",
              continue_text(model, tok, tok.encode(kPrompt), 10, 1.0, kContext, gen).c_str());

  // Ours: the course's model, and from the same weights on the same batches the same model with
  // its logits divided by sqrt(width).
  Model4Config scaled_config = config;
  scaled_config.scale_logits = true;
  Model4 scaled(scaled_config);
  scaled.load_state_dict(model.state_dict());
  train_runs({{"the course's Model 4", &model, opt.out_dir / "train_log.csv"},
              {"logits / sqrt(128)", &scaled, opt.out_dir / "train_log_scaled.csv"}},
             windows.data(),
             validation_batches(windows.data(), validation_count(opt.quick), training.batch_size),
             training, [&](const std::vector<NamedHistory>& runs) {
               save_lm_loss_figure(runs, config.vocab, "Model 4's loss while training (ours)",
                                   loss_png, LossZoom{6, 12});
             });

  const std::vector<Tensor> trained_maps = attention_of_blocks(model, X);
  std::printf("\nthe last token's attention in block 4, untrained and trained:\n  %s\n  %s\n",
              untrained_maps[kInspected].select(0, 0).select(0, T - 1).str().c_str(),
              trained_maps[kInspected].select(0, 0).select(0, T - 1).str().c_str());
  save_maps({untrained_maps, trained_maps}, sentence.labels, maps_png);
  save_query(untrained_query, model.block(kInspected).attn->query->weight.detach(), query_png);
  for (Model4* m : {&model, &scaled}) {
    std::printf("\ntrained, %s, 10 new tokens at temperature 1, three times:\n",
                m == &model ? "the course's model" : "logits / sqrt(128)");
    for (int i = 0; i < 3; ++i) {
      std::printf("  %s\n",
                  continue_text(*m, tok, tok.encode(kPrompt), 10, 1.0, kContext, gen).c_str());
    }
  }
  std::printf("\nwrote %s, %s and %s\n", loss_png.c_str(), maps_png.c_str(), query_png.c_str());

  show_exercise("model4_parameter_count of this model", [&] {
    std::printf("   %lld (the module has %lld)\n",
                static_cast<long long>(model4_parameter_count(config.vocab, config.context,
                                                              config.width, config.blocks)),
                static_cast<long long>(model.num_parameters()));
  });
  show_exercise("block_attention_weights of block 4 against the map above", [&] {
    NoGradGuard no_grad;
    Tensor x = model.embed(X);
    for (size_t b = 0; b < kInspected; ++b) x = model.block(b)(x);
    const TransformerBlock& block = model.block(kInspected);
    const Tensor mine =
        block_attention_weights(x, block.layerNormAttn->weight, block.layerNormAttn->bias,
                                block.attn->query->weight, block.attn->key->weight);
    std::printf("   largest difference: %.2e\n", max(abs(mine - trained_maps[kInspected])).item());
  });
  show_exercise("tied_logits against the model's logits", [&] {
    NoGradGuard no_grad;
    const Tensor last = (*model.transformerBlocks)(model.embed(X));
    const Tensor mine = tied_logits(last, model.finalLayerNorm->weight, model.finalLayerNorm->bias,
                                    model.embedding->weight);
    std::printf("   largest difference: %.2e\n", max(abs(mine - model(X))).item());
  });
  return 0;
}
