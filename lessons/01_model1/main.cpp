// Lesson 01: Model 1 (token embedding -> GELU -> unembedding): what its last position's logits look
// like, text generated from dataset windows as the course does it, then (our addition) training
// with AdamW and the same again.
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
#include "lessons/common/logits_panels.h"
#include "model1.h"
#include "nn/sampling.h"
#include "plot/figure.h"
#include "train_model1.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

constexpr int64_t kWidth = 64, kBatch = 5, kSeqLen = 8, kStride = 2;
constexpr int64_t kWindow = 12345;  // the course's token_dataset[12345]

// The course's window, or the last one when the corpus (a --quick slice) has fewer: int64 [1, 8].
Tensor course_window(const TokenDataset& data) {
  const int64_t i = std::min(kWindow, data.num_windows(Split::Train) - 1);
  const std::vector<int64_t> start = {i * kStride};
  return data.gather(start).inputs;
}

std::string one_line(std::string text) {
  for (size_t i; (i = text.find_first_of("\r\n")) != std::string::npos;) text.replace(i, 1, " / ");
  return text;
}

// The course's generation: 10 new tokens after the window, five times over; then 30 new tokens
// after each of the 5 windows of a shuffled batch (3 and 5 in a quick run). Printed, and returned
// for generated.txt.
std::string generate_texts(Model1& model, const Tokenizer& tok, const TokenDataset& data,
                           const Tensor& window, uint64_t seed, bool quick) {
  const int64_t short_n = quick ? 3 : 10, long_n = quick ? 5 : 30;
  Generator gen(seed);
  model.eval();
  std::string out;
  auto show = [&](const std::string& heading, const Tensor& ids) {
    for (int64_t r = 0; r < ids.size(0); ++r) {
      const std::string text = one_line(tok.decode(ids.select(0, r).to_vector<int64_t>()));
      out += heading + " " + std::to_string(r + 1) + ": " + text + "\n";
    }
  };
  for (int run = 1; run <= 5; ++run) {
    const Tensor ids = nn::generate(model, window, short_n, {}, kSeqLen, &gen);
    out += "window + " + std::to_string(short_n) + " tokens, run " + std::to_string(run) + ": " +
           one_line(tok.decode(ids.select(0, 0).to_vector<int64_t>())) + "\n";
  }
  const Batch batch = data.epoch(Split::Train, {.batch_size = kBatch, .seed = seed})[0];
  show("batch window + " + std::to_string(long_n) + " tokens, sample",
       nn::generate(model, batch.inputs, long_n, {}, kSeqLen, &gen));
  std::printf("%s", out.c_str());
  return out;
}

