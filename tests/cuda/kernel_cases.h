// Op cases at the sizes where the GPU's kernels change path: rows long enough for a block of 1024
// threads, strided rows, products at transformer sizes, attention over several tiles with every
// option (causal alignments, masks, scales, a partly filled key cache, queries that see no key,
// head widths 5 to 128), multi-head attention over a packed projection, bias + GELU in both forms,
// a key-value cache's write, many blocks of the dropout mask, repeated indices, sorts of a whole
// vocabulary. The cases of tests/autograd/op_cases.h (small shapes) run beside them.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "autograd/op_cases.h"

namespace buildgpt::testing {

// An additive attention mask [heads, tq, tk]: normal values, −∞ on every fifth diagonal.
inline Tensor scores_mask(int64_t heads, int64_t tq, int64_t tk, uint64_t seed) {
  Generator gen(seed);
  std::vector<float> m = randn({heads, tq, tk}, &gen).to_vector<float>();
  for (int64_t h = 0; h < heads; ++h) {
    for (int64_t i = 0; i < tq; ++i) {
      for (int64_t j = 0; j < tk; ++j) {
        if ((i + j + h) % 5 == 3) m[(h * tq + i) * tk + j] = -INFINITY;
      }
    }
  }
  return from_vector(m, {heads, tq, tk});
}

// Attention of inputs q, k, v (and a mask, when there is a fourth input) with the given options:
// the paths of the GPU's tiled kernels (tiles of 64 queries or keys, fewer for wide heads).
inline OpCase attention_case(std::string name, std::vector<Tensor> inputs, CausalMask causal,
                             int64_t key_count = -1, double scale = 0) {
  return {std::move(name), std::move(inputs), [=](const std::vector<Tensor>& x) {
            AttentionOptions o;
            o.causal = causal;
            if (x.size() > 3) o.mask = x[3];
            o.key_count = key_count;
            o.scale = scale;
            return scaled_dot_product_attention(x[0], x[1], x[2], o);
          }};
}

inline std::vector<OpCase> kernel_cases() {
  using V = const std::vector<Tensor>&;
  const Tensor wide = leaf({2, 50257}, 31, 3.0);  // GPT-2's vocabulary
  const Tensor rows = leaf({300, 768}, 32);       // a batch of GPT-2 widths
  const Tensor grid = leaf({4, 37, 65}, 33);      // odd sizes, strided rows
  const Tensor q = leaf({2, 3, 150, 64}, 34), k = leaf({2, 3, 150, 64}, 35);
  const Tensor v = leaf({2, 3, 150, 64}, 36);
  const Tensor ids = randint(0, 97, {8, 64});  // many repeats of 97 ids
  const Tensor targets = randint(0, 50257, {2});
  Tensor ce_targets = randint(0, 1000, {64});
  ce_targets = masked_fill(ce_targets, lt(rand({64}), 0.2), -100);  // some rows ignored
  std::vector<OpCase> cases = {
      {"large softmax 50257", {wide}, [](V x) { return softmax(x[0], -1); }},
      {"large log_softmax 50257", {wide}, [](V x) { return log_softmax(x[0], 1); }},
      {"large softmax strided", {grid}, [](V x) { return softmax(x[0], 1); }},
      {"large log_softmax strided", {grid}, [](V x) { return log_softmax(x[0], 0); }},
      {"large cross_entropy 50257", {wide, targets}, [](V x) { return cross_entropy(x[0], x[1]); }},
      {"large cross_entropy ignore_index",
       {leaf({64, 1000}, 37), ce_targets},
       [](V x) { return cross_entropy(x[0], x[1]); }},
      {"large cross_entropy loss only (no gradient kept)",
       {leaf({64, 1000}, 94), ce_targets},
       [](V x) { return cross_entropy(x[0].detach(), x[1]); }},
      {"large nll_loss ignore_index",
       {leaf({64, 1000}, 38), ce_targets},
       [](V x) { return nll_loss(log_softmax(x[0], -1), x[1]); }},
      {"large layer_norm 768",
       {rows, leaf({768}, 39), leaf({768}, 40)},
       [](V x) { return layer_norm(x[0], {768}, x[1], x[2]); }},
      {"large layer_norm no affine", {rows}, [](V x) { return layer_norm(x[0], {768}); }},
      {"large sum rows", {rows}, [](V x) { return sum(x[0], {1}); }},
      {"large sum columns", {rows}, [](V x) { return sum(x[0], {0}); }},
      {"large sum middle", {grid}, [](V x) { return sum(x[0], {1}, true); }},
      {"large integer sum", {randint(-50, 50, {30, 500})}, [](V x) { return sum(x[0], {1}); }},
      {"large argmax rows", {wide}, [](V x) { return argmax(x[0], 1); }},
      {"large argmin strided", {grid}, [](V x) { return argmin(x[0], 1); }},
      {"argmax ties and NaN",
       {tensor({1, 3, 3, 2, NAN, 0, NAN, 5, -1, -1, -1, -1}, {3, 4})},
       [](V x) {
         return stack({argmax(x[0], 1), argmin(x[0], 1), argmax(x[0], 0)});
       }},
      {"large cumsum rows", {leaf({3, 1000}, 41)}, [](V x) { return cumsum(x[0], 1); }},
      {"large cumsum strided", {grid}, [](V x) { return cumsum(x[0], 1); }},
      {"large integer cumsum", {randint(-9, 9, {2, 700})}, [](V x) { return cumsum(x[0], -1); }},
      {"large matmul 768",
       {leaf({256, 768}, 42), leaf({768, 320}, 43)},
       [](V x) { return matmul(x[0], x[1]); }},
      {"large matmul batched broadcast",
       {leaf({6, 64, 96}, 44), leaf({96, 80}, 45)},
       [](V x) { return matmul(x[0], x[1]); }},
      {"large linear 768",
       {leaf({2, 64, 768}, 46), leaf({576, 768}, 47, 0.03), leaf({576}, 48)},
       [](V x) { return linear(x[0], x[1], x[2]); }},
      {"large attention causal 150",
       {q, k, v},
       [](V x) { return scaled_dot_product_attention(x[0], x[1], x[2], true); }},
      {"large attention 70 queries 150 keys",
       {leaf({3, 70, 64}, 49), leaf({3, 150, 64}, 50), leaf({3, 150, 32}, 51)},
       [](V x) { return scaled_dot_product_attention(x[0], x[1], x[2], false); }},
      attention_case("large attention upper-left, more queries than keys",
                     {leaf({2, 90, 32}, 62), leaf({2, 40, 32}, 63), leaf({2, 40, 32}, 64)},
                     CausalMask::UpperLeft),
      attention_case("large attention lower-right, key cache filled to 150 of 160, scale",
                     {leaf({2, 70, 64}, 65), leaf({2, 160, 64}, 66), leaf({2, 160, 64}, 67)},
                     CausalMask::LowerRight, 150, 0.1),
      attention_case("large attention lower-right, queries that see no key",
                     {leaf({2, 90, 16}, 68), leaf({2, 40, 16}, 69), leaf({2, 40, 16}, 70)},
                     CausalMask::LowerRight),
      attention_case("large attention one mask for every head",
                     {leaf({3, 100, 64}, 71), leaf({3, 120, 64}, 72), leaf({3, 120, 48}, 73),
                      scores_mask(1, 100, 120, 74)},
                     CausalMask::None),
      attention_case("large attention a mask per head, upper-left",
                     {leaf({3, 100, 64}, 75), leaf({3, 100, 64}, 76), leaf({3, 100, 64}, 77),
                      scores_mask(3, 100, 100, 78)},
                     CausalMask::UpperLeft),
      attention_case("large attention boolean mask over heads",
                     {leaf({2, 3, 100, 64}, 79), leaf({2, 3, 120, 64}, 80),
                      leaf({2, 3, 120, 64}, 81), gt(randn({2, 1, 100, 120}), -1.0)},
                     CausalMask::None),
      attention_case("large attention heads 128 wide",
                     {leaf({2, 80, 128}, 82), leaf({2, 80, 128}, 83), leaf({2, 80, 128}, 84)},
                     CausalMask::UpperLeft),
      attention_case("large attention odd widths, mask, key_count",
                     {leaf({2, 33, 5}, 85), leaf({2, 47, 5}, 86), leaf({2, 47, 3}, 87),
                      scores_mask(1, 33, 45, 88)},
                     CausalMask::LowerRight, 45),
      attention_case("large attention one query against a cache",
                     {leaf({4, 1, 64}, 89), leaf({4, 64, 64}, 90), leaf({4, 64, 64}, 91)},
                     CausalMask::LowerRight, 37),
      {"large multi_head_attention GPT-2 heads, causal",
       {leaf({2, 150, 3 * 768}, 95)},
       [](V x) { return multi_head_attention(x[0], 12, true); }},
      {"large multi_head_attention odd widths",
       {leaf({3, 70, 3 * 15}, 96)},
       [](V x) { return multi_head_attention(x[0], 3, false); }},
      {"large write_slice_ key cache",
       {leaf({2, 12, 64, 64}, 92), leaf({2, 12, 5, 64}, 93)},
       [](V x) {
         NoGradGuard no_grad;
         Tensor cache = x[0].clone();
         cache.write_slice_(2, 40, x[1]);
         return cache;
       }},
      {"large embedding repeated ids",
       {ids, leaf({97, 768}, 52)},
       [](V x) { return embedding(x[0], x[1]); }},
      {"large index_select",
       {rows, randint(0, 300, {500})},
       [](V x) { return index_select(x[0], 0, x[1]); }},
      {"large gather middle",
       {grid, randint(0, 37, {4, 20, 65})},
       [](V x) { return gather(x[0], 1, x[1]); }},
      {"large one_hot", {randint(0, 50, {40})}, [](V x) { return one_hot(x[0], 50); }},
      {"large permute 4-d",
       {leaf({2, 70, 12, 64}, 53)},
       [](V x) {
         return permute(x[0], {0, 2, 1, 3});
       }},
      {"large transpose", {rows}, [](V x) { return transpose(x[0], 0, 1); }},
      {"large broadcast 5-d",
       {leaf({2, 1, 3, 1, 5}, 54), leaf({4, 1, 6, 5}, 55)},
       [](V x) { return mul(add(x[0], x[1]), sub(x[1], 0.5)); }},
      {"large integer broadcast",
       {randint(-5, 5, {7, 1, 9}), randint(1, 5, {4, 1})},
       [](V x) {
         return stack({add(x[0], x[1]), mul(x[0], x[1]), div(x[0], x[1])});
       }},
      {"large pointwise chain",
       {rows},
       [](V x) {
         return add(gelu(x[0], GeluApproximation::Tanh), mul(sigmoid(x[0]), tanh(x[0])));
       }},
      {"large bias_gelu 3072",
       {leaf({64, 3072}, 97, 2.0), leaf({3072}, 98)},
       [](V x) { return bias_gelu(x[0], x[1]); }},
      {"large bias_gelu tanh 3072",
       {leaf({64, 3072}, 99, 2.0), leaf({3072}, 100)},
       [](V x) { return bias_gelu(x[0], x[1], GeluApproximation::Tanh); }},
      {"large bias_gelu tanh without a bias, far tails",
       {leaf({4, 37, 65}, 101, 6.0)},
       [](V x) { return bias_gelu(x[0], Tensor(), GeluApproximation::Tanh); }},
      {"large bias_gelu without a bias", {grid}, [](V x) { return bias_gelu(x[0], Tensor()); }},
      {"large where masked_fill",
       {rows, gt(randn({300, 1}), 0.0), gt(randn({768}), 0.5)},
       [](V x) {
         return masked_fill(where(expand(x[1], {300, 768}), x[0], mul(x[0], 2.0)), x[2], 0.0);
       }},
      {"large tril", {leaf({3, 70, 70}, 56)}, [](V x) { return tril(x[0], -2); }},
      {"large cat",
       {rows, leaf({300, 100}, 57)},
       [](V x) {
         return cat({x[0], x[1]}, 1);
       }},
      {"large dropout",
       {leaf({1000, 100}, 58)},
       [](V x) {
         Generator gen(59);
         return dropout(x[0], 0.3, true, &gen);
       }},
      {"large topk 50257", {wide}, [](V x) { return topk(x[0], 50, 1).first; }},
      {"large topk indices 50257", {wide}, [](V x) { return topk(x[0], 50, 1).second; }},
      {"large sort strided", {grid}, [](V x) { return sort(x[0], 1).first; }},
      {"sort ties and NaN",
       {tensor({2, NAN, -0.0f, 1, 0, 2, -INFINITY, NAN, 1}, {9})},
       [](V x) {
         return stack({sort(x[0], 0).second, sort(x[0], 0, true).second});
       }},
      {"large integer sort",
       {randint(-3, 3, {5, 300})},
       [](V x) {
         return stack({sort(x[0], 1).second, sort(x[0], 1, true).second});
       }},
      {"large multinomial replacement",
       {rand({3, 1000})},
       [](V x) {
         Generator gen(60);
         return multinomial(x[0], 200, true, &gen);
       }},
      {"large multinomial",
       {rand({3, 1000})},
       [](V x) {
         Generator gen(61);
         return multinomial(x[0], 40, false, &gen);
       }},
  };
  return cases;
}

}  // namespace buildgpt::testing
