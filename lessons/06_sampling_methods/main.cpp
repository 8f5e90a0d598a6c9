// Lesson 06: greedy, top-k, top-p and plain multinomial sampling from one model (lesson 09's
// Model 2) at a few temperatures: the texts side by side, and how many distinct continuations
// each way gives.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/course_corpus.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "lessons/common/model2.h"
#include "plot/figure.h"
#include "text/dataset.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

constexpr const char* kPrompt = "It is the duty of the";
const std::filesystem::path kLesson09Weights = "out/09_model2/model2.safetensors";

struct Method {
  std::string name;
  nn::SamplingOptions filter;  // top_k and top_p; the temperature is set per run
  bool greedy = false;
};

// Lesson 09's trained weights when it has been run from this folder, else a short training here.
void load_or_train(Model2& model, const CourseCorpus& corpus, bool quick) {
  if (std::filesystem::exists(kLesson09Weights)) {
    model.load_state_dict(nn::load_safetensors(kLesson09Weights).tensors);
    std::printf("model: lesson 09's trained Model 2, loaded from %s\n", kLesson09Weights.c_str());
    return;
  }
  const int64_t steps = quick ? 5 : 150, batch = quick ? 4 : 32;
  std::printf(
      "model: %s not found (run lesson09 from this folder first to sample from its model);\n"
      "       training Model 2 here for %lld steps of %lld sequences instead\n",
      kLesson09Weights.c_str(), static_cast<long long>(steps), static_cast<long long>(batch));
  const TokenDataset data(corpus.ids(), {.seq_len = model.config.context});
  nn::AdamW optimizer(model.parameters(), {.lr = 1e-2, .weight_decay = 0.01});
  Generator gen(2);
  double loss = 0;
  for (int64_t step = 0; step < steps; ++step) {
    const Batch b = data.random_batch(Split::Train, batch, gen);
    optimizer.zero_grad();
    const Tensor l = cross_entropy(model(b.inputs), b.targets);
    l.backward();
    optimizer.step();
    loss = l.item();
  }
  std::printf("       training loss at the last step: %.3f nats (uniform guess %.3f)\n", loss,
              std::log(static_cast<double>(model.config.vocab)));
}

// The text of one row of ids after the prompt's `skip` tokens, on one line.
std::string text_after(const Tokenizer& tok, const Tensor& ids, int64_t row, int64_t skip) {
  const std::vector<int64_t> all = ids.select(0, row).to_vector<int64_t>();
  std::string text = tok.decode(std::vector<int64_t>(all.begin() + skip, all.end()));
  for (size_t i; (i = text.find('\n')) != std::string::npos;) text.replace(i, 1, " / ");
  return text;
}

