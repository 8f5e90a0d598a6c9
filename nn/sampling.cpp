#include "nn/sampling.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/shape_ops.h"

namespace buildgpt::nn {
namespace {

[[noreturn]] void bad(const char* fn, const std::string& message) {
  throw std::invalid_argument(std::string(fn) + ": " + message);
}

void check_options(const SamplingOptions& o) {
  if (!(o.temperature >= 0)) bad("sample_next", "temperature must be >= 0");
  if (o.top_k < 0) bad("sample_next", "top_k must be >= 0");
  if (!(o.top_p > 0 && o.top_p <= 1)) bad("sample_next", "top_p must be in (0, 1]");
}

// One id from one row of V logits.
int64_t sample_row(const float* logits, int64_t V, const SamplingOptions& o, Generator& gen) {
  if (o.temperature == 0) {  // the largest logit; max_element gives the lowest id of equals
    const int64_t best = std::max_element(logits, logits + V) - logits;
    if (logits[best] == -INFINITY) bad("sample_next", "every logit of a row is -inf");
    return best;
  }
  // (logit, id) by decreasing logit, ties by id: a strict order, so every filter keeps a prefix of
  // it, and only top-k's prefix needs sorting. Pairs, not ids into the logits: the sort then reads
  // memory in order.
  std::vector<std::pair<float, int64_t>> order(static_cast<size_t>(V));
  for (int64_t i = 0; i < V; ++i) order[i] = {logits[i], i};
  const auto before = [](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  };
  size_t keep =
      o.top_k > 0 ? std::min<size_t>(static_cast<size_t>(o.top_k), order.size()) : order.size();
  if (keep == order.size()) {
    std::sort(order.begin(), order.end(), before);
  } else {
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                      before);
  }
  const double top = order[0].first;
  if (top == -INFINITY) bad("sample_next", "every logit of a row is -inf");
  // Softmax of logits/temperature over the kept prefix, from its maximum.
  std::vector<double> p(keep);
  double total = 0;
  for (size_t i = 0; i < keep; ++i) {
    p[i] = std::exp((static_cast<double>(order[i].first) - top) / o.temperature);
    total += p[i];
  }
  if (o.top_p < 1) {
    double mass = 0;
    size_t n = 0;
    while (n < keep && mass < o.top_p * total) mass += p[n++];
    keep = std::max<size_t>(n, 1);
    total = std::accumulate(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(keep), 0.0);
  }
  const double u = gen.next_double() * total;
  double cumulative = 0;
  for (size_t i = 0; i < keep; ++i) {
    cumulative += p[i];
    if (u < cumulative) return order[i].second;
  }
  return order[keep - 1].second;  // u within rounding of the total
}

}  // namespace

Tensor sample_next(const Tensor& logits, const SamplingOptions& options, Generator* gen) {
  check_options(options);
  check_float("sample_next", logits, "logits");
  if (logits.dim() != 1 && logits.dim() != 2) {
    bad("sample_next", "logits must be [V] or [B, V], got " + shape_str(logits.shape()));
  }
  const int64_t V = logits.size(-1), B = logits.dim() == 2 ? logits.size(0) : 1;
  if (V == 0) bad("sample_next", "logits have no classes");
  const Tensor host = logits.detach().to(Device::cpu());  // sampling reads every logit on the CPU
  const float* p = host.data<float>();
  if (std::any_of(p, p + logits.numel(), [](float v) { return std::isnan(v) || v == INFINITY; })) {
    bad("sample_next", "logits hold NaN or +inf");
  }
  Generator& g = gen ? *gen : default_generator();
  Tensor out = empty(logits.dim() == 2 ? Shape{B, 1} : Shape{1}, kInt64);
  int64_t* ids = out.data<int64_t>();
  for (int64_t b = 0; b < B; ++b) ids[b] = sample_row(p + b * V, V, options, g);
  return out.to(logits.device());
}

Tensor generate(const LanguageModel& model, const Tensor& ids, int64_t n_new,
                const SamplingOptions& options, int64_t block_size, Generator* gen,
                const std::function<void(const Tensor& next)>& on_token) {
  check_dtype("generate", ids, kInt64, "ids");
  if (ids.dim() != 2 || ids.size(1) == 0) {
    bad("generate", "ids must be [B, T] with T > 0, got " + shape_str(ids.shape()));
  }
  if (n_new < 0 || block_size <= 0) bad("generate", "needs n_new >= 0 and block_size > 0");
  NoGradGuard no_grad;
  Tensor out = ids;
  for (int64_t i = 0; i < n_new; ++i) {
    const int64_t T = out.size(1);
    const Tensor context = T > block_size ? out.narrow(1, T - block_size, block_size) : out;
    const Tensor logits = model(context);
    if (logits.dim() != 3 || logits.size(0) != out.size(0) || logits.size(1) != context.size(1)) {
      bad("generate", "the model returned logits " + shape_str(logits.shape()) + " for ids " +
                          shape_str(context.shape()) + "; expected [B, T, V]");
    }
    const Tensor next = sample_next(logits.select(1, -1), options, gen);
    if (on_token) on_token(next);
    out = cat({out, next}, 1);
  }
  return out;
}

Tensor generate(Module& model, const Tensor& ids, int64_t n_new, const SamplingOptions& options,
                int64_t block_size, Generator* gen) {
  return generate([&](const Tensor& x) { return model(x); }, ids, n_new, options, block_size, gen);
}

}  // namespace buildgpt::nn
