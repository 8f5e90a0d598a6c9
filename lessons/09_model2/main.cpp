// Lesson 09: Model 2 (token and position embeddings, layer norm, GELU, an output tied to the token
// embedding, logits scaled by 1/sqrt(width)). As the course: its parameters, the loss of a
// uniform guess against the untrained loss, position embeddings broadcast over the batch, the
// last token's logits, text at temperature 1.3. Ours: training it, with and without the GELU.
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
#include "lessons/common/logits_panels.h"
#include "lessons/common/model2.h"
#include "plot/figure.h"
#include "text/dataset.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

constexpr int64_t kBatch = 5, kContext = 8, kStride = 2;  // the course's

struct Settings {
  int64_t batch_size, steps, eval_every, val_batches;
  double lr;
};

std::string one_line(std::string text) {
  for (size_t i; (i = text.find_first_of("\r\n")) != std::string::npos;) text.replace(i, 1, " / ");
  return text;
}

// The course's generation: 8 new tokens after each window of a batch, at `temperature`, the
// context cropped to the last 8 tokens.
void generate_from(Model2& model, const Tokenizer& tok, const Tensor& windows, double temperature) {
  Generator gen(42);
  const Tensor ids = model.generate(windows, 8, {.temperature = temperature}, &gen);
  for (int64_t r = 0; r < ids.size(0); ++r) {
    std::printf("  %lld: %s\n", static_cast<long long>(r + 1),
                one_line(tok.decode(ids.select(0, r).to_vector<int64_t>())).c_str());
  }
}

// The mean loss over a fixed set of batches, without a graph, with the logits multiplied by
// `scale` (1: the model as it is).
double mean_loss(Model2& model, const std::vector<Batch>& batches, double scale = 1) {
  NoGradGuard no_grad;
  double total = 0;
  for (const Batch& b : batches) total += cross_entropy(model(b.inputs) * scale, b.targets).item();
  return total / static_cast<double>(batches.size());
}

// The course's broadcasting demo, then the same with the model's own embeddings.
void broadcasting_demo(Model2& model, const Tensor& windows) {
  const Tensor T = ones({2, 3, 4}), P = arange(0.0, 4.0, 1.0, kFloat32);
  std::printf("\ntoken embeddings %s:\n%s\nposition embeddings %s:\n%s\ntheir sum %s:\n%s\n",
              shape_str(T.shape()).c_str(), T.str().c_str(), shape_str(P.shape()).c_str(),
              P.str().c_str(), shape_str((T + P).shape()).c_str(), (T + P).str().c_str());
  NoGradGuard no_grad;
  const Tensor tokens = (*model.tokens)(windows);
  const Tensor positions = (*model.positions)(arange(windows.size(1)));
  std::printf("with the model's weights: tokens %s + positions %s -> %s\n",
              shape_str(tokens.shape()).c_str(), shape_str(positions.shape()).c_str(),
              shape_str((tokens + positions).shape()).c_str());
}

struct Run {
  std::string name;
  std::vector<double> train_steps, train_loss, val_steps, val_loss;
};

