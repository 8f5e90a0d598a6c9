// Lesson 01: Model 1 (token embedding -> GELU -> unembedding) generating text before and after
// training, what its last position's logits look like, and its loss curve.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/course_corpus.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "model1.h"
#include "nn/sampling.h"
#include "plot/figure.h"
#include "train_model1.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

constexpr int64_t kWidth = 64, kBatch = 5, kSeqLen = 8, kStride = 2;
constexpr int64_t kNewTokens = 50, kTopK = 200;
constexpr const char* kPrompt = "We must";

Tensor prompt_ids(const Tokenizer& tok) {
  const std::vector<int64_t> ids = tok.encode(kPrompt);
  return from_vector(ids, {1, static_cast<int64_t>(ids.size())});
}

// kNewTokens tokens after the prompt, each drawn from softmax of the last position's logits.
std::string generate_text(Model1& model, const Tokenizer& tok, uint64_t seed) {
  Generator gen(seed);
  model.eval();
  const Tensor ids = nn::generate(model, prompt_ids(tok), kNewTokens, {}, kSeqLen, &gen);
  return tok.decode(ids.flatten().to_vector<int64_t>());
}

// The prompt's last position: prints its five most likely next tokens and draws its kTopK largest
// logits, their probabilities, and the one against the other in row `row` of `fig`.
void last_token_panels(plot::Figure& fig, int row, const std::string& when, Model1& model,
                       const Tokenizer& tok) {
  NoGradGuard no_grad;
  model.eval();
  const Tensor logits = model(prompt_ids(tok)).select(1, -1).flatten();  // [V]
  const std::vector<float> p = softmax(logits, -1).to_vector<float>();
  const auto [top_values, top_ids] = topk(logits, kTopK);
  const std::vector<int64_t> ids = top_ids.to_vector<int64_t>();
  // Probabilities times V: 1 is the uniform guess's 1/V, whatever the vocabulary.
  const double V = static_cast<double>(logits.numel());
  std::vector<double> top_logits, top_relative;
  for (int64_t i = 0; i < kTopK; ++i) {
    top_logits.push_back(top_values.data<float>()[i]);
    top_relative.push_back(p[ids[i]] * V);
  }
  std::printf("%s: logits from %.2f to %.2f; the most likely next tokens after \"%s\":\n",
              when.c_str(), min(logits).item(), top_logits[0], kPrompt);
  for (size_t i = 0; i < 5; ++i) {
    const std::string token = tok.decode({ids[i]});
    const int pad = std::max(0, 14 - static_cast<int>(token.size()));
    std::printf("   \"%s\"%*s p = %.5f, %7.1f times the uniform 1/V\n", token.c_str(), pad, "",
                p[ids[i]], top_relative[i]);
  }
  const std::string of = " (" + when + ", " + std::to_string(kTopK) + " largest)";
  fig.panel(row, 0)
      .title("logits" + of)
      .xlabel("rank among all tokens")
      .ylabel("logit")
      .line("", top_logits);
  fig.panel(row, 1)
      .title("probabilities" + of)
      .xlabel("rank among all tokens")
      .ylabel("probability x V (1 = uniform guess)")
      .line("", top_relative)
      .hline(1, "uniform guess");
  fig.panel(row, 2)
      .title("probability against logit" + of)
      .xlabel("logit")
      .ylabel("probability x V (1 = uniform guess)")
      .scatter("", top_logits, top_relative);
}

