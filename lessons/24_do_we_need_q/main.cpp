// Lesson 24: do we need Q? A trained GPT-2's query weights replaced by noise of the same mean and
// spread (the query bias kept). As the course: "Hello, how are you today?" continued by 100
// tokens before and after block 0's queries are replaced; then blocks 0 to 11 replaced one after
// another, "I went to the market to buy" continued by 50 tokens after each; the same seed for
// every text. Ours: how far the model drifts, measured on held-out text after each replacement
// (its loss, how often its first choice is the text's next token, how often it is the intact
// model's first choice), plotted against the number of blocks replaced.
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/course_windows.h"
#include "lessons/common/exercise.h"
#include "lessons/common/generation.h"
#include "lessons/common/gpt2_weights.h"
#include "lessons/common/lesson_options.h"
#include "lessons/common/train_lm.h"
#include "plot/figure.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

constexpr uint64_t kTextSeed = 42;  // the course's, for every text
constexpr uint64_t kNoiseSeed = 1;
const char* kHello = "Hello, how are you today?";
const char* kMarket = "I went to the market to buy";

// The held-out text: windows of the course corpus's validation split, and the intact model's
// first choice at each of their positions.
struct HeldOut {
  std::vector<Batch> batches;
  std::vector<Tensor> intact_choices;  // int64 [B, T] per batch
};

struct Drift {
  double loss = 0;       // mean cross-entropy on the held-out text (nats)
  double accuracy = 0;   // the share of positions whose first choice is the text's next token
  double agreement = 0;  // the share whose first choice is the intact model's
};

// The drift of `model` on `held`; with `record`, its first choices become the intact ones.
Drift measure(nn::GPT& model, HeldOut& held, bool record = false) {
  NoGradGuard no_grad;
  Drift d;
  for (size_t i = 0; i < held.batches.size(); ++i) {
    const Batch& b = held.batches[i];
    const Tensor logits = model(b.inputs), choices = logits.argmax(-1);
    if (record) held.intact_choices.push_back(choices);
    const auto share = [&](const Tensor& tokens) {
      return eq(choices, tokens).to(kFloat32).mean().item();
    };
    d.loss += cross_entropy(logits, b.targets).item();
    d.accuracy += share(b.targets);
    d.agreement += share(held.intact_choices[i]);
  }
  const auto n = static_cast<double>(held.batches.size());
  return {d.loss / n, d.accuracy / n, d.agreement / n};
}

void print_drift(const std::string& what, const Drift& d) {
  std::printf(
      "  [%s: held-out loss %.3f nats; first choice is the next token %.1f%%, is the "
      "intact model's %.1f%%]\n",
      what.c_str(), d.loss, 100 * d.accuracy, 100 * d.agreement);
}

// The model's continuation of `prompt`, drawn with the same seed every time.
std::string text(nn::GPT& model, const Tokenizer& tok, const char* prompt, int64_t n_new) {
  Generator gen(kTextSeed);
  return continue_text(model, tok, tok.encode(prompt), n_new, 1.0, gen);
}

// Every block's c_attn weight, to put the intact model back.
std::vector<Tensor> attention_weights(const nn::GPT& model) {
  std::vector<Tensor> w;
  for (const auto& block : model.transformer->blocks) {
    w.push_back(block->attn->c_attn->weight.detach().clone());
  }
  return w;
}

void restore(nn::GPT& model, const std::vector<Tensor>& weights) {
  NoGradGuard no_grad;
  for (size_t b = 0; b < weights.size(); ++b) {
    model.transformer->blocks[b]->attn->c_attn->weight.copy_(weights[b]);
  }
}

// The lesson's replacement: block b's query rows of c_attn [3C, C] by noise of their own mean
// and spread.
void replace_query(nn::GPT& model, size_t b, Generator& gen) {
  NoGradGuard no_grad;
  Tensor& w = model.transformer->blocks[b]->attn->c_attn->weight;
  const Tensor q = w.narrow(0, 0, w.size(1));
  w.write_slice_(0, 0, randn(q.shape(), &gen) * q.std({}, false, 0).item() + q.mean().item());
}

