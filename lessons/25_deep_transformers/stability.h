// Lesson 25's second experiment: each recipe trained at one depth and one learning rate, once
// bare and once with warmup and gradient clipping; which runs diverge, and at what step.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "lessons/common/train_lm.h"
#include "text/dataset.h"

namespace buildgpt::lessons {

struct Safeguards {
  std::string name;  // for titles and file names
  int64_t warmup_steps;
  double grad_clip;  // 0: none
};

// No warmup and no clipping; then a linear warmup with clipping at norm 1.
std::vector<Safeguards> safeguards(int64_t steps);

struct StabilityOptions {
  int64_t vocab, width, layers;
  LmTraining training;  // steps, batch, learning rate; the safeguards and the limit are set here
  std::filesystem::path out_dir;  // where each run's logs go
};

// Per safeguard setting, per recipe (pre-RMSNorm aside: at initialisation it is pre-LN's twin): a
// model from seed 1 trained on the same batches until its steps are done or its loss passes the
// divergence limit, ln V + 2. `draw` gets the runs so far after each validation.
std::vector<std::vector<NamedHistory>> stability_runs(
    const StabilityOptions& options, const TokenDataset& data, const std::vector<Batch>& val,
    const std::function<void(const std::vector<std::vector<NamedHistory>>&)>& draw);

// Where a run's per-step gradient norms per layer go.
std::filesystem::path grad_norm_log(const StabilityOptions& options, const std::string& recipe,
                                    const Safeguards& guard);

// One panel per safeguard setting (`guards`, in the order of `runs`): each run's training loss (a
// running mean of 10 steps) and a marker where a run diverged.
void save_stability_figure(const std::vector<std::vector<NamedHistory>>& runs,
                           const std::vector<Safeguards>& guards, int64_t vocab, int64_t layers,
                           const std::filesystem::path& png);

// The divergence limit for a vocabulary of V tokens: ln V + 2 nats.
double divergence_limit(int64_t vocab);

}  // namespace buildgpt::lessons
