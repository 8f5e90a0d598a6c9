// Lesson 12: Model 3, one causal attention head (GPT-2's tokenizer from here on). As the course:
// the model, its logits and loss on "I prefer oat milk in my coffee.", the attention's mask,
// scores and weights, the weights as a heat map, and text at temperatures 0.2 to 10. Ours:
// training it, with the course's y *= W0(y) and with the fix, and the map and text after.
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
#include "model3.h"
#include "model3_weights.h"
#include "plot/figure.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

constexpr int64_t kContext = 8, kWidth = 64;  // the course's
const char* kSentence = "I prefer oat milk in my coffee.";
const char* kPrompt = "When I grow up, I want to be a";

void print_parameters(const Model3& model) {
  for (const auto& [name, p] : model.named_parameters()) {
    std::printf("  %-18s %-14s %10lld\n", name.c_str(), shape_str(p.shape()).c_str(),
                static_cast<long long>(p.numel()));
  }
  std::printf("  %-33s %10lld parameters (the output layer is the embedding)\n", "total",
              static_cast<long long>(model.num_parameters()));
}

// The course's first look: the sentence's logits, the loss against log V, the attention matrices.
Model3Output look_at_the_sentence(Model3& model, const Sentence& s) {
  const Tensor &X = s.inputs, &y = s.targets;
  NoGradGuard no_grad;
  model.eval();
  const Model3Output out = model.run(X);
  const auto V = static_cast<double>(model.config.vocab);
  std::printf("X %s, y %s, logits %s\n", shape_str(X.shape()).c_str(), shape_str(y.shape()).c_str(),
              shape_str(out.logits.shape()).c_str());
  std::printf("expected loss for random weights, -log(1/V): %.3f\n", std::log(V));
  std::printf("observed mean of -log_softmax over the vocabulary: %.3f\n",
              (-log_softmax(out.logits, -1)).mean().item());
  std::printf("cross-entropy of the next tokens: %.3f\n", cross_entropy(out.logits, y).item());
  std::cout << "time-causal mask:\n"
            << out.mask << "\nscaled q kᵀ:\n"
            << out.scores.select(0, 0) << "\nits softmax:\n"
            << out.weights.select(0, 0) << "\nrow sums: " << out.weights.select(0, 0).sum({-1})
            << "\n";
  return out;
}

// The course's generation from its prompt: 10 tokens at temperature 2, then at each temperature
// (fewer in a quick run), with the next token's entropy (ours).
void generate_at_temperatures(Model3& model, const Tokenizer& tok, bool quick) {
  const std::vector<int64_t> prompt = tok.encode(kPrompt);
  Generator gen(42);
  std::printf("\n10 new tokens at temperature 2:\n  %s\n",
              continue_text(model, tok, prompt, 10, 2.0, kContext, gen).c_str());
  const std::vector<double> temps =
      quick ? std::vector<double>{0.2, 10} : std::vector<double>{0.2, 0.7, 1, 2, 10};
  Tensor last;
  {
    NoGradGuard no_grad;
    model.eval();
    const auto n = std::min<int64_t>(kContext, static_cast<int64_t>(prompt.size()));
    const std::vector<int64_t> window(prompt.end() - n, prompt.end());
    last = model(from_vector(window, {1, n})).select(1, -1).flatten();
  }
  for (const double t : temps) {
    const Tensor log_p = log_softmax(last / t, -1);
    const double entropy = -(log_p.exp() * log_p).sum().item();
    std::printf(
        "temperature %g (next token's entropy %.2f nats, %.0f equally likely tokens):\n  %s\n", t,
        entropy, std::exp(entropy),
        continue_text(model, tok, prompt, 10, t, kContext, gen).c_str());
  }
}