// The number of different rows among the continuations ids [N, T].
int distinct_rows(const Tensor& ids) {
  std::set<std::vector<int64_t>> rows;
  for (int64_t r = 0; r < ids.size(0); ++r) rows.insert(ids.select(0, r).to_vector<int64_t>());
  return static_cast<int>(rows.size());
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "06_sampling_methods",
      "Lesson 06: greedy, top-k, top-p and multinomial sampling from Model 2 at a few "
      "temperatures; the texts, and how many distinct continuations each gives.");
  // Continuations of n_show tokens to read; n_samples of n_count tokens to count the distinct ones
  // (longer ones are all different as soon as any randomness is left).
  const int64_t n_show = opt.quick ? 5 : 12, n_count = 3, n_samples = opt.quick ? 4 : 50;
  const std::vector<double> temperatures =
      opt.quick ? std::vector<double>{1.0} : std::vector<double>{0.5, 1.0, 1.5};
  // The last: the settings of the course's lecture on generating text with a pretrained model.
  const std::vector<Method> methods = {{"greedy", {}, true},
                                       {"top-k 5", {.top_k = 5}},
                                       {"top-k 50", {.top_k = 50}},
                                       {"top-p 0.5", {.top_p = 0.5}},
                                       {"top-p 0.9", {.top_p = 0.9}},
                                       {"multinomial", {}},
                                       {"top-k 50 + top-p 0.95", {.top_k = 50, .top_p = 0.95}}};

  const CourseCorpus corpus = load_course_corpus("cl100k_base");
  manual_seed(0);
  Model2 model({.vocab = corpus.tokenizer->vocab_size(), .context = 8, .width = 64});
  load_or_train(model, corpus, opt.quick);

  const std::vector<int64_t> prompt_ids = corpus.tokenizer->encode(kPrompt);
  const int64_t P = static_cast<int64_t>(prompt_ids.size());
  const Tensor prompt = from_vector(prompt_ids, {1, P});
  // Every method at every temperature: one continuation (seed 1) to read, and n_samples rows
  // (each row draws its own random numbers) to count the distinct ones.
  std::printf("\nprompt: \"%s\", %lld new tokens\n", kPrompt, static_cast<long long>(n_show));
  std::vector<std::vector<int>> distinct(methods.size());
  for (size_t m = 0; m < methods.size(); ++m) {
    std::printf("\n%s\n", methods[m].name.c_str());
    for (size_t i = 0; i < temperatures.size(); ++i) {
      nn::SamplingOptions o = methods[m].filter;
      o.temperature = methods[m].greedy ? 0 : temperatures[i];
      Generator one(1), many(2);
      const Tensor text = model.generate(prompt, n_show, o, &one);
      const Tensor batch = model.generate(prompt.expand({n_samples, P}), n_count, o, &many);
      distinct[m].push_back(distinct_rows(batch));
      std::printf("  T %.1f | %s\n", temperatures[i],
                  text_after(*corpus.tokenizer, text, 0, P).c_str());
    }
  }

  std::printf("\ndistinct continuations among %lld samples of %lld tokens\n%-22s",
              static_cast<long long>(n_samples), static_cast<long long>(n_count), "");
  for (const double t : temperatures) std::printf("  T %.1f", t);
  std::printf("\n");
  std::vector<std::string> names;
  for (size_t m = 0; m < methods.size(); ++m) {
    names.push_back(methods[m].name);
    std::printf("%-22s", methods[m].name.c_str());
    for (const int d : distinct[m]) std::printf("  %5d", d);
    std::printf("\n");
  }
  std::vector<plot::BarSeries> bars;
  for (size_t i = 0; i < temperatures.size(); ++i) {
    std::vector<int> heights;
    for (const std::vector<int>& d : distinct) heights.push_back(d[i]);
    char name[32];
    std::snprintf(name, sizeof name, "temperature %.1f", temperatures[i]);
    bars.push_back({name, heights});
  }
  const auto png = opt.out_dir / "distinct_continuations.png";
  plot::Plot p("Distinct " + std::to_string(n_count) + "-token continuations of \"" + kPrompt +
                   "\" among " + std::to_string(n_samples) + " samples",
               "sampling method", "distinct continuations (count)");
  p.bars(names, bars).hline(static_cast<double>(n_samples), "every sample different");
  p.save(png, plot::Size{1300, 620});
  std::printf("\nwrote %s\n", png.c_str());

  // The model's next-token logits after the prompt, for the exercises.
  NoGradGuard no_grad;
  const Tensor logits = model(prompt).select(1, -1);
  const Tensor probs = softmax(logits, -1);
  auto token = [&](int64_t id) { return corpus.tokenizer->decode({id}); };
  show_exercise("greedy_pick after the prompt", [&] {
    const int64_t id = greedy_pick(logits).item<int64_t>();
    std::printf("   '%s' (probability %.3f); the library's greedy choice: '%s'\n",
                token(id).c_str(), probs.select(1, id).item(),
                token(nn::sample_next(logits, {.temperature = 0}).item<int64_t>()).c_str());
  });
  show_exercise("top_k_filter(5) after the prompt", [&] {
    const Tensor filtered = top_k_filter(logits, 5);
    std::printf("   kept:");
    for (int64_t id = 0; id < logits.size(1); ++id) {
      if (std::isfinite(filtered.select(1, id).item())) {
        std::printf(" '%s' %.3f", token(id).c_str(), probs.select(1, id).item());
      }
    }
    std::printf("\n");
  });
  show_exercise("top_p_filter after the prompt", [&] {
    for (const double p : {0.5, 0.9}) {
      const Tensor kept = gt(top_p_filter(logits, p), -INFINITY);
      std::printf("   p %.1f keeps %lld of %lld tokens, holding %.3f of the probability\n", p,
                  static_cast<long long>(kept.to(kFloat32).sum().item()),
                  static_cast<long long>(logits.size(1)), (probs * kept.to(kFloat32)).sum().item());
    }
  });
  return 0;
}
