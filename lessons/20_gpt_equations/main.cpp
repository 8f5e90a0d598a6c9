// Lesson 20: GPT-2 as a handful of equations. Each equation is computed from the model's raw
// parameters with plain tensor ops (gpt_equations.h) and set beside the module that computes the
// same thing, on the modules' own inputs, block by block: a table of the largest differences.
// Then the whole model from the equations alone against its forward pass.
#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "exercises.h"
#include "gpt_equations.h"
#include "lessons/common/digit_groups.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "lessons/common/sentence.h"
#include "plot/plot.h"
#include "text/load_tokenizer.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

// One line of the table: an equation, the module it is compared with, and over every place it
// is used (every block), the largest module output and the largest difference.
struct Row {
  Row(std::string what, std::string equation, std::string module)
      : what(std::move(what)), equation(std::move(equation)), module(std::move(module)) {}

  std::string what, equation, module;
  double largest_value = 0, largest_difference = 0;
  std::vector<double> differences;  // of each comparison, in order (one per block for most rows)

  void compare(const Tensor& from_equation, const Tensor& from_module) {
    largest_value = std::max(largest_value, max(abs(from_module)).item());
    differences.push_back(max(abs(from_equation - from_module)).item());
    largest_difference = std::max(largest_difference, differences.back());
  }
};

void print_table(const std::vector<Row>& rows) {
  std::printf("%-3s %-26s %-46s %-34s %10s %11s\n", "", "what", "equation (from raw tensors)",
              "compared with", "largest", "largest");
  std::printf("%-3s %-26s %-46s %-34s %10s %11s\n", "", "", "", "", "|value|", "difference");
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    std::printf("%-3zu %-26s %-46s %-34s %10.3g %11.2e\n", i + 1, r.what.c_str(),
                r.equation.c_str(), r.module.c_str(), r.largest_value, r.largest_difference);
  }
}

// Runs the model through its modules, and at each step computes the equation for that step from
// the module's own input, so that each row measures one equation and nothing before it.
std::vector<Row> equations_against_modules(nn::GPT& model, const Tensor& ids,
                                           const Tensor& targets) {
  Row embed{"embeddings", "x0 = W_te[ids] + W_pe[0..T-1]", "wte(ids) + wpe(positions)"};
  Row norm{"layer norm", "g * (x - mean) / sqrt(var + eps) + b", "ln_1, ln_2 (every block), ln_f"};
  Row qkv{"queries, keys, values", "[Q K V] = LN1(x) W_attn^T + b_attn", "attn.c_attn"};
  Row heads{"each head's attention", "softmax(Q_h K_h^T / sqrt(d) + M) V_h",
            "fused scaled_dot_product_attention"};
  Row attn{"attention sublayer", "[A_1 V_1 ... A_H V_H] W_proj^T + b_proj", "attn"};
  Row gelu{"GELU (tanh form)", "u/2 (1 + tanh(sqrt(2/pi)(u + 0.044715u^3)))", "nn::GELU(tanh)"};
  Row mlp{"MLP", "GELU(h W_fc^T + b_fc) W_proj^T + b_proj", "mlp"};
  Row block{"block, two residual adds", "x' = x + attn(LN1 x); x' + MLP(LN2 x')", "Block"};
  Row out{"final norm, tied output", "logits = LN_f(x) W_te^T", "GPT forward: ln_f, lm_head"};
  Row probs{"next-token probabilities", "p = exp(z - max z) / sum exp(z - max z)", "softmax"};
  Row loss{"loss", "-mean log p[target]", "cross_entropy"};
  Row stream{"residual stream, chained", "x_l+1 = block_eq(x_l) from x0 = embedding_eq",
             "the blocks' outputs"};
  Row whole{"the whole model", "all of the above, chained, no module used", "GPT forward"};

  NoGradGuard no_grad;
  model.eval();
  const nn::GPTConfig& c = model.config;
  const nn::GPTTransformer& body = *model.transformer;
  const int64_t T = ids.size(1);
  Tensor x = (*body.wte)(ids) + (*body.wpe)(arange(0, static_cast<double>(T), 1, kInt64));
  Tensor x_eq = embedding_eq(ids, body.wte->weight, body.wpe->weight);  // equations only
  embed.compare(x_eq, x);
  for (const auto& b : body.blocks) {
    const BlockWeights w = weights_of(*b, c);
    const Tensor h1 = (*b->ln_1)(x);
    norm.compare(layer_norm_eq(x, w.ln1_gain, w.ln1_shift, w.eps), h1);
    const std::vector<Tensor> fused = chunk((*b->attn->c_attn)(h1), 3, -1);
    const HeadsQKV mine = qkv_eq(h1, w.attn_weight, w.attn_bias, w.heads);
    qkv.compare(cat({merge_heads_eq(mine.q), merge_heads_eq(mine.k), merge_heads_eq(mine.v)}, -1),
                cat(fused, -1));
    heads.compare(attention_weights_eq(mine.q, mine.k).matmul(mine.v),
                  scaled_dot_product_attention(mine.q, mine.k, mine.v, /*is_causal=*/true));
    const Tensor a = (*b->attn)(h1);
    attn.compare(attention_eq(h1, w), a);
    const Tensor x1 = x + a, h2 = (*b->ln_2)(x1);
    norm.compare(layer_norm_eq(x1, w.ln2_gain, w.ln2_shift, w.eps), h2);
    const Tensor u = (*b->mlp->c_fc)(h2);
    gelu.compare(gelu_tanh_eq(u), nn::GELU(c.gelu)(u));
    mlp.compare(mlp_eq(h2, w), (*b->mlp)(h2));
    const Tensor next = (*b)(x);
    block.compare(block_eq(x, w), next);
    x = next;
    x_eq = block_eq(x_eq, w);
    stream.compare(x_eq, x);
  }
  norm.compare(layer_norm_eq(x, body.ln_f->weight, body.ln_f->bias, c.layer_norm_eps),
               (*body.ln_f)(x));
  const Tensor logits = model.forward(ids);
  out.compare(logits_eq(x, body.ln_f->weight, body.ln_f->bias, c.layer_norm_eps, body.wte->weight),
              logits);
  probs.compare(softmax_eq(logits), softmax(logits, -1));
  loss.compare(loss_eq(logits, targets), cross_entropy(logits, targets));
  whole.compare(gpt_eq(model, ids), logits);
  return {embed, norm, qkv, heads, attn, gelu, mlp, block, stream, out, probs, loss, whole};
}

