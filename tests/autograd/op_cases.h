// Every op of the autograd layer as a case that can run on any device: inputs made on the CPU
// and a function of them. The device tests run each case on the CPU and on a second device and
// compare the outputs and the gradients.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "autograd/autograd.h"

namespace buildgpt::testing {

struct OpCase {
  std::string name;
  std::vector<Tensor> inputs;  // on the CPU; float32 ones are leaves that require grad
  std::function<Tensor(const std::vector<Tensor>&)> fn;
};

inline Tensor leaf(const Shape& shape, uint64_t seed, double scale = 1.0, double shift = 0.0) {
  Generator gen(seed);
  Tensor t = add(mul(randn(shape, &gen), scale), shift).detach();
  t.requires_grad_(true);
  return t;
}

inline std::vector<OpCase> op_cases() {
  using V = const std::vector<Tensor>&;
  const Tensor a = leaf({2, 3, 4}, 1), b = leaf({3, 1}, 2), pos = leaf({2, 3, 4}, 3, 0.3, 2.0);
  const Tensor m = leaf({4, 5}, 4), batch = leaf({2, 5, 3}, 5);
  const Tensor ids = int_tensor({1, 0, 3, 3, 2, 0}, {2, 3});
  const Tensor targets = int_tensor({1, 0, -100, 3, 2, 0}, {2, 3});
  const Tensor mask = gt(randn({3, 4}), 0.0);
  const Tensor weights = tensor({1, 2, 5, 0, 3, 1, 1, 1}, {2, 4});
  std::vector<OpCase> cases = {
      {"add broadcast", {a, b}, [](V x) { return add(x[0], unsqueeze(x[1], 0)); }},
      {"sub", {a, a}, [](V x) { return sub(x[0], mul(x[1], 0.5)); }},
      {"mul broadcast", {a, b}, [](V x) { return mul(x[0], unsqueeze(x[1], 0)); }},
      {"div", {a, pos}, [](V x) { return div(x[0], x[1]); }},
      {"scalar ops", {a}, [](V x) { return rdiv(2.0, add(rsub(3.0, x[0]), 5.0)); }},
      {"neg", {a}, [](V x) { return neg(x[0]); }},
      {"integer add", {ids, ids}, [](V x) { return add(x[0], mul(x[1], 2.0)); }},
      {"pow", {pos}, [](V x) { return pow(x[0], 1.7); }},
      {"exp", {a}, [](V x) { return exp(x[0]); }},
      {"log", {pos}, [](V x) { return log(x[0]); }},
      {"sqrt", {pos}, [](V x) { return sqrt(x[0]); }},
      {"tanh", {a}, [](V x) { return tanh(x[0]); }},
      {"sigmoid", {a}, [](V x) { return sigmoid(x[0]); }},
      {"relu", {a}, [](V x) { return relu(x[0]); }},
      {"gelu", {a}, [](V x) { return gelu(x[0]); }},
      {"gelu tanh", {a}, [](V x) { return gelu(x[0], GeluApproximation::Tanh); }},
      {"bias_gelu", {a, leaf({4}, 23)}, [](V x) { return bias_gelu(x[0], x[1]); }},
      {"bias_gelu tanh",
       {a, leaf({4}, 24)},
       [](V x) { return bias_gelu(x[0], x[1], GeluApproximation::Tanh); }},
      {"abs", {a}, [](V x) { return abs(x[0]); }},
      {"clamp", {a}, [](V x) { return clamp(x[0], -0.5, 0.7); }},
      {"compare", {a, b}, [](V x) { return lt(x[0], unsqueeze(x[1], 0)); }},
      {"compare scalar", {a}, [](V x) { return ge(x[0], 0.1); }},
      {"logical_not", {mask}, [](V x) { return logical_not(x[0]); }},
      {"where", {mask, a, b}, [](V x) { return where(x[0], x[1], x[2]); }},
      {"masked_fill", {a, mask}, [](V x) { return masked_fill(x[0], x[1], -1e9); }},
      {"sum dims",
       {a},
       [](V x) {
         return sum(x[0], {0, 2});
       }},
      {"mean", {a}, [](V x) { return mean(x[0], {1}, true); }},
      {"max dim", {a}, [](V x) { return max(x[0], 1); }},
      {"amax",
       {a},
       [](V x) {
         return amax(x[0], {0, 2});
       }},
      {"argmin", {a}, [](V x) { return argmin(x[0], -1); }},
      {"var", {a}, [](V x) { return var(x[0], {2}); }},
      {"std", {a}, [](V x) { return std(x[0], {1}, true, 0); }},
      {"cumsum", {a}, [](V x) { return cumsum(x[0], 1); }},
      {"matmul", {a, m}, [](V x) { return matmul(x[0], x[1]); }},
      {"matmul batched", {batch, m}, [](V x) { return matmul(x[1], x[0]); }},
      {"linear", {a, leaf({5, 4}, 6), leaf({5}, 7)}, [](V x) { return linear(x[0], x[1], x[2]); }},
      {"transpose", {a}, [](V x) { return transpose(x[0], 0, 2); }},
      {"permute",
       {a},
       [](V x) {
         return permute(x[0], {1, 2, 0});
       }},
      {"views",
       {a},
       [](V x) {
         return unsqueeze(flatten(view(x[0], {6, 4}), 0), 1);
       }},
      {"expand",
       {b},
       [](V x) {
         return expand(x[0], {2, 3, 5});
       }},
      {"slice", {a}, [](V x) { return slice(x[0], 2, 0, 4, 3); }},
      {"select", {a}, [](V x) { return select(x[0], 1, -1); }},
      {"index_select", {a, int_tensor({2, 0, 2})}, [](V x) { return index_select(x[0], 1, x[1]); }},
      {"gather",
       {a, int_tensor({0, 1, 1, 0, 2, 2}, {2, 3, 1})},
       [](V x) { return gather(x[0], 2, x[1]); }},
      {"cat",
       {a, pos},
       [](V x) {
         return cat({x[0], x[1]}, 1);
       }},
      {"stack",
       {a, pos},
       [](V x) {
         return stack({x[0], x[1]}, 3);
       }},
      {"chunk", {a}, [](V x) { return chunk(x[0], 2, 2)[1]; }},
      {"tril", {a}, [](V x) { return tril(x[0], 1); }},
      {"triu", {a}, [](V x) { return triu(x[0]); }},
      {"one_hot", {ids}, [](V x) { return one_hot(x[0], 5); }},
      {"softmax", {a}, [](V x) { return softmax(x[0], 1); }},
      {"log_softmax", {a}, [](V x) { return log_softmax(x[0], -1); }},
      {"cross_entropy", {a, targets}, [](V x) { return cross_entropy(x[0], x[1]); }},
      {"nll_loss", {a, targets}, [](V x) { return nll_loss(log_softmax(x[0], -1), x[1]); }},
      {"layer_norm",
       {a, leaf({4}, 8), leaf({4}, 9)},
       [](V x) { return layer_norm(x[0], {4}, x[1], x[2]); }},
      {"embedding", {ids, m}, [](V x) { return embedding(x[0], x[1]); }},
      {"rms_norm", {a, leaf({4}, 10)}, [](V x) { return rms_norm(x[0], {4}, x[1]); }},
      {"dropout",
       {a},
       [](V x) {
         Generator gen(11);
         return dropout(x[0], 0.4, true, &gen);
       }},
      {"attention causal",
       {leaf({2, 3, 5, 4}, 12), leaf({2, 3, 5, 4}, 13), leaf({2, 3, 5, 6}, 14)},
       [](V x) { return scaled_dot_product_attention(x[0], x[1], x[2], true); }},
      {"attention lower-right, mask, key_count",
       {leaf({2, 3, 140, 4}, 16), leaf({2, 3, 150, 4}, 17), leaf({2, 3, 150, 6}, 18),
        leaf({2, 1, 140, 145}, 19)},
       [](V x) {
         AttentionOptions o;
         o.causal = CausalMask::LowerRight;
         o.mask = x[3].detach();
         o.key_count = 145;
         return scaled_dot_product_attention(x[0], x[1], x[2], o);
       }},
      {"attention boolean mask",
       {leaf({3, 5, 4}, 20), leaf({3, 7, 4}, 21), leaf({3, 7, 4}, 22), gt(randn({5, 7}), -1.0)},
       [](V x) {
         AttentionOptions o;
         o.mask = x[3];
         return scaled_dot_product_attention(x[0], x[1], x[2], o);
       }},
      {"multi_head_attention",
       {leaf({2, 70, 18}, 25)},
       [](V x) { return multi_head_attention(x[0], 3, true); }},
      {"multinomial",
       {weights},
       [](V x) {
         Generator gen(15);
         return multinomial(x[0], 3, false, &gen);
       }},
      {"topk", {a}, [](V x) { return topk(x[0], 2, 1).first; }},
      {"sort indices", {a}, [](V x) { return sort(x[0], -1, true).second; }},
      {"write_slice_",
       {a, pos},
       [](V x) {
         NoGradGuard no_grad;
         Tensor out = x[0].clone();
         out.write_slice_(1, 1, narrow(x[1], 1, 0, 2));
         return out;
       }},
      {"clone and cast", {a}, [](V x) { return x[0].clone().to(kInt32).to(kFloat32); }},
  };
  return cases;
}

}  // namespace buildgpt::testing
