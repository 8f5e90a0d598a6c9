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
#include "lessons/common/course_corpus.h"
#include "lessons/common/exercise.h"
#include "lessons/common/generation.h"
#include "lessons/common/lesson_options.h"
#include "lessons/common/train_lm.h"
#include "model3.h"
#include "plot/figure.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

constexpr int64_t kContext = 8, kWidth = 64, kStride = 2;  // the course's
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
Model3Output look_at_the_sentence(Model3& model, const std::vector<int64_t>& tokens) {
  const auto T = static_cast<int64_t>(tokens.size()) - 1;
  const Tensor X = from_vector(std::vector<int64_t>(tokens.begin(), tokens.end() - 1), {1, T});
  const Tensor y = from_vector(std::vector<int64_t>(tokens.begin() + 1, tokens.end()), {1, T});
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
  LmTraining training;
  training.steps = opt.quick ? 5 : 300;
  training.batch_size = opt.quick ? 4 : 32;
  training.eval_every = opt.quick ? 5 : 20;
  training.lr = 3e-3;
  const int64_t val_count = opt.quick ? 1 : 4;

  const CourseCorpus corpus = load_course_corpus("gpt2");
  const Tokenizer& tok = *corpus.tokenizer;
  std::span<const uint32_t> ids = corpus.ids();
  if (opt.quick) ids = ids.first(std::min<size_t>(ids.size(), 20000));
  const TokenDataset data(ids, {.seq_len = kContext, .stride = kStride, .train_fraction = 0.9});
  std::printf("corpus: %s\n%zu tokens (GPT-2's tokenizer)%s\n", corpus.description.c_str(),
              ids.size(), opt.quick ? ", a slice for --quick" : "");

  manual_seed(0);
  const Model3Config config{.vocab = tok.vocab_size(), .context = kContext, .width = kWidth};
  Model3 model(config);
  std::printf("\nModel 3: vocabulary %lld, context %lld, width %lld, one attention head\n",
              static_cast<long long>(config.vocab), static_cast<long long>(kContext),
              static_cast<long long>(kWidth));
  print_parameters(model);

  const std::vector<int64_t> tokens = tok.encode(kSentence);
  const std::vector<std::string> labels =
      token_labels(tok, std::vector<int64_t>(tokens.begin(), tokens.end() - 1));
  std::printf("\n\"%s\": %zu tokens\n", kSentence, tokens.size());
  const Model3Output untrained = look_at_the_sentence(model, tokens);
  const auto map_png = opt.out_dir / "attention_map.png", loss_png = opt.out_dir / "loss.png";
  save_attention_maps({{"untrained", untrained.weights}}, labels, map_png);
  generate_at_temperatures(model, tok, opt.quick);

  // Ours: the course's slip against the fix, from the same weights on the same batches.
  Model3Config slip_config = config;
  slip_config.course_w0_slip = true;
  Model3 slip(slip_config);
  slip.load_state_dict(model.state_dict());
  const std::vector<Batch> val = validation_batches(data, val_count, training.batch_size);
  std::vector<NamedHistory> runs;
  for (Model3* m : {&model, &slip}) {
    const bool fixed = m == &model;
    runs.push_back({fixed ? "y = W0(y), the fix" : "y *= W0(y), the course's line", {}});
    std::printf("\ntraining Model 3 with %s: %lld steps of %lld windows of %lld tokens\n",
                runs.back().name.c_str(), static_cast<long long>(training.steps),
                static_cast<long long>(training.batch_size), static_cast<long long>(kContext));
    LmTraining t = training;
    t.csv_log = opt.out_dir / (fixed ? "train_log.csv" : "train_log_course_slip.csv");
    t.on_validation = [&](const LmHistory& so_far) {
      runs.back().history = so_far;
      save_lm_loss_figure(runs, config.vocab, "Model 3's loss while training (ours)", loss_png);
    };
    runs.back().history = train_language_model(*m, data, val, t);
    const LmHistory& h = runs.back().history;
    std::printf("trained in %.1f s, %.0f tokens/s; validation loss %.3f -> %.3f\n", h.seconds,
                h.tokens_per_s, h.val.front(), h.val.back());
  }

  std::printf("\nafter training (with the fix):\n");
  const Model3Output trained = look_at_the_sentence(model, tokens);
  save_attention_maps({{"untrained", untrained.weights}, {"trained (ours)", trained.weights}},
                      labels, map_png);
  generate_at_temperatures(model, tok, opt.quick);
  std::printf("\nwrote %s and %s\n", map_png.c_str(), loss_png.c_str());

  const Tensor X = from_vector(std::vector<int64_t>(tokens.begin(), tokens.end() - 1),
                               {1, static_cast<int64_t>(tokens.size()) - 1});
  show_exercise("model3_attention_weights against the trained model's", [&] {
    NoGradGuard no_grad;
    const int64_t T = X.size(1);
    const Tensor x = (*model.layernorm)((*model.embedding)(X) + (*model.positions)(arange(T)));
    const Tensor mine = model3_attention_weights(x, model.query->weight, model.key->weight);
    std::printf("   largest difference: %.2e\n", max(abs(mine - trained.weights)).item());
  });
  show_exercise("model3_logits against the trained model's", [&] {
    NoGradGuard no_grad;
    const Model3Weights w{model.embedding->weight, model.positions->weight, model.layernorm->weight,
                          model.layernorm->bias,   model.query->weight,     model.key->weight,
                          model.value->weight,     model.W0->weight,        model.W0->bias};
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
