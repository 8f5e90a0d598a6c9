#include "stability.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>

#include "nn/gpt.h"
#include "plot/figure.h"
#include "recipes.h"

namespace buildgpt::lessons {
namespace {

constexpr int64_t kSmoothing = 10;

// The mean of the last `window` values at each step (fewer at the start).
std::vector<double> running_mean(const std::vector<double>& v, int64_t window) {
  std::vector<double> out;
  double sum = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    sum += v[i];
    if (i >= static_cast<size_t>(window)) sum -= v[i - window];
    out.push_back(sum / static_cast<double>(std::min<size_t>(i + 1, window)));
  }
  return out;
}

std::string file_stem(const std::string& name) {
  std::string stem;
  for (const char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      stem += static_cast<char>(std::tolower(c));
    else if (!stem.empty() && stem.back() != '_')
      stem += '_';
  }
  while (!stem.empty() && stem.back() == '_') stem.pop_back();
  return stem;
}

}  // namespace

std::filesystem::path grad_norm_log(const StabilityOptions& options, const std::string& recipe,
                                    const Safeguards& guard) {
  return options.out_dir / (file_stem(recipe + " " + guard.name) + "_grad_norms.csv");
}

std::vector<Safeguards> safeguards(int64_t steps) {
  return {{"no warmup, no clipping", 0, 0.0},
          {"warmup " + std::to_string(std::max<int64_t>(steps / 10, 1)) + " steps, clipping at 1",
           std::max<int64_t>(steps / 10, 1), 1.0}};
}

double divergence_limit(int64_t vocab) { return std::log(static_cast<double>(vocab)) + 2; }

std::vector<std::vector<NamedHistory>> stability_runs(
    const StabilityOptions& options, const TokenDataset& data, const std::vector<Batch>& val,
    const std::function<void(const std::vector<std::vector<NamedHistory>>&)>& draw) {
  std::vector<std::vector<NamedHistory>> done;
  for (const Safeguards& guard : safeguards(options.training.steps)) {
    std::vector<std::unique_ptr<nn::GPT>> models;
    std::vector<LmRun> runs;
    for (const Recipe& recipe : recipes()) {
      if (recipe.norm == nn::NormKind::RMS) continue;
      Generator gen(1);
      models.push_back(std::make_unique<nn::GPT>(
          narrow_config(options.vocab, options.width, options.layers, recipe), &gen));
      runs.push_back({recipe.name, models.back().get(),
                      options.out_dir / (file_stem(recipe.name + " " + guard.name) + ".csv"),
                      grad_norm_log(options, recipe.name, guard)});
    }
    LmTraining t = options.training;
    t.warmup_steps = guard.warmup_steps;
    t.grad_clip = guard.grad_clip;
    t.divergence_loss = divergence_limit(options.vocab);
    done.emplace_back();
    done.back() = train_runs(runs, data, val, t, [&](const std::vector<NamedHistory>& so_far) {
      done.back() = so_far;
      draw(done);
    });
  }
  return done;
}

void save_stability_figure(const std::vector<std::vector<NamedHistory>>& runs,
                           const std::vector<Safeguards>& guards, int64_t vocab, int64_t layers,
                           const std::filesystem::path& png) {
  const double limit = divergence_limit(vocab);
  plot::Figure fig(1, static_cast<int>(runs.size()));
  fig.title(std::to_string(layers) +
            " blocks trained at one learning rate, every recipe on the same "
            "batches (ours)");
  for (size_t s = 0; s < runs.size(); ++s) {
    plot::Plot& p = fig.panel(0, static_cast<int>(s));
    p.title(guards[s].name)
        .xlabel("step")
        .ylabel("training loss, mean of the last 10 steps (nats)")
        .y_range(0, limit + 0.5);
    std::vector<double> diverged_steps, diverged_losses;
    for (const NamedHistory& run : runs[s]) {
      const LmHistory& h = run.history;
      std::vector<double> finite;
      for (const double loss : h.train)
        finite.push_back(std::isfinite(loss) ? std::min(loss, limit) : limit);
      if (finite.empty()) continue;
      std::vector<double> steps(finite.size());
      for (size_t i = 0; i < steps.size(); ++i) steps[i] = static_cast<double>(i + 1);
      p.line(run.name, steps, running_mean(finite, kSmoothing));
      if (h.diverged_at) {
        diverged_steps.push_back(static_cast<double>(*h.diverged_at));
        diverged_losses.push_back(limit);
      }
    }
    if (!diverged_steps.empty()) {
      p.scatter("diverged: the step its loss passed the limit", diverged_steps, diverged_losses);
    }
    p.hline(limit, "divergence limit, ln V + 2");
    p.hline(std::log(static_cast<double>(vocab)), "uniform guess, ln V");
  }
  fig.size({static_cast<int>(900 * runs.size()), 620});
  fig.save(png);
}

}  // namespace buildgpt::lessons