// The attention map of the sentence: one panel per model state.
void save_attention_maps(const std::vector<std::pair<std::string, Tensor>>& maps,
                         const std::vector<std::string>& labels, const std::filesystem::path& png) {
  plot::Figure fig(1, static_cast<int>(maps.size()));
  fig.title("Model 3's attention weights, softmax(q kᵀ / sqrt(64)) with the future masked");
  for (size_t i = 0; i < maps.size(); ++i) {
    attention_heatmap(fig.panel(0, static_cast<int>(i)), maps[i].second.select(0, 0), labels)
        .title(maps[i].first);
  }
  fig.size({static_cast<int>(620 * maps.size()), 600});
  fig.save(png);
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "12_model3",
      "Lesson 12: Model 3 (one causal attention head): logits and loss of a sentence, its "
      "attention weights as a heat map, text at temperatures 0.2 to 10; then trained.");
  // Training is ours: batches of 32 windows (the course's 5 is too noisy for a short run).
  const LmTraining training = lm_training(opt.quick, 3e-3);
  const CourseWindows windows("gpt2", kContext, opt.quick);
  const Tokenizer& tok = windows.tokenizer();

  manual_seed(0);
  const Model3Config config{.vocab = tok.vocab_size(), .context = kContext, .width = kWidth};
  Model3 model(config);
  std::printf("\nModel 3: vocabulary %lld, context %lld, width %lld, one attention head\n",
              static_cast<long long>(config.vocab), static_cast<long long>(kContext),
              static_cast<long long>(kWidth));
  print_parameters(model);

  const Sentence sentence = sentence_example(tok, kSentence);
  std::printf("\n\"%s\": %zu tokens\n", kSentence, sentence.tokens.size());
  const Model3Output untrained = look_at_the_sentence(model, sentence);
  const auto map_png = opt.out_dir / "attention_map.png", loss_png = opt.out_dir / "loss.png";
  save_attention_maps({{"untrained", untrained.weights}}, sentence.labels, map_png);
  generate_at_temperatures(model, tok, opt.quick);

  // Ours: the fix against the course's slip, from the same weights on the same batches.
  Model3Config slip_config = config;
  slip_config.course_w0_slip = true;
  Model3 slip(slip_config);
  slip.load_state_dict(model.state_dict());
  train_runs({{"y = W0(y), the fix", &model, opt.out_dir / "train_log.csv"},
              {"y *= W0(y), the course's line", &slip, opt.out_dir / "train_log_course_slip.csv"}},
             windows.data(),
             validation_batches(windows.data(), validation_count(opt.quick), training.batch_size),
             training, [&](const std::vector<NamedHistory>& runs) {
               save_lm_loss_figure(runs, config.vocab, "Model 3's loss while training (ours)",
                                   loss_png);
             });

  std::printf("\nafter training (with the fix):\n");
  const Model3Output trained = look_at_the_sentence(model, sentence);
  save_attention_maps({{"untrained", untrained.weights}, {"trained (ours)", trained.weights}},
                      sentence.labels, map_png);
  generate_at_temperatures(model, tok, opt.quick);
  std::printf("\nwrote %s and %s\n", map_png.c_str(), loss_png.c_str());

  const Tensor& X = sentence.inputs;
  show_exercise("model3_attention_weights against the trained model's", [&] {
    NoGradGuard no_grad;
    const int64_t T = X.size(1);
    const Tensor x = (*model.layernorm)((*model.embedding)(X) + (*model.positions)(arange(T)));
    const Tensor mine = model3_attention_weights(x, model.query->weight, model.key->weight);
    std::printf("   largest difference: %.2e\n", max(abs(mine - trained.weights)).item());
  });
  show_exercise("model3_logits against the trained model's", [&] {
    NoGradGuard no_grad;
    const Model3Weights w = model3_weights(model);
    std::printf("   largest difference: %.2e\n", max(abs(model3_logits(X, w) - model(X))).item());
  });
  show_exercise("entropy_at_temperature of the sentence's last position", [&] {
    NoGradGuard no_grad;
    const Tensor last = model(X).select(1, -1).flatten();
    for (const double t : {0.2, 1.0, 10.0}) {
      std::printf("   temperature %g: %.3f nats\n", t, entropy_at_temperature(last, t).item());
    }
  });
  return 0;
}
