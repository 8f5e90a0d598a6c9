#include "nn/trainer.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "autograd/graph.h"
#include "nn/checkpoint.h"
#include "nn/clip_grad.h"
#include "nn/progress.h"

namespace buildgpt::nn {
namespace {

// Opens the CSV log: a fresh file with its header for a run from step 0, appended to on resume.
std::ofstream open_csv(const std::filesystem::path& path, bool fresh) {
  std::ofstream csv(path, fresh ? std::ios::trunc : std::ios::app);
  if (!csv) throw std::runtime_error("Trainer: cannot open the CSV log " + path.string());
  if (fresh) csv << "step,train_loss,val_loss,lr,tokens_per_s\n";
  return csv;
}

}  // namespace

Trainer::Trainer(Module& model, Optimizer& optimizer, TrainerOptions options,
                 std::vector<Generator*> generators)
    : model_(model),
      optimizer_(optimizer),
      options_(std::move(options)),
      generators_(std::move(generators)) {
  if (options_.max_steps < 0 || options_.grad_clip < 0 || options_.log_every < 0 ||
      options_.eval_every < 0 || options_.checkpoint_every < 0 || options_.tokens_per_step < 0) {
    throw std::invalid_argument("Trainer: step counts, grad_clip and tokens_per_step must be >= 0");
  }
  if (!options_.out) throw std::invalid_argument("Trainer: out must not be null");
  for (const Generator* g : generators_) {
    if (!g) throw std::invalid_argument("Trainer: a generator is null");
  }
}

bool Trainer::resume() {
  if (options_.checkpoint.empty() || !std::filesystem::exists(options_.checkpoint)) return false;
  step_ = load_checkpoint(options_.checkpoint, model_, optimizer_, generators_);
  return true;
}

void Trainer::save() {
  if (!options_.checkpoint.empty()) {
    save_checkpoint(options_.checkpoint, model_, optimizer_, step_, generators_);
  }
}

void Trainer::fit(const LossFn& train_loss, const EvalFn& val_loss) {
  using Clock = std::chrono::steady_clock;
  const bool bar = options_.out == &std::cout && ::isatty(STDOUT_FILENO);
  Progress progress(*options_.out, bar, options_.max_steps, options_.log_every);
  std::ofstream csv;
  if (!options_.csv_log.empty()) csv = open_csv(options_.csv_log, step_ == 0);
  const std::vector<Tensor> params = model_.parameters();
  double seconds = 0;
  const int64_t first = step_;
  while (step_ < options_.max_steps) {
    const auto start = Clock::now();
    if (options_.schedule) optimizer_.set_lr(options_.schedule->lr_at(step_));
    const double lr = *optimizer_.param_groups().at(0).lr;
    model_.train();
    optimizer_.zero_grad();
    const Tensor loss = train_loss(step_);
    loss.backward();
    if (options_.grad_clip > 0) clip_grad_norm(params, options_.grad_clip);
    optimizer_.step();
    ++step_;
    const double step_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    seconds += step_seconds;
    const double tokens_per_s =
        static_cast<double>(options_.tokens_per_step) / std::max(step_seconds, 1e-9);
    progress.update(step_, loss.item(), tokens_per_s, seconds / static_cast<double>(step_ - first));

    const bool last = step_ == options_.max_steps;
    std::optional<double> val;
    if (val_loss && options_.eval_every > 0 && (step_ % options_.eval_every == 0 || last)) {
      model_.eval();
      NoGradGuard no_grad;
      val = val_loss();
      model_.train();
      char line[64];
      std::snprintf(line, sizeof line, "step %lld | val loss %.4f", static_cast<long long>(step_),
                    *val);
      progress.note(line);
    }
    if (csv.is_open()) {
      csv << step_ << ',' << loss.item() << ',' << (val ? std::to_string(*val) : "") << ',' << lr
          << ',' << tokens_per_s << '\n'
          << std::flush;
    }
    if (last || (options_.checkpoint_every > 0 && step_ % options_.checkpoint_every == 0)) save();
  }
}

}  // namespace buildgpt::nn