// The window's last position: prints its five most likely next tokens, and draws its logits in
// row `row` of `fig`, as the course draws them.
void last_token_panels(plot::Figure& fig, int row, const std::string& when, Model1& model,
                       const Tensor& window, const Tokenizer& tok, bool quick) {
  NoGradGuard no_grad;
  model.eval();
  const Tensor logits = model(window).select(1, -1).flatten();  // [V]
  const double V = static_cast<double>(logits.numel());
  const auto [top_p, top_ids] = topk(softmax(logits, -1), 5);
  std::printf("%s: logits from %.2f to %.2f; the most likely next tokens:\n", when.c_str(),
              min(logits).item(), max(logits).item());
  for (int64_t i = 0; i < 5; ++i) {
    const int64_t id = top_ids.data<int64_t>()[i];
    const double p = top_p.data<float>()[i];
    const std::string token = tok.decode({id});
    const int pad = std::max(0, 14 - static_cast<int>(token.size()));
    std::printf("   \"%s\"%*s p = %.5f, %7.1f times the uniform 1/V\n", token.c_str(), pad, "", p,
                p * V);
  }
  logits_panels(fig, row, logits, when, AgainstLogit::Probability, quick ? 50 : 1);
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
      "Lesson 01: Model 1 (token embedding -> GELU -> unembedding): the last token's logits, text "
      "generated from dataset windows, then trained with AdamW on the course corpus.");
  const int64_t steps = opt.quick ? 5 : 2000;

  std::printf(
      "Lesson 01: Model 1, the simplest language model. It scores every possible next token from\n"
      "the current token alone. We look at its logits and sample text from it untrained, as the\n"
      "course does; then we train it and look again.\n\n");
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

  const Tensor window = course_window(data);
  std::printf("the course's dataset window: \"%s\"\n",
              one_line(tok.decode(window.flatten().to_vector<int64_t>())).c_str());
  const auto logits_png = opt.out_dir / "last_token_logits.png";
  const auto loss_png = opt.out_dir / "loss.png";
  const auto text_file = opt.out_dir / "generated.txt";
  plot::Figure logits_fig(2, 3);
  logits_fig.title(
      "Model 1's logits at the window's last position, for every token of the vocabulary: "
      "untrained (top, as in the course) and trained (bottom)");
  last_token_panels(logits_fig, 0, "untrained", model, window, tok, opt.quick);
  if (!opt.quick) logits_fig.save(logits_png);  // the bottom row comes after training
  std::printf("\nuntrained, generated as in the course:\n");
  const std::string before = generate_texts(model, tok, data, window, 1, opt.quick);

  std::printf("\ntraining %lld steps of %lld x %lld tokens (AdamW, lr 1e-3, weight decay 0.01)\n",
              static_cast<long long>(steps), static_cast<long long>(kBatch),
              static_cast<long long>(kSeqLen));
  const LossHistory h = train_model1(model, data,
                                     {.steps = steps,
                                      .batch_size = kBatch,
                                      .eval_every = opt.quick ? steps : steps / 10,
                                      .val_batches = opt.quick ? 1 : 16,
                                      .on_validation = [&](const LossHistory& so_far) {
                                        save_loss_curve(so_far, uniform, loss_png);
                                      }});
  std::printf("trained in %.1f s, %.0f tokens/s; validation loss %.3f (uniform guess %.3f)\n\n",
              h.seconds, h.tokens_per_s, h.val.back(), uniform);

  last_token_panels(logits_fig, 1, "trained", model, window, tok, opt.quick);
  logits_fig.save(logits_png);
  std::printf("\ntrained, generated the same way:\n");
  const std::string after = generate_texts(model, tok, data, window, 1, opt.quick);
  std::ofstream(text_file) << "Untrained:\n"
                           << before << "\nAfter " << steps << " steps:\n"
                           << after;
  std::printf("\nwrote %s, %s and %s\n", logits_png.c_str(), loss_png.c_str(), text_file.c_str());

  show_exercise("model1_logits against Model 1's forward", [&] {
    NoGradGuard no_grad;
    const Tensor mine =
        model1_logits(window, model.embedding->weight, model.unembedding->weight, Activation::GELU);
    std::printf("   largest difference: %.2e\n", max(abs(mine - model(window))).item());
  });
  show_exercise("inputs_and_targets of the first training window", [&] {
    const Batch want = data.gather(std::vector<int64_t>{0});
    const Tensor first = cat({want.inputs, want.targets.narrow(1, kSeqLen - 1, 1)}, 1);
    const Batch mine = inputs_and_targets(first);
    std::printf("   window  %s\n   inputs  %s\n   targets %s\n", first.str().c_str(),
                mine.inputs.str().c_str(), mine.targets.str().c_str());
  });
  show_exercise("uniform_guess_loss", [&] {
    std::printf("   %.4f nats for V = %lld (the loss above starts near it)\n",
                uniform_guess_loss(vocab), static_cast<long long>(vocab));
  });
  show_exercise("sample_token from the trained model's last position", [&] {
    NoGradGuard no_grad;
    const Tensor logits = model(window).select(1, -1).flatten();
    for (double u : {0.1, 0.5, 0.9}) {
      const int64_t id = sample_token(logits, u);
      std::printf("   u = %.1f -> token %lld \"%s\"\n", u, static_cast<long long>(id),
                  tok.decode({id}).c_str());
    }
  });
  return 0;
}
