#include "apps/train_options.h"

#include "apps/command.h"

namespace buildgpt::cli {

void add_train_options(CLI::App& command, TrainOptions& o) {
  const std::string data = "Data", model = "Model", optimisation = "Optimisation",
                    reports = "Reports and checkpoints", run = "This run";
  CLI::Option* text = command.add_option("--text", o.text, "train on this UTF-8 text file");
  text->group(data);
  command.add_option("--corpus", o.corpus, "or on data/corpora/NAME.txt (buildgpt corpus fetch)")
      ->group(data)
      ->excludes(text);
  command
      .add_option("--tokenizer", o.tokenizer, "gpt2, cl100k or char (its vocabulary: the text's)")
      ->group(data)
      ->check(CLI::IsMember({"gpt2", "cl100k", "char"}));
  command.add_option("--val-fraction", o.val_fraction, "the end of the text kept for validation")
      ->group(data)
      ->check(CLI::Range(0.0, 0.5));

  add_model_options(command, o.model);
  for (const char* name : {"--model", "--layers", "--heads", "--width", "--context", "--dropout"}) {
    command.get_option(name)->group(model);
  }

  command.add_option("--batch", o.batch, "windows of --context tokens per step")
      ->group(optimisation)
      ->check(CLI::PositiveNumber);
  CLI::Option* steps =
      command.add_option("--steps", o.steps, "optimizer steps")->group(optimisation);
  steps->check(CLI::PositiveNumber);
  command.add_option("--epochs", o.epochs, "or passes over the training windows")
      ->group(optimisation)
      ->check(CLI::PositiveNumber)
      ->excludes(steps);
  command.add_option("--lr", o.lr, "peak learning rate (AdamW)")
      ->group(optimisation)
      ->check(CLI::PositiveNumber);
  command.add_option("--min-lr", o.min_lr, "learning rate at the end of the cosine decay")
      ->group(optimisation)
      ->check(CLI::NonNegativeNumber);
  command.add_option("--warmup", o.warmup, "steps of linear warmup")
      ->group(optimisation)
      ->check(CLI::NonNegativeNumber);
  command.add_option("--weight-decay", o.weight_decay, "AdamW's, on matrices only")
      ->group(optimisation)
      ->check(CLI::NonNegativeNumber);
  command.add_option("--grad-clip", o.grad_clip, "largest gradient norm (0: no clipping)")
      ->group(optimisation)
      ->check(CLI::NonNegativeNumber);
  command.add_option("--seed", o.seed, "seeds the weights, dropout and the order of batches")
      ->group(optimisation);

  command.add_option("--eval-every", o.eval_every, "validation every N steps, and at the end")
      ->group(reports)
      ->check(CLI::NonNegativeNumber);
  command.add_option("--eval-batches", o.eval_batches, "batches of the validation split used")
      ->group(reports)
      ->check(CLI::PositiveNumber);
  command
      .add_option("--log-every", o.log_every, "a progress line every N steps (not on a terminal)")
      ->group(reports)
      ->check(CLI::PositiveNumber);
  command
      .add_option("--checkpoint-every", o.checkpoint_every,
                  "a checkpoint every N steps, at the end and on Ctrl-C")
      ->group(reports)
      ->check(CLI::NonNegativeNumber);
  command.add_option("--keep", o.keep, "checkpoints kept, the newest first")
      ->group(reports)
      ->check(CLI::PositiveNumber);

  CLI::Option* out = command.add_option("--out", o.out, "the run's folder")->group(run);
  CLI::Option* config =
      command.add_option("--config", o.config, "read options from a JSON file")->group(run);
  config->configurable(false)->check(CLI::ExistingFile);
  command
      .add_option("--resume", o.resume,
                  "continue the run in this folder (options given here override its config)")
      ->group(run)
      ->configurable(false)
      ->check(CLI::ExistingDirectory)
      ->excludes(out)
      ->excludes(config);
  add_compute_options(command, o.compute);
  command.get_option("--device")->group(run)->configurable(false);
  command.get_option("--threads")->group(run)->configurable(false);
  add_json_flag(command, o.json);
  command.get_option("--json")->group(run)->configurable(false);
  out->configurable(false);
}

nlohmann::ordered_json run_config(const TrainOptions& o) {
  const ModelChoice m = resolved(o.model);
  nlohmann::ordered_json config = {{"tokenizer", o.tokenizer},
                                   {"val-fraction", o.val_fraction},
                                   {"model", m.preset},
                                   {"layers", m.layers},
                                   {"heads", m.heads},
                                   {"width", m.width},
                                   {"context", m.context},
                                   {"dropout", m.dropout},
                                   {"batch", o.batch},
                                   {"steps", o.steps},
                                   {"lr", o.lr},
                                   {"min-lr", o.min_lr},
                                   {"warmup", o.warmup},
                                   {"weight-decay", o.weight_decay},
                                   {"grad-clip", o.grad_clip},
                                   {"seed", o.seed},
                                   {"eval-every", o.eval_every},
                                   {"eval-batches", o.eval_batches},
                                   {"log-every", o.log_every},
                                   {"checkpoint-every", o.checkpoint_every},
                                   {"keep", o.keep}};
  if (o.text.empty()) {
    config["corpus"] = o.corpus;
  } else {
    config["text"] = std::filesystem::absolute(o.text).string();
  }
  return config;
}

}  // namespace buildgpt::cli
