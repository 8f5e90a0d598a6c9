// Checkpoints that must not be resumed from: a flipped bit, an optimizer state no run can reach,
// a step with the optimizer's state missing.
#include "nn/checkpoint.h"

#include <gtest/gtest.h>

#include <fstream>

#include "autograd/autograd.h"
#include "nn/adamw.h"
#include "nn/layers.h"
#include "nn/safetensors.h"
#include "nn_test_util.h"

namespace buildgpt::nn {
namespace {

using CheckpointTest = buildgpt::testing::ScratchDir;

// A small model and AdamW after `steps` updates.
struct SmallRun {
  Generator gen{5};
  Linear model{3, 2, true, &gen};
  AdamW optimizer{model.parameters()};
  explicit SmallRun(int steps = 2) {
    for (int s = 0; s < steps; ++s) {
      optimizer.zero_grad();
      model(randn({4, 3}, &gen)).pow(2).sum().backward();
      optimizer.step();
    }
  }
};

// load_checkpoint into a fresh run throws std::runtime_error mentioning `fragment`.
::testing::AssertionResult refuses(const std::filesystem::path& path, const std::string& fragment) {
  SmallRun fresh(0);
  try {
    load_checkpoint(path, fresh.model, fresh.optimizer, {&fresh.gen});
  } catch (const std::exception& e) {
    const std::string what = e.what();
    if (what.find(fragment) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "\"" << what << "\" lacks \"" << fragment << "\"";
  }
  return ::testing::AssertionFailure() << "loaded";
}

TEST_F(CheckpointTest, AFlippedBitInAWeightIsNoticed) {
  SmallRun run;
  const auto path = dir / "c.safetensors";
  save_checkpoint(path, run.model, run.optimizer, 2, {&run.gen});
  const auto size = std::filesystem::file_size(path);
  for (const uint64_t offset : {size - 1, size - 40}) {
    save_checkpoint(path, run.model, run.optimizer, 2, {&run.gen});
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(offset));
    const char c = static_cast<char>(f.get());
    f.seekp(static_cast<std::streamoff>(offset));
    f.put(static_cast<char>(c ^ 4));
    f.close();
    EXPECT_TRUE(refuses(path, "checksum")) << "offset " << offset;
  }
}

TEST_F(CheckpointTest, AStepWithoutTheOptimizersStateIsRefused) {
  SmallRun trained;
  SmallRun fresh(0);  // an AdamW that has not stepped: saving it drops the moments
  const auto path = dir / "c.safetensors";
  save_checkpoint(path, trained.model, fresh.optimizer, 2, {&trained.gen});
  EXPECT_TRUE(refuses(path, "no optimizer state"));
  // At step 0 there is no state to lose.
  save_checkpoint(path, fresh.model, fresh.optimizer, 0, {&fresh.gen});
  SmallRun other(0);
  EXPECT_EQ(load_checkpoint(path, other.model, other.optimizer, {&other.gen}), 0);
}

TEST_F(CheckpointTest, AnOptimizerCounterBeyondTheStepIsRefused) {
  SmallRun trained(3);
  const auto path = dir / "c.safetensors";
  save_checkpoint(path, trained.model, trained.optimizer, 2, {&trained.gen});
  EXPECT_TRUE(refuses(path, "\"0.step\" is 3"));
}

TEST_F(CheckpointTest, WeightsAloneLoadWithTheirStepAndAreCheckedLikeAWholeCheckpoint) {
  SmallRun run;
  const auto path = dir / "c.safetensors";
  save_checkpoint(path, run.model, run.optimizer, 2, {&run.gen});
  Generator other(9);
  Linear fresh(3, 2, true, &other);
  EXPECT_EQ(load_checkpoint_weights(path, fresh), 2);
  EXPECT_EQ(fresh.weight.to_vector<float>(), run.model.weight.to_vector<float>());
  EXPECT_EQ(fresh.bias.to_vector<float>(), run.model.bias.to_vector<float>());

  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(-1, std::ios::end);
  f.put('\x7f');
  f.close();
  EXPECT_THROW(
      {
        try {
          load_checkpoint_weights(path, fresh);
        } catch (const std::runtime_error& e) {
          EXPECT_NE(std::string(e.what()).find("checksum"), std::string::npos) << e.what();
          throw;
        }
      },
      std::runtime_error);
}

}  // namespace
}  // namespace buildgpt::nn
