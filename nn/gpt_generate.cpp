// GPT::generate: sampling token by token, with a key-value cache or by recomputing the window.
#include <stdexcept>

#include "autograd/graph.h"
#include "autograd/ops/shape_ops.h"
#include "nn/gpt.h"

namespace buildgpt::nn {
namespace {

// Evaluation mode for a scope; the module's mode is restored at its end.
class EvalGuard {
 public:
  explicit EvalGuard(Module& m) : module_(m), was_training_(m.is_training()) { m.eval(); }
  ~EvalGuard() { module_.train(was_training_); }
  EvalGuard(const EvalGuard&) = delete;
  EvalGuard& operator=(const EvalGuard&) = delete;

 private:
  Module& module_;
  bool was_training_;
};

// The last `n` positions of ids [B, T] (all of them when T <= n).
Tensor last_positions(const Tensor& ids, int64_t n) {
  const int64_t t = ids.size(1);
  return t > n ? ids.narrow(1, t - n, n) : ids;
}

}  // namespace

Tensor GPT::generate(const Tensor& ids, int64_t n_new, const GenerateOptions& options,
                     Generator* gen) {
  EvalGuard eval(*this);
  NoGradGuard no_grad;
  auto observed = [&](const Tensor& next_logits) {
    if (options.on_logits) options.on_logits(next_logits);
    return next_logits;
  };
  if (!options.use_cache) {
    return nn::generate(
        [&](const Tensor& window) {
          const Tensor all = forward(window);
          observed(all.select(1, -1));
          return all;
        },
        ids, n_new, options.sampling, config.context, gen, options.on_token);
  }
  check_dtype("generate", ids, kInt64, "ids");
  if (ids.dim() != 2 || ids.size(1) == 0 || n_new < 0) {
    throw std::invalid_argument("generate: needs ids [B, T] with T > 0 and n_new >= 0, got " +
                                shape_str(ids.shape()) + " and " + std::to_string(n_new));
  }
  KVCache cache(config, ids.size(0), ids.device());
  Tensor out = ids, step_input = last_positions(ids, config.context);
  for (int64_t i = 0; i < n_new; ++i) {
    if (cache.length() + step_input.size(1) > config.context) {  // full: recompute the window
      cache.reset();
      step_input = last_positions(out, config.context);
    }
    const Tensor h = hidden_states(step_input, &cache);
    const Tensor next = sample_next(observed(logits(h.select(1, -1))), options.sampling, gen);
    if (options.on_token) options.on_token(next);
    out = cat({out, next}, 1);
    step_input = next;
  }
  return out;
}

}  // namespace buildgpt::nn
