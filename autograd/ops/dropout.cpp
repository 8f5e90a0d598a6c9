// dropout with a seeded mask: one draw of the caller's generator seeds the whole mask, so the
// same seed gives the same mask on every device and any number of threads.
#include <string>

#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/fused.h"

namespace buildgpt {

Tensor dropout(const Tensor& x, double p, bool training, Generator* gen) {
  check_float("dropout", x);
  if (!(p >= 0 && p <= 1)) {
    fail("dropout", "probability p must be in [0, 1], got " + std::to_string(p));
  }
  if (!training || p == 0) return x;
  Generator& g = gen ? *gen : default_generator();
  const uint64_t seed = (static_cast<uint64_t>(g.next_u32()) << 32) | g.next_u32();
  const float scale = p == 1 ? 0.0f : static_cast<float>(1 / (1 - p));
  Tensor keep = empty(x.shape(), kBool, x.device()), out = empty(x.shape(), kFloat32, x.device());
  kernels_for(out).dropout(x, p, seed, scale, keep, out);
  // dx = mask · dy / (1 − p), with the forward's mask
  return record("dropout", out, {x}, [keep, scale](const Tensor& g, const NeedsGrad&) -> Grads {
    Tensor dx = empty(g.shape(), kFloat32, g.device());
    kernels_for(dx).dropout_backward(g, keep, scale, dx);
    return {dx};
  });
}

}  // namespace buildgpt
