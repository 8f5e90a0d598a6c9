// Lesson 09: Model 2 (token and position embeddings, layer norm, an output tied to the token
// embedding, logits scaled by 1/sqrt(width)) trained on the course's text, its loss against the
// loss of a uniform guess, and its text before and after training.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/course_corpus.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "lessons/common/model2.h"
#include "plot/loss_curve.h"
#include "text/dataset.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

struct Settings {
  int64_t batch_size, steps, eval_every, val_batches, new_tokens;
  double lr;
};

constexpr const char* kPrompt = "The time has come";

// The prompt and n_new tokens after it, sampled with seed 42 at `temperature`.
std::string continuation(Model2& model, const Tokenizer& tok, int64_t n_new, double temperature) {
  const std::vector<int64_t> prompt = tok.encode(kPrompt);
  Generator gen(42);
  const Tensor ids = model.generate(from_vector(prompt, {1, static_cast<int64_t>(prompt.size())}),
                                    n_new, nn::SamplingOptions{.temperature = temperature}, &gen);
  return tok.decode(ids.select(0, 0).to_vector<int64_t>());
}

// The mean loss over a fixed set of batches, without a graph, with the logits multiplied by
// `scale` (1: the model as it is).
double mean_loss(Model2& model, const std::vector<Batch>& batches, double scale = 1) {
  NoGradGuard no_grad;
  double total = 0;
  for (const Batch& b : batches) total += cross_entropy(model(b.inputs) * scale, b.targets).item();
  return total / static_cast<double>(batches.size());
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "09_model2",
      "Lesson 09: Model 2 (position embedding, layer norm, tied output scaled by 1/sqrt(width)) "
      "trained with AdamW; its loss against a uniform guess; text before and after.");
  const Settings s =
      opt.quick ? Settings{4, 20, 10, 2, 10, 1e-2} : Settings{32, 300, 20, 4, 30, 1e-2};

  const CourseCorpus corpus = load_course_corpus("cl100k_base");
  const TokenDataset data(corpus.ids(), {.seq_len = 8, .train_fraction = 0.9});
  std::printf("corpus: %s\n%zu tokens (cl100k_base), %lld for training, %lld for validation\n",
              corpus.description.c_str(), corpus.ids().size(),
              static_cast<long long>(data.end(Split::Train)),
              static_cast<long long>(data.end(Split::Validation) - data.begin(Split::Validation)));

  manual_seed(0);
  const Model2Config config{.vocab = corpus.tokenizer->vocab_size(), .context = 8, .width = 64};
  Model2 model(config);
  const int64_t V = config.vocab, C = config.width;
  std::printf("\nModel 2: vocabulary %lld, context %lld, width %lld\n", static_cast<long long>(V),
              static_cast<long long>(config.context), static_cast<long long>(C));
  for (const auto& [name, p] : model.named_parameters()) {
    std::printf("  %-18s %-14s %10lld\n", name.c_str(), shape_str(p.shape()).c_str(),
                static_cast<long long>(p.numel()));
  }
  std::printf("  %-33s %10lld parameters\n", "total",
              static_cast<long long>(model.num_parameters()));
  std::printf("  an untied output layer [%lld, %lld] would add %lld more: %lld in all\n",
              static_cast<long long>(V), static_cast<long long>(C), static_cast<long long>(V * C),
              static_cast<long long>(model.num_parameters() + V * C));

  Generator val_gen(1);
  std::vector<Batch> val_batches;
  for (int64_t i = 0; i < s.val_batches; ++i) {
    val_batches.push_back(data.random_batch(Split::Validation, s.batch_size, val_gen));
  }
  const double uniform = std::log(static_cast<double>(V));
  std::vector<double> train_steps, train_loss, val_steps = {0},
                                               val_loss = {mean_loss(model, val_batches)};
  std::printf(
      "\nloss of a uniform guess, -log(1/V) = log(%lld) = %.4f nats\n"
      "loss of the untrained model on the validation batches: %.4f nats\n"
      "  (and %.4f nats if its logits were not divided by sqrt(width) = %g)\n",
      static_cast<long long>(V), uniform, val_loss[0],
      mean_loss(model, val_batches, std::sqrt(static_cast<double>(C))),
      std::sqrt(static_cast<double>(C)));

  std::printf("\nbefore training (temperature 1, seed 42):\n  %s\n",
              continuation(model, *corpus.tokenizer, s.new_tokens, 1.0).c_str());

  nn::AdamW optimizer(model.parameters(), {.lr = s.lr, .weight_decay = 0.01});
  nn::TrainerOptions train_opt;
  train_opt.max_steps = s.steps;
  train_opt.tokens_per_step = s.batch_size * config.context;
  train_opt.log_every = s.steps / 5;
  train_opt.eval_every = s.eval_every;
  train_opt.csv_log = opt.out_dir / "train_log.csv";
  nn::Trainer trainer(model, optimizer, train_opt);
  Generator batch_gen(2);
  std::printf("\ntraining: %lld steps of %lld sequences of %lld tokens, AdamW lr %g\n",
              static_cast<long long>(s.steps), static_cast<long long>(s.batch_size),
              static_cast<long long>(config.context), s.lr);
  const auto start = std::chrono::steady_clock::now();
  trainer.fit(
      [&](int64_t step) {
        const Batch b = data.random_batch(Split::Train, s.batch_size, batch_gen);
        Tensor loss = cross_entropy(model(b.inputs), b.targets);
        train_steps.push_back(static_cast<double>(step + 1));
        train_loss.push_back(loss.item());
        return loss;
      },
      [&] {
        val_steps.push_back(static_cast<double>(trainer.step()));
        val_loss.push_back(mean_loss(model, val_batches));
        return val_loss.back();
      });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("trained in %.1f s, %.0f tokens/s; validation loss %.4f (uniform guess %.4f)\n",
              seconds, static_cast<double>(s.steps * s.batch_size * config.context) / seconds,
              val_loss.back(), uniform);

  for (const double t : {0.5, 1.0, 2.0}) {
    std::printf("\nafter training, temperature %g (seed 42):\n  %s\n", t,
                continuation(model, *corpus.tokenizer, s.new_tokens, t).c_str());
  }

  char reference[48];
  std::snprintf(reference, sizeof reference, "uniform guess, log V = %.2f", uniform);
  const auto png = opt.out_dir / "loss.png";
  const auto weights = opt.out_dir / "model2.safetensors";
  plot::loss_curve(png, train_steps, train_loss, val_steps, val_loss,
                   plot::Reference{uniform, reference});
  nn::save_safetensors(weights, model.state_dict());
  std::printf("\nwrote %s and the trained weights to %s\n", png.c_str(), weights.c_str());

  show_exercise("uniform_loss against log V", [&] {
    std::printf("   uniform_loss(%lld) = %.4f, log V = %.4f\n", static_cast<long long>(V),
                uniform_loss(V), uniform);
  });
  const Batch b = val_batches.front();
  show_exercise("position_ids for a batch", [&] {
    std::cout << "   position_ids(2, 8) =\n" << position_ids(2, 8) << "\n";
  });
  show_exercise("model2_logits against Model 2's forward", [&] {
    NoGradGuard no_grad;
    const Tensor mine = model2_logits(b.inputs, model.tokens->weight, model.positions->weight,
                                      model.norm->weight, model.norm->bias);
    std::printf("   largest difference from model(ids): %.2e\n",
                max(abs(mine - model(b.inputs))).item());
  });
  show_exercise("next_token_probs at temperatures 0.5, 1 and 2", [&] {
    NoGradGuard no_grad;
    const Tensor logits = model(b.inputs).narrow(0, 0, 1);
    for (const double t : {0.5, 1.0, 2.0}) {
      std::printf("   temperature %g: the most likely next token has probability %.3f\n", t,
                  next_token_probs(logits, t).max().item());
    }
  });
  return 0;
}
