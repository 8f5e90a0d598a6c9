// Lesson 19: GPT-2's published weights. As the course: the model loaded, its modules, block 3's
// attention, the named parameters' shapes and the config; a summary of the layers on "Hello, how
// are you today?"; 100 tokens sampled at temperature 1. Ours: the file's Conv1D layout against
// ours, and what a loader that forgot the transpose of the one square Conv1D weight does to the
// loss on a sentence, token by token.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "lessons/common/trained_gpt2.h"
#include "nn/hf_gpt2.h"
#include "nn/safetensors.h"
#include "nn/skip_init.h"
#include "plot/plot.h"
#include "text/load_tokenizer.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

const char* const kPrompt = "Hello, how are you today?";
// The first sentences of H. G. Wells' The Time Machine (1895), for the loss.
const char* const kText =
    "The Time Traveller (for so it will be convenient to speak of him) was expounding a "
    "recondite matter to us. His grey eyes shone and twinkled, and his usually pale face was "
    "flushed and animated.";

// 124439808 -> "124,439,808"
std::string count(int64_t n) {
  const std::string digits = std::to_string(n);
  std::string s;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) s += ',';
    s += digits[i];
  }
  return s;
}

// Quick mode: a small GPT-2 of the lesson's own (GPT-2's vocabulary, random weights), written
// with save_hf_gpt2 and read back with load_hf_gpt2, as a downloaded folder would be.
TrainedGpt2 quick_model(const std::filesystem::path& out_dir) {
  const nn::GPTConfig config{
      .vocab_size = 50257, .context = 64, .width = 32, .heads = 2, .layers = 2};
  Generator gen(19);
  const nn::GPT random(config, &gen);
  TrainedGpt2 out;
  out.folder = out_dir / "quick_model";
  nn::save_hf_gpt2(random, out.folder);
  out.model = nn::load_hf_gpt2(out.folder);
  out.description = "a small GPT-2 with random weights (quick mode, no download), written to " +
                    out.folder.string() + " and read back";
  return out;
}

void print_config(const nn::GPTConfig& c) {
  std::printf("\nthe config (config.json's names):\n");
  std::printf("  vocab_size %lld, n_positions %lld, n_embd %lld, n_head %lld, n_layer %lld\n",
              static_cast<long long>(c.vocab_size), static_cast<long long>(c.context),
              static_cast<long long>(c.width), static_cast<long long>(c.heads),
              static_cast<long long>(c.layers));
  std::printf("  activation_function %s, layer_norm_epsilon %g, tie_word_embeddings %s\n",
              c.gelu == GeluApproximation::Tanh ? "gelu_new (the tanh GELU)" : "gelu (exact)",
              c.layer_norm_eps, c.tied_output ? "true" : "false");
}

// The module tree, as PyTorch prints a model: each leaf with its parameters' shapes; of a list of
// blocks, the first in full and a count of the rest.
void print_module(const nn::Module& m, const std::string& name, int depth) {
  const std::string indent(2 * depth, ' ');
  std::printf("%s(%s): %s", indent.c_str(), name.c_str(), m.type_name().c_str());
  if (m.children().empty()) {
    for (const auto& [p, t] : m.named_parameters()) {
      std::printf(" %s %s", p.c_str(), shape_str(t.shape()).c_str());
    }
    std::printf("\n");
    return;
  }
  std::printf("\n");
  const bool list = m.type_name() == "ModuleList" && m.children().size() > 1;
  for (const auto& [child_name, child] : m.children()) {
    print_module(*child, child_name, depth + 1);
    if (list) {
      std::printf("%s  (1-%zu): %zu more %s like (0)\n", indent.c_str(), m.children().size() - 1,
                  m.children().size() - 1, child->type_name().c_str());
      break;
    }
  }
}

void print_parameters(const nn::GPT& model) {
  std::printf("\nthe named parameters:\n");
  for (const auto& [name, p] : model.named_parameters()) {
    std::printf("  %-40s %s\n", name.c_str(), shape_str(p.shape()).c_str());
  }
  std::printf("  %s parameters; %s counting the tied output layer again\n",
              count(model.parameter_count()).c_str(), count(model.parameter_count(true)).c_str());
}