void save_loss_curve(const LossHistory& h, double uniform, const std::filesystem::path& png) {
  std::vector<double> steps(h.train.size());
  for (size_t i = 0; i < steps.size(); ++i) steps[i] = static_cast<double>(i + 1);
  const size_t window = std::max<size_t>(h.train.size() / 25, 5);
  plot::Plot p("Model 1's loss while training", "step", "cross-entropy loss (nats)");
  p.line("train, each step", steps, h.train)
      .line("train, mean of " + std::to_string(window) + " steps", steps,
            running_mean(h.train, window))
      .line("validation", h.val_steps, h.val)
      .hline(uniform, "uniform guess");
  p.save(png, plot::Size{1100, 560});
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "01_model1",
      "Lesson 01: Model 1 (token embedding -> GELU -> unembedding) trained with AdamW on the "
      "course corpus: text before and after, the last token's logits, the loss curve.");
  const int64_t steps = opt.quick ? 20 : 2000;

  std::printf(
      "Lesson 01: Model 1, the simplest language model. It scores every possible next token from\n"
      "the current token alone. We sample text from it untrained, train it, and sample again.\n\n");
  const CourseCorpus corpus = load_course_corpus("cl100k_base");
  const Tokenizer& tok = *corpus.tokenizer;
  const int64_t vocab = tok.vocab_size();
  std::span<const uint32_t> ids = corpus.ids();
  if (opt.quick) ids = ids.first(std::min<size_t>(ids.size(), 20000));
  std::printf("corpus: %s\n        %zu tokens of %s (vocabulary %lld)%s\n",
              corpus.description.c_str(), ids.size(), tok.name().c_str(),
              static_cast<long long>(vocab), opt.quick ? ", a slice for --quick" : "");
  const TokenDataset data(ids, {.seq_len = kSeqLen, .stride = kStride, .train_fraction = 0.9});
  std::printf("windows of %lld tokens every %lld: %lld to train on, %lld to validate with\n",
              static_cast<long long>(kSeqLen), static_cast<long long>(kStride),
              static_cast<long long>(data.num_windows(Split::Train)),
              static_cast<long long>(data.num_windows(Split::Validation)));

  manual_seed(0);
  Model1 model(vocab, kWidth, Activation::GELU);
  std::printf(
      "\nModel 1: embedding [%lld, %lld] -> GELU -> unembedding [%lld, %lld], no bias: "
      "%lld parameters\n",
      static_cast<long long>(vocab), static_cast<long long>(kWidth), static_cast<long long>(vocab),
      static_cast<long long>(kWidth), static_cast<long long>(model.num_parameters()));
  const double uniform = std::log(static_cast<double>(vocab));
  std::printf("a uniform guess over %lld tokens scores -log(1/V) = %.3f nats per token\n\n",
              static_cast<long long>(vocab), uniform);

  plot::Figure logits_fig(2, 3);
  logits_fig.title("The next token after \"" + std::string(kPrompt) +
                   "\": Model 1's last position, before (top) and after (bottom) training");
  last_token_panels(logits_fig, 0, "untrained", model, tok);
  const std::string before = generate_text(model, tok, 1);
  std::printf("\nuntrained, %lld sampled tokens:\n---\n%s\n---\n\n",
              static_cast<long long>(kNewTokens), before.c_str());

  std::printf("training %lld steps of %lld x %lld tokens (AdamW, lr 1e-3, weight decay 0.01)\n",
              static_cast<long long>(steps), static_cast<long long>(kBatch),
              static_cast<long long>(kSeqLen));
  const LossHistory h = train_model1(model, data,
                                     {.steps = steps,
                                      .batch_size = kBatch,
                                      .eval_every = std::max<int64_t>(steps / 10, 1),
                                      .val_batches = opt.quick ? 2 : 16});
  std::printf("trained in %.1f s, %.0f tokens/s; validation loss %.3f (uniform guess %.3f)\n\n",
              h.seconds, h.tokens_per_s, h.val.back(), uniform);

  last_token_panels(logits_fig, 1, "trained", model, tok);
  const std::string after = generate_text(model, tok, 1);
  std::printf("\ntrained, %lld sampled tokens:\n---\n%s\n---\n", static_cast<long long>(kNewTokens),
              after.c_str());

  const auto logits_png = opt.out_dir / "last_token_logits.png";
  const auto loss_png = opt.out_dir / "loss.png";
  const auto text_file = opt.out_dir / "generated.txt";
  logits_fig.save(logits_png);
  save_loss_curve(h, uniform, loss_png);
  std::ofstream(text_file) << "Before training:\n"
                           << before << "\n\nAfter " << steps << " steps:\n"
                           << after << "\n";
  std::printf("\nwrote %s, %s and %s\n", logits_png.c_str(), loss_png.c_str(), text_file.c_str());

  show_exercise("model1_logits against Model 1's forward", [&] {
    const Tensor x = prompt_ids(tok);
    NoGradGuard no_grad;
    const Tensor mine =
        model1_logits(x, model.embedding->weight, model.unembedding->weight, Activation::GELU);
    std::printf("   largest difference: %.2e\n", max(abs(mine - model(x))).item());
  });
  show_exercise("inputs_and_targets of the first training window", [&] {
    const Batch want = data.gather(std::vector<int64_t>{0});
    const Tensor window = cat({want.inputs, want.targets.narrow(1, kSeqLen - 1, 1)}, 1);
    const Batch mine = inputs_and_targets(window);
    std::printf("   window  %s\n   inputs  %s\n   targets %s\n", window.str().c_str(),
                mine.inputs.str().c_str(), mine.targets.str().c_str());
  });
  show_exercise("uniform_guess_loss", [&] {
    std::printf("   %.4f nats for V = %lld (the loss above starts near it)\n",
                uniform_guess_loss(vocab), static_cast<long long>(vocab));
  });
  show_exercise("sample_token from the trained model's last position", [&] {
    NoGradGuard no_grad;
    const Tensor logits = model(prompt_ids(tok)).select(1, -1).flatten();
    for (double u : {0.1, 0.5, 0.9}) {
      const int64_t id = sample_token(logits, u);
      std::printf("   u = %.1f -> token %lld \"%s\"\n", u, static_cast<long long>(id),
                  tok.decode({id}).c_str());
    }
  });
  return 0;
}
