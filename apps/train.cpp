// buildgpt train: a GPT trained on a text file, with validation, a log, a loss curve and
// checkpoints to resume from.
#include <chrono>
#include <cmath>
#include <iostream>
#include <optional>

#include "apps/batches.h"
#include "apps/command.h"
#include "apps/loss_history.h"
#include "apps/run_folder.h"
#include "apps/stop_signal.h"
#include "apps/train_options.h"
#include "io/atomic_file.h"
#include "nn/adamw.h"
#include "nn/loss.h"
#include "nn/trainer.h"
#include "text/char_tokenizer.h"
#include "text/corpus.h"
#include "text/paths.h"
#include "text/token_cache.h"

namespace buildgpt::cli {
namespace {

// The options as the command line, the --config file or the resumed run's config.json give them.
void merge_config(CLI::App& command, TrainOptions& o) {
  if (!o.resume.empty()) {
    o.out = o.resume;
    apply_config_file(command, run_folder::config(o.resume));
  } else if (!o.config.empty()) {
    apply_config_file(command, o.config);
  }
  if (o.text.empty() == o.corpus.empty()) {
    throw UsageError(o.text.empty() ? "needs --text FILE or --corpus NAME"
                                    : "takes --text or --corpus, not both");
  }
  if (o.min_lr > o.lr) throw UsageError("--min-lr is above --lr");
}

// The tokenizer of a new run, or the resumed run's.
std::unique_ptr<Tokenizer> run_tokenizer(const TrainOptions& o, const std::filesystem::path& text) {
  if (o.tokenizer == "char" && o.resume.empty()) {
    return std::make_unique<CharTokenizer>(CharTokenizer::from_text(read_text_file(text)));
  }
  return run_folder::tokenizer(o.out, o.tokenizer);
}

// AdamW with weight decay on the matrices, none on biases and layer norms.
std::unique_ptr<nn::AdamW> make_optimizer(const nn::GPT& model, const TrainOptions& o) {
  std::vector<Tensor> decayed, plain;
  for (const Tensor& p : model.parameters()) (p.dim() >= 2 ? decayed : plain).push_back(p);
  return std::make_unique<nn::AdamW>(
      std::vector<nn::ParamGroup>{{decayed, std::nullopt, o.weight_decay},
                                  {plain, std::nullopt, 0.0}},
      nn::AdamWOptions{.lr = o.lr, .weight_decay = o.weight_decay});
}

// How a run went, for its report.
struct Outcome {
  int64_t first_step, step;
  double train_loss;
  std::optional<double> val_loss;
  double seconds;
  std::filesystem::path curve;
};

void print_outcome(const TrainOptions& o, const nn::GPTConfig& config, const Outcome& r) {
  const std::string checkpoint = run_folder::checkpoint(o.out).string();
  if (o.json) {
    const double tokens = static_cast<double>((r.step - r.first_step) * o.batch * config.context);
    print_json({{"out", o.out},
                {"step", r.step},
                {"steps", o.steps},
                {"train_loss", r.train_loss},
                {"val_loss", r.val_loss ? nlohmann::json(*r.val_loss) : nlohmann::json()},
                {"seconds", r.seconds},
                {"tokens_per_s", tokens / r.seconds},
                {"checkpoint", checkpoint},
                {"loss_curve", r.curve.string()},
                {"stopped", r.step < o.steps}});
    return;
  }
  std::cout << "trained to step " << r.step << " in " << r.seconds << " s: train loss "
            << r.train_loss;
  if (r.val_loss) std::cout << ", validation loss " << *r.val_loss;
  std::cout << "\ncheckpoint " << checkpoint << "\nloss curve " << r.curve.string() << "\n";
}

int train(CLI::App& command, TrainOptions& o) {
  merge_config(command, o);
  const Device device = apply(o.compute);
  const std::filesystem::path dir = o.out;
  const std::filesystem::path text =
      o.text.empty() ? data_dir() / "corpora" / (o.corpus + ".txt") : std::filesystem::path(o.text);
  if (!o.corpus.empty() && !std::filesystem::exists(text)) {
    throw std::runtime_error(text.string() + ": no such file: get it with buildgpt corpus fetch " +
                             o.corpus);
  }
  if (o.resume.empty() && run_folder::holds_run(dir, o.keep)) {
    throw UsageError(dir.string() + " holds a run already: continue it with --resume " +
                     dir.string() + ", or give another --out");
  }
  std::ostream& report = o.json ? std::cerr : std::cout;

  const std::unique_ptr<Tokenizer> tokenizer = run_tokenizer(o, text);
  const TokenCache tokens = TokenCache::load_or_build(text, *tokenizer, std::cerr);
  const nn::GPTConfig config = model_config(o.model, tokenizer->vocab_size());
  std::optional<TokenDataset> data;
  try {
    data.emplace(tokens.ids(),
                 DatasetOptions{.seq_len = config.context, .train_fraction = 1 - o.val_fraction});
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(text.string() + ": too short to train on: " + e.what());
  }
  TrainingBatches batches(*data, o.batch, o.seed);
  if (o.epochs > 0) {
    o.steps = static_cast<int64_t>(std::ceil(o.epochs * static_cast<double>(batches.per_epoch())));
  }
  if (o.warmup > o.steps) throw UsageError("--warmup is more than the run's steps");
  std::optional<Epoch> validation;
  if (data->num_windows(Split::Validation) > 0) {
    validation.emplace(data->epoch(Split::Validation, {o.batch, false, 0, false}));
  }

  std::filesystem::create_directories(dir);
  write_file_atomically(run_folder::config(dir),
                        [&](std::ostream& out) { out << run_config(o).dump(2) << '\n'; });
  if (o.tokenizer == "char" && o.resume.empty()) {
    dynamic_cast<const CharTokenizer&>(*tokenizer).save(run_folder::char_vocab(dir));
  }

  Generator gen(o.seed);  // the initial weights, then dropout
  nn::GPT model(config, &gen);
  model.to(device);
  const std::unique_ptr<nn::AdamW> optimizer = make_optimizer(model, o);
  StopOnSignal stop;
  nn::Trainer trainer(model, *optimizer,
                      {.max_steps = o.steps,
                       .tokens_per_step = o.batch * config.context,
                       .schedule = nn::CosineSchedule{o.lr, o.min_lr, o.warmup, o.steps},
                       .grad_clip = o.grad_clip,
                       .log_every = o.log_every,
                       .eval_every = validation ? o.eval_every : 0,
                       .checkpoint_every = o.checkpoint_every,
                       .checkpoint = run_folder::checkpoint(dir),
                       .csv_log = run_folder::log(dir),
                       .out = &report,
                       .keep_checkpoints = o.keep,
                       .stop = &stop.requested()},
                      {&gen});
  if (!o.resume.empty() && !trainer.resume()) {
    throw std::runtime_error(dir.string() + ": no checkpoint to resume from");
  }
  const int64_t first = trainer.step();
  if (first >= o.steps) {
    throw UsageError(dir.string() + " is at step " + std::to_string(first) +
                     " already: give more --steps to train on");
  }
  report << "training " << model.parameter_count() << " parameters on " << text.string() << " ("
         << tokens.ids().size() << " " << tokenizer->name() << " tokens), steps " << first + 1
         << " to " << o.steps << "; run folder " << dir.string() << std::endl;

  LossHistory history(run_folder::log(dir), first);
  double last_loss = 0;
  const auto start = std::chrono::steady_clock::now();
  trainer.fit(
      [&](int64_t step) {
        const Batch b = batches.at(step);
        Tensor loss = cross_entropy(model(b.inputs.to(device)), b.targets.to(device));
        last_loss = loss.item();
        history.add_train(step + 1, last_loss);
        return loss;
      },
      [&] {
        const double loss = mean_loss(model, *validation, o.eval_batches, device).loss;
        history.add_validation(trainer.step(), loss);
        history.draw(run_folder::loss_curve(dir), config.vocab_size);
        return loss;
      });
  const Outcome outcome = {
      first,
      trainer.step(),
      last_loss,
      history.last_validation(),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
      history.draw(run_folder::loss_curve(dir), config.vocab_size)};
  print_outcome(o, config, outcome);
  if (trainer.step() < o.steps) {
    std::cerr << "buildgpt train: stopped by signal " << stop.signal() << " after step "
              << trainer.step() << "; continue with: buildgpt train --resume " << dir.string()
              << "\n";
    return 128 + stop.signal();
  }
  return 0;
}

}  // namespace

void add_train(CLI::App& program, Run& run) {
  const auto [command, o] = add_command(
      program,
      {"train", "train a GPT on a text file",
       "The run's folder (--out) gets config.json (the options used; --config reads such a\n"
       "file), checkpoint.safetensors (and older ones: checkpoint.1.safetensors, ...),\n"
       "char_vocab.txt for the char tokenizer, log.csv and loss.png. A progress bar shows on a\n"
       "terminal, plain lines every --log-every steps otherwise (on standard error with --json).\n"
       "Ctrl-C saves a checkpoint after the step and stops (exit code 130); a second Ctrl-C\n"
       "stops at once, keeping the previous checkpoint. --resume continues exactly where it\n"
       "stopped: the same batches, weights and random numbers as a run never stopped. A loss or\n"
       "gradient norm that is not finite stops the run before the step's update (exit code 1)."},
      run, train);
  add_train_options(*command, *o);
}

}  // namespace buildgpt::cli