void save_drift(const std::vector<Drift>& drift, int64_t vocab, const std::string& name,
                const std::filesystem::path& png) {
  std::vector<double> blocks, loss, accuracy, agreement;
  for (size_t i = 0; i < drift.size(); ++i) {
    blocks.push_back(static_cast<double>(i));
    loss.push_back(drift[i].loss);
    accuracy.push_back(100 * drift[i].accuracy);
    agreement.push_back(100 * drift[i].agreement);
  }
  plot::Figure fig(1, 2);
  fig.title("Query weights replaced by noise, blocks 0 to n - 1: " + name + " (ours)");
  char uniform[64];
  std::snprintf(uniform, sizeof uniform, "uniform guess, log V = %.2f",
                std::log(static_cast<double>(vocab)));
  fig.panel(0, 0)
      .title("loss on held-out text")
      .xlabel("blocks whose Q is noise")
      .ylabel("cross-entropy (nats)")
      .line("held-out loss", blocks, loss)
      .hline(loss.front(), "the intact model")
      .hline(std::log(static_cast<double>(vocab)), uniform);
  fig.panel(0, 1)
      .title("the model's first choice on held-out text")
      .xlabel("blocks whose Q is noise")
      .ylabel("positions (%)")
      .line("is the intact model's first choice", blocks, agreement)
      .line("is the text's next token", blocks, accuracy)
      .y_range(0, 105);
  fig.size({1600, 600});
  fig.save(png);
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "24_do_we_need_q",
      "Lesson 24: do we need Q? A trained GPT-2's query weights replaced by matched noise, one "
      "block, then blocks 0 to 11 cumulatively: the texts, and the loss on held-out text.");
  std::printf("Lesson 24: do we need Q?\n\n");
  const std::optional<StudiedGPT> studied = studied_gpt(opt.quick);
  if (!studied) return 1;
  nn::GPT& model = *studied->model;

  // Ours: the held-out text, windows of up to 128 tokens from the corpus's validation split.
  const int64_t T = std::min<int64_t>(model.config.context, opt.quick ? 32 : 128);
  const CourseWindows windows("gpt2", T, opt.quick);
  const Tokenizer& tok = windows.tokenizer();
  HeldOut held{validation_batches(windows.data(), opt.quick ? 1 : 2, opt.quick ? 2 : 4), {}};
  std::printf("held-out text: %zu %s of %lld windows of %lld tokens\n\n", held.batches.size(),
              held.batches.size() == 1 ? "batch" : "batches",
              static_cast<long long>(held.batches[0].inputs.size(0)), static_cast<long long>(T));

  // The course's lengths; a quick run's texts are shorter.
  const int64_t n_hello = opt.quick ? 20 : 100, n_market = opt.quick ? 10 : 50;
  const std::vector<Tensor> intact = attention_weights(model);
  std::vector<Drift> drift = {measure(model, held, /*record=*/true)};
  Generator noise(kNoiseSeed);
  std::printf("intact, %lld tokens (seed %llu):\n  %s\n", static_cast<long long>(n_hello),
              static_cast<unsigned long long>(kTextSeed),
              text(model, tok, kHello, n_hello).c_str());
  print_drift("intact", drift[0]);

  replace_query(model, 0, noise);
  std::printf("\nblock 0's Q replaced by noise of its mean and spread, the same seed:\n  %s\n",
              text(model, tok, kHello, n_hello).c_str());
  print_drift("block 0's Q replaced", measure(model, held));
  restore(model, intact);

  std::printf("\nthen Q replaced in block after block, %lld tokens after each (the same seed):\n",
              static_cast<long long>(n_market));
  std::printf("  intact: %s\n", text(model, tok, kMarket, n_market).c_str());
  for (size_t b = 0; b < model.transformer->blocks.size(); ++b) {
    replace_query(model, b, noise);
    drift.push_back(measure(model, held));
    std::printf("  blocks 0-%zu: %s\n", b, text(model, tok, kMarket, n_market).c_str());
    print_drift("blocks 0-" + std::to_string(b), drift.back());
  }
  const auto png = opt.out_dir / "drift.png";
  save_drift(drift, model.config.vocab_size, studied->name, png);
  std::printf("\nwrote %s\n", png.c_str());
  restore(model, intact);

  show_exercise("matched_noise of block 0's query weights", [&] {
    const Tensor q = intact[0].narrow(0, 0, model.config.width);
    const Tensor n = matched_noise(q, noise);
    std::printf("   the weights: mean %.5f, spread %.5f; your noise: mean %.5f, spread %.5f\n",
                q.mean().item(), q.std({}, false, 0).item(), n.mean().item(),
                n.std({}, false, 0).item());
  });
  show_exercise("replace_query_weights in block 0, then the held-out loss", [&] {
    replace_query_weights(*model.transformer->blocks[0]->attn, noise);
    std::printf("   %.3f nats (intact %.3f; the lesson's replacement gave %.3f)\n",
                measure(model, held).loss, drift[0].loss, drift[1].loss);
    restore(model, intact);
  });
  show_exercise("top1_agreement of the intact model with the held-out text", [&] {
    NoGradGuard no_grad;
    const Batch& b = held.batches[0];
    std::printf("   %.1f%% of the positions (the lesson measured %.1f%% on all batches)\n",
                100 * top1_agreement(model(b.inputs), b.targets), 100 * drift[0].accuracy);
  });
  return 0;
}