// The course's summary: each stage's output shape and parameters on one prompt.
void print_summary(nn::GPT& model, const Tensor& ids) {
  NoGradGuard no_grad;
  nn::GPTTransformer& body = *model.transformer;
  std::printf("\na summary on \"%s\" (%lld tokens):\n", kPrompt,
              static_cast<long long>(ids.size(1)));
  std::printf("  %-18s %-18s %14s\n", "layer", "output shape", "parameters");
  const auto row = [](const std::string& layer, const Tensor& out, const std::string& params) {
    std::printf("  %-18s %-18s %14s\n", layer.c_str(), shape_str(out.shape()).c_str(),
                params.c_str());
  };
  const Tensor tokens = (*body.wte)(ids);
  row("wte", tokens, count(body.wte->num_parameters()));
  const Tensor positions = (*body.wpe)(arange(0, static_cast<double>(ids.size(1))).to(kInt64));
  row("wpe", positions, count(body.wpe->num_parameters()));
  Tensor x = tokens + positions;
  for (size_t i = 0; i < body.blocks.size(); ++i) {
    x = (*body.blocks[i])(x);
    row("h." + std::to_string(i), x, count(body.blocks[i]->num_parameters()));
  }
  x = (*body.ln_f)(x);
  row("ln_f", x, count(body.ln_f->num_parameters()));
  row("lm_head", model.logits(x), model.config.tied_output ? "(wte's)" : "");
  std::printf("  %-37s %14s\n", "total", count(model.parameter_count()).c_str());
}

// Ours: block 0's Conv1D weights as the file stores them and as our Linear layers hold them.
void print_layouts(const nn::StateDict& file, const nn::GPT& model) {
  std::printf(
      "\nours: block 0's Conv1D weights in the file [in, out] and in our Linear layers "
      "[out, in]:\n");
  const nn::StateDict ours = model.state_dict();
  for (const char* layer : {"attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj"}) {
    const std::string suffix = "h.0." + std::string(layer) + ".weight";
    for (const auto& [name, t] : file) {
      if (!name.ends_with(suffix)) continue;
      for (const auto& [our, w] : ours) {
        if (our.ends_with(suffix)) {
          std::printf("  %-36s file %-13s ours %s\n", name.c_str(), shape_str(t.shape()).c_str(),
                      shape_str(w.shape()).c_str());
        }
      }
    }
  }
}