// Training and validation losses of the runs so far, against the uniform guess.
void save_loss_figure(const std::vector<Run>& runs, double uniform,
                      const std::filesystem::path& png) {
  char reference[48];
  std::snprintf(reference, sizeof reference, "uniform guess, log V = %.2f", uniform);
  plot::Plot p(
      "Model 2's loss while training: the course's (GELU after the layer norm) and "
      "without the GELU",
      "step", "cross-entropy loss (nats)");
  for (const Run& r : runs) {
    p.line(r.name + ", train", r.train_steps, r.train_loss);
    p.line(r.name + ", validation", r.val_steps, r.val_loss);
  }
  p.hline(uniform, reference);
  p.save(png, plot::Size{1100, 620});
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "09_model2",
      "Lesson 09: Model 2 (position embedding, layer norm, GELU, tied output scaled by "
      "1/sqrt(width)): the uniform-guess loss, broadcasting, its logits, text at temperature 1.3; "
      "then trained with AdamW, with and without the GELU.");
  // Training (ours) uses batches of 32, not the course's 5: a batch of 5 windows is 40 tokens, so
  // noisy that 300 steps would not show the curve; 32 x 8 = 256 tokens a step do.
  const Settings s = opt.quick ? Settings{4, 5, 5, 1, 1e-2} : Settings{32, 300, 20, 4, 1e-2};

  const CourseCorpus corpus = load_course_corpus("cl100k_base");
  const Tokenizer& tok = *corpus.tokenizer;
  std::span<const uint32_t> ids = corpus.ids();
  if (opt.quick) ids = ids.first(std::min<size_t>(ids.size(), 20000));
  const TokenDataset data(ids, {.seq_len = kContext, .stride = kStride, .train_fraction = 0.9});
  std::printf("corpus: %s\n%zu tokens (cl100k_base)%s, %lld for training, %lld for validation\n",
              corpus.description.c_str(), ids.size(), opt.quick ? ", a slice for --quick" : "",
              static_cast<long long>(data.end(Split::Train)),
              static_cast<long long>(data.end(Split::Validation) - data.begin(Split::Validation)));

  manual_seed(0);
  const Model2Config config{.vocab = tok.vocab_size(), .context = kContext, .width = 64};
  Model2 model(config);
  const int64_t V = config.vocab, C = config.width;
  std::printf("\nModel 2: vocabulary %lld, context %lld, width %lld, GELU after the layer norm\n",
              static_cast<long long>(V), static_cast<long long>(config.context),
              static_cast<long long>(C));
  for (const auto& [name, p] : model.named_parameters()) {
    std::printf("  %-18s %-14s %10lld\n", name.c_str(), shape_str(p.shape()).c_str(),
                static_cast<long long>(p.numel()));
  }
  std::printf("  %-33s %10lld parameters\n", "total",
              static_cast<long long>(model.num_parameters()));
  std::printf("  an untied output layer [%lld, %lld] would add %lld more: %lld in all\n",
              static_cast<long long>(V), static_cast<long long>(C), static_cast<long long>(V * C),
              static_cast<long long>(model.num_parameters() + V * C));

  // The same weights without the GELU: the switch the course's comment talks about.
  Model2Config plain_config = config;
  plain_config.gelu = false;
  Model2 plain(plain_config);
  plain.load_state_dict(model.state_dict());

  Generator val_gen(1);
  std::vector<Batch> val_batches;
  for (int64_t i = 0; i < s.val_batches; ++i) {
    val_batches.push_back(data.random_batch(Split::Validation, s.batch_size, val_gen));
  }
  const double uniform = std::log(static_cast<double>(V));
  const double untrained = mean_loss(model, val_batches);
  std::printf(
      "\nloss of a uniform guess, -log(1/V) = log(%lld) = %.4f nats\n"
      "loss of the untrained model on the validation batches: %.4f nats\n"
      "  without the GELU: %.4f nats; and %.4f if the logits were not divided by sqrt(width) = "
      "%g\n",
      static_cast<long long>(V), uniform, untrained, mean_loss(plain, val_batches),
      mean_loss(model, val_batches, std::sqrt(static_cast<double>(C))),
      std::sqrt(static_cast<double>(C)));

  // The course's batch of 5 windows, for the demos and the text.
  const Batch batch = data.epoch(Split::Train, {.batch_size = kBatch, .seed = 3})[0];
  broadcasting_demo(model, batch.inputs);

  const auto logits_png = opt.out_dir / "last_token_logits.png";
  {
    NoGradGuard no_grad;
    model.eval();
    plot::Figure fig(1, 3);
    fig.title("Untrained Model 2: the last position's logits for the first window of the batch");
    logits_panels(fig, 0, model(batch.inputs.narrow(0, 0, 1)).select(1, -1).flatten(), "untrained",
                  AgainstLogit::LogProbability, opt.quick ? 50 : 1);
    fig.save(logits_png);
  }

  std::printf("\nuntrained, 8 new tokens after each window, temperature 1.3 (seed 42):\n");
  generate_from(model, tok, batch.inputs, 1.3);

  // Ours: training both, from the same weights on the same batches.
  const auto loss_png = opt.out_dir / "loss.png";
  std::vector<Run> runs;
  for (Model2* m : {&model, &plain}) {
    const bool gelu = m->config.gelu;
    runs.push_back({gelu ? "with GELU (the course's)" : "without GELU", {}, {}, {0}, {}});
    Run& run = runs.back();
    run.val_loss.push_back(mean_loss(*m, val_batches));
    nn::AdamW optimizer(m->parameters(), {.lr = s.lr, .weight_decay = 0.01});
    nn::TrainerOptions train_opt;
    train_opt.max_steps = s.steps;
    train_opt.tokens_per_step = s.batch_size * config.context;
    train_opt.log_every = std::max<int64_t>(s.steps / 5, 1);
    train_opt.eval_every = s.eval_every;
    train_opt.csv_log = opt.out_dir / (gelu ? "train_log.csv" : "train_log_without_gelu.csv");
    nn::Trainer trainer(*m, optimizer, train_opt);
    Generator batch_gen(2);
    std::printf("\ntraining %s: %lld steps of %lld sequences of %lld tokens, AdamW lr %g\n",
                run.name.c_str(), static_cast<long long>(s.steps),
                static_cast<long long>(s.batch_size), static_cast<long long>(config.context), s.lr);
    const auto start = std::chrono::steady_clock::now();
    trainer.fit(
        [&](int64_t step) {
          const Batch b = data.random_batch(Split::Train, s.batch_size, batch_gen);
          Tensor loss = cross_entropy((*m)(b.inputs), b.targets);
          run.train_steps.push_back(static_cast<double>(step + 1));
          run.train_loss.push_back(loss.item());
          return loss;
        },
        [&] {
          run.val_steps.push_back(static_cast<double>(trainer.step()));
          run.val_loss.push_back(mean_loss(*m, val_batches));
          save_loss_figure(runs, uniform, loss_png);  // a stopped run still leaves its figure
          return run.val_loss.back();
        });
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("trained in %.1f s, %.0f tokens/s; validation loss %.4f (uniform guess %.4f)\n",
                seconds, static_cast<double>(s.steps * s.batch_size * config.context) / seconds,
                run.val_loss.back(), uniform);
  }

  for (const double t : {1.3, 0.5}) {
    std::printf("\ntrained (with GELU), the same windows, temperature %g (seed 42):\n", t);
    generate_from(model, tok, batch.inputs, t);
  }

  const auto weights = opt.out_dir / "model2.safetensors";
  nn::save_safetensors(weights, model.state_dict());
  std::printf("\nwrote %s, %s and the trained weights (with GELU) to %s\n", logits_png.c_str(),
              loss_png.c_str(), weights.c_str());

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
  show_exercise("next_token_probs at temperatures 0.5, 1 and 1.3", [&] {
    NoGradGuard no_grad;
    const Tensor logits = model(b.inputs).narrow(0, 0, 1);
    for (const double t : {0.5, 1.0, 1.3}) {
      std::printf("   temperature %g: the most likely next token has probability %.3f\n", t,
                  next_token_probs(logits, t).max().item());
    }
  });
  return 0;
}
