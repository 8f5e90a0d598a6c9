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
#include "autograd/ops/shape_ops.h"
#include "autograd/out_of_memory.h"
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

namespace {

// A step made but not yet read back: its values stay on the device until then.
struct Unread {
  int64_t step;
  Tensor loss, norm;   // one element each, on the device
  Tensor layer_norms;  // [layers] before clipping, on the device; undefined without the log
  double lr;
};

// The values of `steps` in one copy to the host, step after step: the loss, the gradient norm,
// then the layer norms where they were taken.
std::vector<float> read_back(const std::vector<Unread>& steps) {
  std::vector<Tensor> parts;
  for (const Unread& u : steps) {
    parts.push_back(u.loss.view({1}));
    parts.push_back(u.norm.view({1}));
    if (u.layer_norms.defined() && u.layer_norms.numel() > 0) parts.push_back(u.layer_norms);
  }
  return cat(parts, 0).to_vector<float>();
}

// Whether `out` is standard output or standard error on a terminal.
bool on_terminal(const std::ostream* out) {
  return (out == &std::cout && ::isatty(STDOUT_FILENO)) ||
         (out == &std::cerr && ::isatty(STDERR_FILENO));
}

}  // namespace

void Trainer::check_device() const {
  for (const auto& [name, p] : model_.named_parameters()) {
    if (p.device() != options_.device) {
      throw std::invalid_argument("Trainer: the model's parameter \"" + name + "\" is on " +
                                  p.device().str() + ", but the trainer runs on " +
                                  options_.device.str() +
                                  " (TrainerOptions::device): move the model with Module::to or "
                                  "set the trainer's device");
    }
  }
}

bool Trainer::reads_at(int64_t s) const {
  const auto every = [s](int64_t n) { return n > 0 && s % n == 0; };
  return options_.device.is_cpu() || s == options_.max_steps || every(options_.log_every) ||
         every(options_.eval_every) || every(options_.checkpoint_every) ||
         (options_.stop && options_.stop->load());
}

void Trainer::stop(const std::string& what, double value, int64_t bad_step) const {
  std::ostringstream message;
  message << "Trainer: step " << bad_step << ": " << what << " is " << value;
  if (bad_step == step_ + 1) {
    message << "; stopped before the optimizer's update, the weights are those after step "
            << step_;
  } else {
    message << "; on " << options_.device.str()
            << " it is read only where the run reports, so the updates of steps " << bad_step
            << " to " << step_ << " have run and the weights are not usable";
  }
  if (!options_.checkpoint.empty()) {
    message << " (checkpoints, untouched since: " << options_.checkpoint.string() << " and older)";
  }
  throw NonFiniteStep(message.str());
}

void Trainer::fit(const BatchFn& batch, const BatchLossFn& train_loss, const EvalFn& val_loss) {
  fit(
      [&](int64_t step) {
        std::vector<Tensor> on_device;
        for (const Tensor& t : batch(step)) on_device.push_back(t.to(options_.device));
        return train_loss(on_device);
      },
      val_loss);
}

void Trainer::fit(const LossFn& train_loss, const EvalFn& val_loss) {
  using Clock = std::chrono::steady_clock;
  check_device();
  const auto fit_start = Clock::now();
  Progress progress(*options_.out, on_terminal(options_.out), options_.max_steps,
                    options_.log_every);
  std::optional<CsvLog> csv;
  if (!options_.csv_log.empty()) {
    csv.emplace(options_.csv_log, step_, "step,train_loss,val_loss,lr,tokens_per_s");
  }
  const std::vector<Tensor> params = model_.parameters();
  const double max_norm =
      options_.grad_clip > 0 ? options_.grad_clip : std::numeric_limits<double>::infinity();
  const std::vector<LayerParameters> layers = parameters_by_layer(model_);
  std::optional<CsvLog> grad_csv;
  if (!options_.grad_norm_log.empty()) {
    std::string header = "step";
    for (const LayerParameters& layer : layers) header += "," + layer.name;
    grad_csv.emplace(options_.grad_norm_log, step_, header);
  }
  // Values read back per step: the loss, the gradient norm, and the layer norms when logged.
  const size_t stride = 2 + (grad_csv ? layers.size() : 0);
  double seconds = 0;
  const int64_t first = step_;
  std::vector<Unread> unread;
  auto since_read = Clock::now();
  while (step_ < options_.max_steps) {
    if (options_.schedule) optimizer_.set_lr(options_.schedule->lr_at(step_));
    const double lr = *optimizer_.param_groups().at(0).lr;
    const int64_t s = step_ + 1;
    std::vector<float> values;
    bool read = false;
    bool updating = false;
    try {
      model_.train();
      optimizer_.zero_grad();
      const Tensor loss = train_loss(step_);
      loss.backward();
      Unread made{s, loss.detach(), {}, {}, lr};
      if (grad_csv) made.layer_norms = layer_grad_norms_on_device(layers);
      made.norm = clip_grad_norm_(params, max_norm);
      unread.push_back(std::move(made));
      read = reads_at(s);  // after the step's work, so a stop request made during it is seen
      // A loss or gradient that is not finite would poison the weights, the optimizer's moments
      // and every checkpoint after; stop before the update when it is read in time.
      if (read) {
        values = read_back(unread);
        for (size_t i = 0; i < unread.size(); ++i) {
          const float* v = values.data() + i * stride;
          if (!std::isfinite(v[0])) stop("the loss", v[0], unread[i].step);
          if (grad_csv) {
            std::ostringstream row;
            row << unread[i].step;
            for (size_t l = 0; l < layers.size(); ++l) row << ',' << v[2 + l];
            grad_csv->append(row.str());
          }
          if (!std::isfinite(v[1])) stop("the gradient norm", v[1], unread[i].step);
        }
      }
      updating = true;
      optimizer_.step();
    } catch (const OutOfMemory& e) {
      std::ostringstream message;
      message << "Trainer: step " << s << " ran out of memory on " << e.device.str() << " in "
              << (updating ? "the optimizer's update" : "the forward and backward pass") << ": "
              << e.what() << "; "
              << (updating ? "the weights are partly updated: resume from the last checkpoint"
                           : "the weights are those after step " + std::to_string(step_));
      if (!options_.checkpoint.empty()) {
        message << " (checkpoints, untouched: " << options_.checkpoint.string() << " and older)";
      }
      throw OutOfMemory(e.device, e.requested_bytes, message.str());
    }
    ++step_;
    if (!read) continue;

    // Time per step over the steps since the last read: on a device the host runs ahead of the
    // kernels, and the read is where it waits for them.
    const auto now = Clock::now();
    const double interval = std::chrono::duration<double>(now - since_read).count();
    since_read = now;
    const double steps_read = static_cast<double>(unread.size());
    seconds += interval;
    const double tokens_per_s =
        static_cast<double>(options_.tokens_per_step) * steps_read / std::max(interval, 1e-9);
    const double per_step = seconds / static_cast<double>(step_ - first);
    const double elapsed = std::chrono::duration<double>(now - fit_start).count();
    const bool last = step_ == options_.max_steps;
    std::optional<double> val;
    for (size_t i = 0; i < unread.size(); ++i) {
      progress.update(unread[i].step, values[i * stride], tokens_per_s, elapsed, per_step);
    }
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
      for (size_t i = 0; i < unread.size(); ++i) {
        std::ostringstream row;
        row << unread[i].step << ',' << values[i * stride] << ','
            << (val && unread[i].step == step_ ? std::to_string(*val) : "") << ',' << unread[i].lr
            << ',' << tokens_per_s;
        csv->append(row.str());
      }
    }
    unread.clear();
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
