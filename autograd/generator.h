// Seedable random numbers. The same seed gives the same tensors on every run.
#pragma once

#include <cstdint>

namespace buildgpt {

// A small, fast, well-tested generator (PCG32), so results do not depend on the standard library.
class Generator {
 public:
  explicit Generator(uint64_t seed = 0) { manual_seed(seed); }
  void manual_seed(uint64_t seed);
  uint32_t next_u32();
  // Uniform in [0, 1) with 24 random bits.
  float next_float();
  // Uniform in [0, 1) with 53 random bits.
  double next_double();
  // A standard normal sample (Box-Muller).
  float next_normal();
  uint64_t seed() const { return seed_; }

  // Everything that determines the next numbers, for checkpoints: restoring it resumes the
  // sequence exactly where it was saved.
  struct State {
    uint64_t seed, state, inc;
  };
  State get_state() const { return {seed_, state_, inc_}; }
  void set_state(const State& s) {
    seed_ = s.seed;
    state_ = s.state;
    inc_ = s.inc;
  }

 private:
  uint64_t seed_ = 0;
  uint64_t state_ = 0;
  uint64_t inc_ = 0;
};

// The generator used when an op is not given one explicitly.
Generator& default_generator();
// Reseeds the default generator, like torch.manual_seed.
void manual_seed(uint64_t seed);

}  // namespace buildgpt