// The loss of predicting each token of `ids` [1, T] from those before it: [T - 1].
std::vector<double> per_token_loss(nn::GPT& model, const Tensor& ids) {
  NoGradGuard no_grad;
  const int64_t t = ids.size(1);
  const Tensor logits = model.forward(ids.narrow(1, 0, t - 1)).squeeze(0);
  const Tensor targets = ids.narrow(1, 1, t - 1).view({t - 1, 1});
  // -log p(token | those before it) = -log_softmax(logits)[token]
  const Tensor losses = -log_softmax(logits, -1).gather(1, targets).squeeze(1);
  const std::vector<float> v = losses.to_vector<float>();
  return {v.begin(), v.end()};
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

// Ours: attn.c_proj is square ([C, C] both ways), so a loader that forgot Conv1D's transpose
// would load it without complaint. The loss on the text with it loaded right and left as stored.
void untransposed_loss(nn::GPT& model, const Tensor& ids, const std::filesystem::path& png) {
  const std::vector<double> right = per_token_loss(model, ids);
  const auto transpose_c_proj = [&] {
    NoGradGuard no_grad;
    for (const auto& block : model.transformer->blocks) {
      Tensor& w = block->attn->c_proj->weight;
      w.copy_(w.transpose(0, 1));
    }
  };
  transpose_c_proj();  // as the file stores it
  const std::vector<double> wrong = per_token_loss(model, ids);
  transpose_c_proj();  // and back
  std::printf(
      "\nours: the loss on %lld tokens of The Time Machine (uniform guessing: ln %lld = "
      "%.2f)\n  loaded right %.2f; attn.c_proj left as the file stores it %.2f\n",
      static_cast<long long>(right.size()), static_cast<long long>(model.config.vocab_size),
      std::log(static_cast<double>(model.config.vocab_size)), mean(right), mean(wrong));
  plot::Plot p("Loss of each token of a sentence of The Time Machine (ours)",
               "token position in the sentence", "loss (nats)");
  p.line("attn.c_proj transposed, as loaded", right)
      .line("attn.c_proj as the file stores it, [in, out]", wrong)
      .hline(std::log(static_cast<double>(model.config.vocab_size)), "uniform guessing");
  p.save(png, plot::Size{1000, 520});
}

std::vector<int64_t> ids_of(const Tensor& t) { return t.flatten().to_vector<int64_t>(); }

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "19_openai_gpt2",
      "Lesson 19: GPT-2's published weights (or lesson 17's model): the modules, parameters and "
      "config, a layer summary, and 100 generated tokens.");
  std::printf("Lesson 19: OpenAI's GPT-2\n\n");
  TrainedGpt2 gpt;
  try {
    gpt = opt.quick ? quick_model(opt.out_dir) : load_trained_gpt2();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lesson19: %s\n", e.what());
    return 1;
  }
  nn::GPT& model = *gpt.model;
  std::printf("the model: %s\n", gpt.description.c_str());

  std::unique_ptr<Tokenizer> tok;
  try {
    tok = load_tokenizer("gpt2");
  } catch (const std::exception& e) {
    std::printf("(no GPT-2 tokenizer, so token ids are shown instead of text: %s)\n", e.what());
  }
  const bool text = tok && model.config.vocab_size == tok->vocab_size();
  const auto encode = [&](const std::string& s) {
    const std::vector<int64_t> ids =
        text ? tok->encode(s) : std::vector<int64_t>{15496, 11, 703, 389, 345, 1909, 30};
    return from_vector(ids, {1, static_cast<int64_t>(ids.size())});
  };
  const auto show = [&](const Tensor& ids) {
    if (text) return tok->decode(ids_of(ids));
    std::string s;
    for (int64_t id : ids_of(ids)) s += std::to_string(id) + " ";
    return s;
  };

  print_config(model.config);
  std::printf("\nthe modules:\n");
  print_module(model, "model", 0);
  // The course looks at block 3; the quick model has fewer.
  const size_t block = std::min<size_t>(3, model.transformer->blocks.size() - 1);
  std::printf("\nblock %zu's attention, h[%zu].attn:\n", block, block);
  print_module(*model.transformer->blocks[block]->attn, "attn", 1);
  print_parameters(model);
  const Tensor prompt = encode(kPrompt);
  print_summary(model, prompt);

  const nn::StateDict file = nn::load_safetensors(gpt.folder / "model.safetensors").tensors;
  print_layouts(file, model);
  const auto png = opt.out_dir / "per_token_loss.png";
  if (text) untransposed_loss(model, encode(kText), png);

  const int64_t n_new = opt.quick ? 20 : 100;
  nn::GenerateOptions sampling;  // temperature 1, every token allowed
  Generator gen(42);
  const Tensor out = model.generate(prompt, n_new, sampling, &gen);
  std::printf("\n%lld tokens sampled at temperature 1 after \"%s\":\n%s\n",
              static_cast<long long>(n_new), kPrompt, show(out).c_str());
  if (text) std::printf("\nwrote %s\n", png.c_str());

  show_exercise("our_name of names in both of Hugging Face's forms", [&] {
    for (const char* name :
         {"wte.weight", "h.0.attn.bias", "h.0.attn.c_attn.weight", "h.0.attn.masked_bias",
          "transformer.h.0.attn.c_attn.bias", "lm_head.weight"}) {
      const std::string ours = our_name(name);
      std::printf("   %-34s -> %s\n", name,
                  ours.empty() ? "(a mask buffer, skipped)" : ours.c_str());
    }
  });
  show_exercise("conv1d with block 0's c_attn weight as the file stores it", [&] {
    NoGradGuard no_grad;
    nn::Linear& c_attn = *model.transformer->blocks[0]->attn->c_attn;
    const Tensor x = randn({1, 3, model.config.width});
    const Tensor stored = c_attn.weight.transpose(0, 1);  // [in, out], as in the file
    std::printf("   largest difference from our Linear layer: %.2e\n",
                max(abs(conv1d(x, stored, c_attn.bias) - c_attn(x))).item());
  });
  show_exercise("the file loaded with our_name and to_our_layout", [&] {
    nn::StateDict state;
    for (const auto& [name, t] : file) {
      const std::string ours = our_name(name);
      if (!ours.empty()) state.emplace_back(ours, to_our_layout(ours, t));
    }
    if (model.config.tied_output)
      state.emplace_back("lm_head.weight", model.transformer->wte->weight);
    nn::SkipInitGuard skip;  // every weight is loaded next
    nn::GPT mine(model.config);
    mine.load_state_dict(state);
    NoGradGuard no_grad;
    std::printf("   largest logit difference from load_hf_gpt2's model: %.2e\n",
                max(abs(mine.forward(prompt) - model.forward(prompt))).item());
  });
  return 0;
}
