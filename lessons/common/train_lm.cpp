#include "lessons/common/train_lm.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "autograd/autograd.h"
#include "nn/adamw.h"
#include "nn/loss.h"
#include "nn/trainer.h"
#include "plot/figure.h"

namespace buildgpt::lessons {

std::vector<Batch> validation_batches(const TokenDataset& data, int64_t count, int64_t batch_size,
                                      uint64_t seed) {
  Generator gen(seed);
  std::vector<Batch> batches;
  for (int64_t i = 0; i < count; ++i) {
    batches.push_back(data.random_batch(Split::Validation, batch_size, gen));
  }
  return batches;
}

namespace {

// The cross-entropy of `model` on a batch, moved to the device of the model's parameters.
Tensor batch_loss(nn::Module& model, const Batch& b) {
  const Device device = model.parameters().front().device();
  return cross_entropy(model(b.inputs.to(device)), b.targets.to(device));
}

}  // namespace

double mean_loss(nn::Module& model, const std::vector<Batch>& batches) {
  NoGradGuard no_grad;
  const bool training = model.is_training();
  model.eval();
  double total = 0;
  for (const Batch& b : batches) total += batch_loss(model, b).item();
  model.train(training);
  return total / static_cast<double>(batches.size());
}

LmHistory train_language_model(nn::Module& model, const TokenDataset& data,
                               const std::vector<Batch>& val, const LmTraining& options) {
  nn::AdamW optimizer(model.parameters(), {.lr = options.lr, .weight_decay = 0.01});
  nn::TrainerOptions trainer_options;
  trainer_options.max_steps = options.steps;
  trainer_options.tokens_per_step = options.batch_size * data.seq_len();
  trainer_options.log_every = std::max<int64_t>(options.steps / 10, 1);
  trainer_options.eval_every = options.eval_every;
  trainer_options.csv_log = options.csv_log;
  trainer_options.grad_norm_log = options.grad_norm_log;
  trainer_options.grad_clip = options.grad_clip;
  if (options.warmup_steps > 0) {  // a linear rise, then lr: a cosine "decay" from lr to lr
    trainer_options.schedule = nn::CosineSchedule{options.lr, options.lr, options.warmup_steps,
                                                  std::max(options.steps, options.warmup_steps)};
  }
  nn::Trainer trainer(model, optimizer, trainer_options);

  LmHistory history;
  history.val_steps.push_back(0);
  history.val.push_back(mean_loss(model, val));
  Generator batches(options.seed);
  const auto start = std::chrono::steady_clock::now();
  struct Diverged {};
  const auto train_loss = [&](int64_t) {
    const Batch b = data.random_batch(Split::Train, options.batch_size, batches);
    Tensor loss = batch_loss(model, b);
    history.train.push_back(loss.item());
    if (options.divergence_loss && !(history.train.back() <= *options.divergence_loss)) {
      throw Diverged{};
    }
    return loss;
  };
  const auto val_loss = [&] {
    history.val_steps.push_back(static_cast<double>(trainer.step()));
    history.val.push_back(mean_loss(model, val));
    history.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options.on_validation) options.on_validation(history);
    return history.val.back();
  };
  try {
    trainer.fit(train_loss, val_loss);
  } catch (const Diverged&) {
    history.diverged_at = trainer.step() + 1;
  } catch (const nn::NonFiniteStep&) {
    if (!options.divergence_loss) throw;
    history.diverged_at = trainer.step() + 1;
  }
  history.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  history.tokens_per_s =
      static_cast<double>(trainer.step() * trainer_options.tokens_per_step) / history.seconds;
  return history;
}

LmTraining lm_training(bool quick, double lr) {
  LmTraining t;
  t.steps = quick ? 5 : 300;
  t.batch_size = quick ? 4 : 32;
  t.eval_every = quick ? 5 : 20;
  t.lr = lr;
  return t;
}

int64_t validation_count(bool quick) { return quick ? 1 : 4; }

std::vector<NamedHistory> train_runs(
    const std::vector<LmRun>& runs, const TokenDataset& data, const std::vector<Batch>& val,
    const LmTraining& options, const std::function<void(const std::vector<NamedHistory>&)>& draw) {
  std::vector<NamedHistory> done;
  for (const LmRun& run : runs) {
    done.push_back({run.name, {}});
    std::printf("\ntraining %s (ours): %lld steps of %lld windows of %lld tokens, AdamW lr %g\n",
                run.name.c_str(), static_cast<long long>(options.steps),
                static_cast<long long>(options.batch_size), static_cast<long long>(data.seq_len()),
                options.lr);
    LmTraining t = options;
    t.csv_log = run.csv_log;
    t.grad_norm_log = run.grad_norm_log;
    t.on_validation = [&](const LmHistory& so_far) {
      done.back().history = so_far;
      draw(done);
    };
    done.back().history = train_language_model(*run.model, data, val, t);
    const LmHistory& h = done.back().history;
    std::printf("trained in %.1f s, %.0f tokens/s; validation loss %.3f -> %.3f\n", h.seconds,
                h.tokens_per_s, h.val.front(), h.val.back());
  }
  return done;
}

namespace {

void draw_losses(plot::Plot& p, const std::vector<NamedHistory>& runs, int64_t vocab) {
  const double uniform = std::log(static_cast<double>(vocab));
  char reference[64];
  std::snprintf(reference, sizeof reference, "uniform guess, log V = %.2f", uniform);
  p.xlabel("step").ylabel("cross-entropy loss (nats)");
  for (const NamedHistory& run : runs) {
    const LmHistory& h = run.history;
    if (h.train.empty()) continue;
    std::vector<double> steps(h.train.size());
    for (size_t i = 0; i < steps.size(); ++i) steps[i] = static_cast<double>(i + 1);
    const std::string prefix = runs.size() > 1 ? run.name + ", " : "";
    p.line(prefix + "train (each step's batch)", steps, h.train)
        .line(prefix + "validation", h.val_steps, h.val);
  }
  p.hline(uniform, reference);
}

}  // namespace

void save_lm_loss_figure(const std::vector<NamedHistory>& runs, int64_t vocab,
                         const std::string& title, const std::filesystem::path& png,
                         std::optional<LossZoom> zoom) {
  if (!zoom) {
    plot::Plot p;
    p.title(title);
    draw_losses(p, runs, vocab);
    p.save(png, plot::Size{1000, 560});
    return;
  }
  plot::Figure fig(1, 2);
  fig.title(title);
  draw_losses(fig.panel(0, 0).title("the whole run"), runs, vocab);
  char zoomed[64];
  std::snprintf(zoomed, sizeof zoomed, "zoomed on %g to %g nats", zoom->lo, zoom->hi);
  draw_losses(fig.panel(0, 1).title(zoomed).y_range(zoom->lo, zoom->hi), runs, vocab);
  fig.size({1600, 600});
  fig.save(png);
}

}  // namespace buildgpt::lessons