void print_shapes(const nn::GPT& model, const Tensor& ids) {
  const nn::GPTConfig& c = model.config;
  const int64_t T = ids.size(1), C = c.width, H = c.heads;
  const auto s = [](std::initializer_list<int64_t> dims) { return shape_str(Shape(dims)); };
  std::printf("the shapes on the way, B = 1, T = %lld, C = %lld, H = %lld, d = C/H = %lld:\n",
              static_cast<long long>(T), static_cast<long long>(C), static_cast<long long>(H),
              static_cast<long long>(C / H));
  std::printf("  ids %s -> x0 %s -> [Q K V] %s -> Q_h, K_h, V_h %s -> A_h %s\n", s({1, T}).c_str(),
              s({1, T, C}).c_str(), s({1, T, 3 * C}).c_str(), s({1, H, T, C / H}).c_str(),
              s({1, H, T, T}).c_str());
  std::printf("  -> heads merged %s -> MLP hidden %s -> block out %s -> logits %s\n\n",
              s({1, T, C}).c_str(), s({1, T, 4 * C}).c_str(), s({1, T, C}).c_str(),
              s({1, T, c.vocab_size}).c_str());
}

// Ours: the differences block by block, for the rows compared once in every block.
void save_differences(const std::vector<Row>& rows, int64_t layers, const std::string& model,
                      const std::filesystem::path& png) {
  std::vector<std::string> blocks;
  for (int64_t l = 0; l < layers; ++l) blocks.push_back("block " + std::to_string(l));
  std::vector<plot::BarSeries> series;
  for (const Row& r : rows) {
    if (static_cast<int64_t>(r.differences.size()) == layers)
      series.push_back({r.what, r.differences});
  }
  plot::Plot p(
      "Equations against modules, block by block (" + model + ", untrained); no bar: exactly 0",
      "block", "largest |equation - module| (log scale)");
  p.bars(blocks, series).log_y();
  p.save(png, plot::Size{1300, 620});
}

nn::GPTConfig lesson_config(bool quick) {
  nn::GPTConfig c = nn::GPTConfig::preset("gpt2");
  if (quick) {
    c.width = 64;
    c.heads = 4;
    c.layers = 2;
  }
  return c;
}

std::vector<float> row_of(const Tensor& t) { return t.contiguous().to_vector<float>(); }

