#include "nn/trainer.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "autograd/graph.h"
#include "nn/checkpoint.h"
#include "nn/checkpoint_files.h"
#include "nn/clip_grad.h"
#include "nn/csv_log.h"
#include "nn/layer_grad_norms.h"
#include "nn/progress.h"

namespace buildgpt::nn {

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
  if (options_.keep_checkpoints < 1) {
    throw std::invalid_argument("Trainer: keep_checkpoints must be at least 1");
  }
  if (!options_.out) throw std::invalid_argument("Trainer: out must not be null");
  for (const Generator* g : generators_) {
    if (!g) throw std::invalid_argument("Trainer: a generator is null");
  }
}

bool Trainer::resume() {
  if (options_.checkpoint.empty()) return false;
  const std::vector<std::filesystem::path> files =
      checkpoint_files(options_.checkpoint, options_.keep_checkpoints);
  std::vector<std::filesystem::path> unusable;
  std::string reasons;
  for (const std::filesystem::path& file : files) {
    if (!std::filesystem::exists(file)) continue;
    try {
      step_ = load_checkpoint(file, model_, optimizer_, generators_);
    } catch (const std::exception& e) {
      *options_.out << "cannot resume from " << file.string() << ": " << e.what() << "\n";
      reasons += std::string("\n  ") + e.what();
      unusable.push_back(file);
      continue;
    }
    // Set the newer, unusable files aside (kept for a look, out of the rotation), so the next
    // checkpoint does not push this good one out in their favour.
    for (const std::filesystem::path& bad : unusable) {
      std::filesystem::path aside = bad;
      aside += ".unusable";
      std::filesystem::rename(bad, aside);
      *options_.out << "moved " << bad.string() << " to " << aside.string() << "\n";
    }
    if (!unusable.empty()) *options_.out << "resumed from " << file.string() << "\n";
    return true;
  }
  if (!unusable.empty())
    throw std::runtime_error("Trainer: no checkpoint to resume from:" + reasons);
  return false;
}

void Trainer::save() {
  if (!options_.checkpoint.empty()) {
    rotate_checkpoints(options_.checkpoint, options_.keep_checkpoints);
    save_checkpoint(options_.checkpoint, model_, optimizer_, step_, generators_);
  }
}

void Trainer::stop_before_update(const std::string& what, double value) const {
  std::ostringstream message;
  message << "Trainer: step " << step_ + 1 << ": " << what << " is " << value
          << "; stopped before the optimizer's update, the weights are those after step " << step_;
  if (!options_.checkpoint.empty()) {
    message << " (checkpoints: " << options_.checkpoint.string() << " and older)";
  }
  throw NonFiniteStep(message.str());
}

namespace {

// Whether `out` is standard output or standard error on a terminal.
bool on_terminal(const std::ostream* out) {
  return (out == &std::cout && ::isatty(STDOUT_FILENO)) ||
         (out == &std::cerr && ::isatty(STDERR_FILENO));
}

}  // namespace

void Trainer::fit(const LossFn& train_loss, const EvalFn& val_loss) {
  using Clock = std::chrono::steady_clock;
  const auto fit_start = Clock::now();
  Progress progress(*options_.out, on_terminal(options_.out), options_.max_steps,
                    options_.log_every);
  std::optional<CsvLog> csv;
  if (!options_.csv_log.empty()) {
    csv.emplace(options_.csv_log, step_, "step,train_loss,val_loss,lr,tokens_per_s");
  }
  const std::vector<Tensor> params = model_.parameters();
  const std::vector<LayerParameters> layers = parameters_by_layer(model_);
  std::optional<CsvLog> grad_csv;
  if (!options_.grad_norm_log.empty()) {
    std::string header = "step";
    for (const LayerParameters& layer : layers) header += "," + layer.name;
    grad_csv.emplace(options_.grad_norm_log, step_, header);
  }
  double seconds = 0;
  const int64_t first = step_;
  while (step_ < options_.max_steps) {
    const auto start = Clock::now();
    if (options_.schedule) optimizer_.set_lr(options_.schedule->lr_at(step_));
    const double lr = *optimizer_.param_groups().at(0).lr;
    model_.train();
    optimizer_.zero_grad();
    const Tensor loss = train_loss(step_);
    // A loss or gradient that is not finite would poison the weights, the optimizer's moments
    // and every checkpoint after; stop before the update instead.
    const double loss_value = loss.item();
    if (!std::isfinite(loss_value)) stop_before_update("the loss", loss_value);
    loss.backward();
    if (grad_csv) {
      std::ostringstream row;
      row << step_ + 1;
      for (const double norm : layer_grad_norms(layers)) row << ',' << norm;
      grad_csv->append(row.str());
    }
    const double norm =
        clip_grad_norm(params, options_.grad_clip > 0 ? options_.grad_clip
                                                      : std::numeric_limits<double>::infinity());
    if (!std::isfinite(norm)) stop_before_update("the gradient norm", norm);
    optimizer_.step();
    ++step_;
    const double step_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    seconds += step_seconds;
    const double tokens_per_s =
        static_cast<double>(options_.tokens_per_step) / std::max(step_seconds, 1e-9);
    progress.update(step_, loss_value, tokens_per_s,
                    std::chrono::duration<double>(Clock::now() - fit_start).count(),
                    seconds / static_cast<double>(step_ - first));

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
    if (csv) {
      std::ostringstream row;
      row << step_ << ',' << loss_value << ',' << (val ? std::to_string(*val) : "") << ',' << lr
          << ',' << tokens_per_s;
      csv->append(row.str());
    }
    const bool due =
        last || (options_.checkpoint_every > 0 && step_ % options_.checkpoint_every == 0);
    if (due) save();
    // Looked at after the save, so a request made while it was written needs no second one.
    if (!last && options_.stop && options_.stop->load()) {
      if (!due) save();
      progress.note("stopped after step " + std::to_string(step_) +
                    (options_.checkpoint.empty() ? std::string()
                                                 : ", checkpoint " + options_.checkpoint.string()));
      break;
    }
  }
  if (csv) csv->close();
  if (grad_csv) grad_csv->close();
}

}  // namespace buildgpt::nn