// The learner's by-hand versions on single rows of the model's own numbers.
void show_exercises(nn::GPT& model, const Tensor& ids) {
  NoGradGuard no_grad;
  const nn::Block& b0 = *model.transformer->blocks[0];
  const int64_t T = ids.size(1);
  const Tensor x = (*model.transformer->wte)(ids) +
                   (*model.transformer->wpe)(arange(0, static_cast<double>(T), 1, kInt64));
  const Tensor h1 = (*b0.ln_1)(x);
  show_exercise("gelu_tanh at -2, -0.5, 0, 0.5, 2 against the library's gelu", [&] {
    const std::vector<float> u = {-2, -0.5, 0, 0.5, 2};
    const auto lib = gelu(from_vector(u), GeluApproximation::Tanh).to_vector<float>();
    for (size_t i = 0; i < u.size(); ++i) {
      std::printf("   u = %5.2f: yours %.7f, library %.7f\n", u[i], gelu_tanh(u[i]), lib[i]);
    }
  });
  show_exercise("layer_norm_row on the last token, against block 0's ln_1", [&] {
    const std::vector<float> mine =
        layer_norm_row(row_of(x.select(1, T - 1).select(0, 0)), row_of(b0.ln_1->weight),
                       row_of(b0.ln_1->bias), b0.ln_1->eps);
    std::printf("   largest difference: %.2e\n",
                max(abs(from_vector(mine) - h1.select(1, T - 1).select(0, 0))).item());
  });
  show_exercise(
      "attention_row for the last token in block 0's head 0, against the fused kernel", [&] {
        const BlockWeights w = weights_of(b0, model.config);
        const HeadsQKV qkv = qkv_eq(h1, w.attn_weight, w.attn_bias, w.heads);
        const Tensor q = qkv.q.select(0, 0).select(0, 0), k = qkv.k.select(0, 0).select(0, 0),
                     v = qkv.v.select(0, 0).select(0, 0);  // head 0: [T, d]
        std::vector<std::vector<float>> keys, values;
        for (int64_t j = 0; j < T; ++j) {
          keys.push_back(row_of(k.select(0, j)));
          values.push_back(row_of(v.select(0, j)));
        }
        const std::vector<float> mine = attention_row(row_of(q.select(0, T - 1)), keys, values);
        const Tensor fused =
            scaled_dot_product_attention(qkv.q, qkv.k, qkv.v, true).select(0, 0).select(0, 0);
        std::printf("   largest difference: %.2e\n",
                    max(abs(from_vector(mine) - fused.select(0, T - 1))).item());
      });
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "20_gpt_equations",
      "Lesson 20: GPT-2 as a handful of equations, each computed from the raw parameters and "
      "compared with the modules: a table of the largest differences.");
  std::printf("Lesson 20: the GPT equations\n\n");
  manual_seed(0);
  const nn::GPTConfig config = lesson_config(opt.quick);
  nn::GPT model(config);
  std::printf(
      "GPT-2 %s: vocabulary %lld, width %lld, %lld heads, %lld blocks, %s parameters, "
      "GPT-2's random initialisation (seed 0)\n",
      opt.quick ? "shape, quick (width 64, 4 heads, 2 blocks)" : "small",
      static_cast<long long>(config.vocab_size), static_cast<long long>(config.width),
      static_cast<long long>(config.heads), static_cast<long long>(config.layers),
      digit_groups(model.parameter_count()).c_str());

  const auto tok = load_tokenizer("gpt2");
  const Sentence sentence = sentence_example(*tok, "I prefer oat milk in my coffee.");
  std::printf("input: \"I prefer oat milk in my coffee.\" without its last token, %lld tokens\n\n",
              static_cast<long long>(sentence.inputs.size(1)));
  print_shapes(model, sentence.inputs);

  const std::vector<Row> rows = equations_against_modules(model, sentence.inputs, sentence.targets);
  print_table(rows);
  std::printf(
      "\n(rows 2 to 8 are the largest over every block; each equation starts from the module's "
      "own input, so a row measures that equation alone. Rows 9 and 13 chain the equations from "
      "the ids, so their small differences add up through the %lld blocks.)\n",
      static_cast<long long>(config.layers));

  const auto png = opt.out_dir / "differences.png";
  save_differences(rows, config.layers, opt.quick ? "quick: width 64, 2 blocks" : "GPT-2 small",
                   png);
  std::printf("wrote %s\n", png.c_str());

  show_exercises(model, sentence.inputs);
  return 0;
}
