// Lesson 17: Model 5 is GPT-2 small, built from nn::GPT with the course's sizes. As the course:
// the model, its 124,439,808 parameters (163,037,184 with the tied output counted twice) and a
// forward pass [8, 1024] -> [8, 1024, 50257]. Ours: the parameters module by module, the shape of
// the data at every stage, training with a validation split and the loss curves (a small
// configuration on the CPU, the full one on a GPU when there is one), and the trained model
// saved in Hugging Face's layout for the lessons that study trained weights.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "autograd/backend.h"
#include "exercises.h"
#include "lessons/common/course_windows.h"
#include "lessons/common/digit_groups.h"
#include "lessons/common/exercise.h"
#include "lessons/common/generation.h"
#include "lessons/common/lesson_options.h"
#include "lessons/common/train_lm.h"
#include "module_parameters.h"
#include "nn/hf_gpt2.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

const char* kPrompt = "When I grow up, I want to be a";

void print_config(const nn::GPTConfig& c, const char* what) {
  std::printf(
      "%s: vocabulary %lld, context %lld, width %lld, %lld heads of %lld, %lld blocks, MLP %lld, "
      "%s GELU, layer-norm eps %g, output tied to the token embedding\n",
      what, static_cast<long long>(c.vocab_size), static_cast<long long>(c.context),
      static_cast<long long>(c.width), static_cast<long long>(c.heads),
      static_cast<long long>(c.head_width()), static_cast<long long>(c.layers),
      static_cast<long long>(4 * c.width),
      c.gelu == GeluApproximation::None ? "exact" : "tanh-approximated", c.layer_norm_eps);
}

std::string shapes_of(const ModuleParameters& m) {
  std::string out;
  for (const Shape& s : m.shapes) {
    if (!out.empty()) out += ' ';
    out += shape_str(s);
  }
  return out;
}

// The parameters module by module: the embeddings, block 0's six modules, the other blocks in
// one line, the final layer norm, and the output layer that is the token embedding.
void print_parameters(const nn::GPT& model) {
  std::printf("  %-30s %-22s %13s\n", "module", "shapes", "parameters");
  int64_t block_size = 0;
  for (const ModuleParameters& m : parameters_by_module(model)) {
    if (m.module.starts_with("transformer.h.0.")) block_size += m.count;
    if (m.module.starts_with("transformer.h.") && !m.module.starts_with("transformer.h.0.")) {
      continue;
    }
    std::printf("  %-30s %-22s %13s\n", m.module.c_str(), shapes_of(m).c_str(),
                digit_groups(m.count).c_str());
    if (m.module == "transformer.h.0.mlp.c_proj" && model.config.layers > 1) {
      std::printf("  %-30s %-22s %13s\n",
                  ("transformer.h.1 ... h." + std::to_string(model.config.layers - 1)).c_str(),
                  "each as h.0, in all",
                  digit_groups((model.config.layers - 1) * block_size).c_str());
    }
  }
  const bool tied = model.lm_head->weight.same_storage(model.transformer->wte->weight);
  std::printf("  %-30s %-22s %13s\n", "lm_head",
              tied ? "is transformer.wte" : shape_str(model.lm_head->weight.shape()).c_str(),
              tied ? "0" : digit_groups(model.lm_head->weight.numel()).c_str());
  std::printf("  %-53s %13s\n", "total", digit_groups(model.parameter_count()).c_str());
  std::printf("  %-53s %13s\n", "counting lm_head as a matrix of its own",
              digit_groups(model.parameter_count(true)).c_str());
}

// The forward pass stage by stage, printing the shape of the data: block 0 in full, the other
// blocks whole. Returns the logits.
Tensor shape_walk(nn::GPT& model, const Tensor& ids) {
  NoGradGuard no_grad;
  const int64_t B = ids.size(0), T = ids.size(1), C = model.config.width, H = model.config.heads,
                d = model.config.head_width();
  const auto show = [](const char* stage, const Tensor& t, const char* note = "") {
    const std::string shape = shape_str(t.shape());
    if (*note) {
      std::printf("  %-44s %-18s %s\n", stage, shape.c_str(), note);
    } else {
      std::printf("  %-44s %s\n", stage, shape.c_str());
    }
  };
  show("token ids", ids);
  const Tensor tokens = (*model.transformer->wte)(ids);
  const Tensor positions =
      (*model.transformer->wpe)(arange(0.0, static_cast<double>(T), 1, kInt64, ids.device()));
  show("wte: token embeddings", tokens);
  show("wpe: position embeddings", positions, "added to every sequence");
  Tensor x = tokens + positions;
  const nn::Block& block = *model.transformer->blocks[0];
  const Tensor h = (*block.ln_1)(x);
  show("block 0, ln_1", h);
  const Tensor qkv = (*block.attn->c_attn)(h);
  show("  attn.c_attn: q, k, v side by side", qkv, "one matrix [3C, C] makes all three");
  const auto heads = [&](int64_t i) {
    return qkv.narrow(2, i * C, C).view({B, T, H, d}).transpose(1, 2);
  };
  const Tensor q = qkv.narrow(2, 0, C);
  show("  q (k and v the same)", q);
  show("  q in heads: view, transpose(1, 2)", heads(0), "[B, heads, T, head width]");
  const Tensor y = scaled_dot_product_attention(heads(0), heads(1), heads(2), true);
  show("  causal attention in each head", y);
  const Tensor merged = y.transpose(1, 2).reshape({B, T, C});
  show("  heads merged: transpose, reshape", merged);
  x = x + (*block.attn->c_proj)(merged);
  show("  attn.c_proj, added to the stream", x);
  const Tensor up = (*block.mlp->c_fc)((*block.ln_2)(x));
  show("  ln_2, mlp.c_fc", up, "4C wide");
  const Tensor act = gelu(up, model.config.gelu);
  show("  GELU", act);
  x = x + (*block.mlp->c_proj)(act);
  show("  mlp.c_proj, added to the stream", x);
  for (int64_t i = 1; i < model.config.layers; ++i) x = (*model.transformer->blocks[i])(x);
  show(("blocks 1 to " + std::to_string(model.config.layers - 1)).c_str(), x);
  x = (*model.transformer->ln_f)(x);
  show("ln_f", x);
  const Tensor logits = model.logits(x);
  const auto size = static_cast<double>(logits.nbytes());
  char bytes[64];
  std::snprintf(bytes, sizeof bytes, size < 1e9 ? "%.0f MB of float32" : "%.2f GB of float32",
                size < 1e9 ? size / 1e6 : size / 1e9);
  show("lm_head: logits (x times wte transposed)", logits, bytes);
  return logits;
}

// What trains in full mode: GPT-2 itself on a GPU when there is one, else a small GPT of
// the same design that one quiet CPU core trains in under ten minutes; in quick mode a tiny one.
struct TrainingPlan {
  nn::GPTConfig config;
  LmTraining training;
  Device device;
  std::string what;
};

TrainingPlan training_plan(bool quick) {
  TrainingPlan plan{nn::GPTConfig::preset("model5"), lm_training(quick, 1e-3), Device::cpu(), ""};
  if (!quick && backend_available(DeviceType::CUDA)) {
    plan.device = Device::cuda();
    plan.training.steps = 2000;
    plan.training.batch_size = 8;  // the course's
    plan.training.eval_every = 100;
    plan.training.lr = 6e-4;  // GPT-2 small's learning rate
    plan.what = "Model 5 itself, on the GPU";
    return plan;
  }
  plan.config.context = quick ? 32 : 128;
  plan.config.width = quick ? 32 : 128;
  plan.config.heads = quick ? 2 : 4;
  plan.config.layers = quick ? 2 : 12;
  if (!quick) {
    plan.training.steps = 400;
    plan.training.batch_size = 8;
  }
  plan.what = quick ? "a tiny Model 5 (--quick)" : "a small Model 5 on the CPU";
  return plan;
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "17_model5_gpt2",
      "Lesson 17: Model 5, GPT-2 small: its 124,439,808 parameters module by module, the shape "
      "of the data through a forward pass, then training with a validation split (a small "
      "configuration on the CPU) and the saved model.");
  std::printf("Lesson 17: Model 5, GPT-2 small\n\n");
  const nn::GPTConfig gpt2 = nn::GPTConfig::preset("model5");
  print_config(gpt2, "the course's Model 5");
  std::printf(
      "parameters by formula: %s, or %s counting the tied output twice (%s more: the "
      "embedding)\n\n",
      digit_groups(gpt2.parameter_count()).c_str(),
      digit_groups(gpt2.parameter_count(true)).c_str(),
      digit_groups(gpt2.parameter_count(true) - gpt2.parameter_count()).c_str());

  // The full run builds GPT-2 small itself (500 MB of float32); --quick a narrow one.
  nn::GPTConfig shown = gpt2;
  if (opt.quick) {
    shown.context = 64;
    shown.width = 48;
    shown.heads = 4;
  }
  manual_seed(0);
  const bool gpu = !opt.quick && backend_available(DeviceType::CUDA);
  const Device device = gpu ? Device::cuda() : Device::cpu();
  {
    nn::GPT model(shown);
    if (opt.quick) print_config(shown, "--quick builds a narrow one instead");
    std::printf("its parameters, module by module:\n");
    print_parameters(model);

    // The course's batch of 8 sequences of 1024 tokens on a GPU; one sequence on the CPU (the
    // logits of eight would take 1.65 GB).
    model.to(device);
    const int64_t batch = device.is_cuda() ? 8 : 1, T = opt.quick ? 16 : shown.context;
    const Tensor ids = randint(0, shown.vocab_size, {batch, T}).to(device);
    std::printf("\nthe forward pass of %lld random %s of %lld tokens on the %s:\n",
                static_cast<long long>(batch), batch == 1 ? "sequence" : "sequences",
                static_cast<long long>(T), device.is_cuda() ? "GPU" : "CPU");
    const Tensor walked = shape_walk(model, ids);
    NoGradGuard no_grad;
    model.eval();
    std::printf("the walk's logits against the model's forward: largest difference %.2e\n",
                max(abs(walked - model(ids))).item());
    std::printf(
        "with the course's batch of 8 sequences of 1024 tokens the logits are [8, 1024, "
        "%lld]: %.2f GB\n",
        static_cast<long long>(gpt2.vocab_size), 8.0 * 1024 * gpt2.vocab_size * 4 / 1e9);
    std::printf(
        "untrained, its loss on the sequence: %.3f nats, near the uniform guess log V = %.3f\n",
        cross_entropy(walked.narrow(1, 0, T - 1), ids.narrow(1, 1, T - 1)).item(),
        std::log(static_cast<double>(shown.vocab_size)));
  }

  // Ours: training, with a validation split.
  const TrainingPlan plan = training_plan(opt.quick);
  std::printf("\n");
  if (!opt.quick && plan.device.is_cpu()) {
    std::printf(
        "Model 5 itself needs a GPU to train in reasonable time, and none is available (this "
        "build has no CUDA backend, or it found no device): training %s instead.\n",
        plan.what.c_str());
  }
  const CourseWindows windows("gpt2", plan.config.context, opt.quick);
  print_config(plan.config, plan.what.c_str());
  manual_seed(0);
  nn::GPT model(plan.config);
  model.to(plan.device);
  std::printf("%s parameters\n", digit_groups(model.parameter_count()).c_str());
  const auto loss_png = opt.out_dir / "loss.png";
  const std::vector<Batch> val =
      validation_batches(windows.data(), validation_count(opt.quick), plan.training.batch_size);
  train_runs({{plan.what, &model, opt.out_dir / "train_log.csv"}}, windows.data(), val,
             plan.training, [&](const std::vector<NamedHistory>& runs) {
               save_lm_loss_figure(runs, plan.config.vocab_size,
                                   "Model 5's loss while training: " + plan.what + " (ours)",
                                   loss_png);
             });

  model.to(Device::cpu());
  const auto folder = opt.out_dir / "model";
  nn::save_hf_gpt2(model, folder);
  std::printf("\nsaved the trained model to %s (config.json + model.safetensors)\n",
              folder.c_str());
  Generator gen(42);
  const Tokenizer& tok = windows.tokenizer();
  std::printf("\ntrained, 30 new tokens at temperature 1, three times:\n");
  for (int i = 0; i < 3; ++i) {
    std::printf("  %s\n", continue_text(model, tok, tok.encode(kPrompt), 30, 1.0, gen).c_str());
  }
  std::printf("\nwrote %s\n", loss_png.c_str());

  show_exercise("model5_parameter_counts for the course's sizes", [&] {
    const Model5Counts n =
        model5_parameter_counts(gpt2.vocab_size, gpt2.context, gpt2.width, gpt2.layers);
    std::printf("   a block %s, total %s, counting the output twice %s\n",
                digit_groups(n.block()).c_str(), digit_groups(n.total()).c_str(),
                digit_groups(n.total(true)).c_str());
  });
  show_exercise("fused_qkv_attention against block 0's attention", [&] {
    NoGradGuard no_grad;
    const nn::CausalSelfAttention& attn = *model.transformer->blocks[0]->attn;
    const Tensor x = randn({2, 8, plan.config.width});
    const Tensor mine = fused_qkv_attention(x, attn.c_attn->weight, attn.c_attn->bias,
                                            attn.c_proj->weight, attn.c_proj->bias, attn.heads);
    std::printf("   largest difference: %.2e\n",
                max(abs(mine - model.transformer->blocks[0]->attn->forward(x))).item());
  });
  show_exercise("initial_std of a fresh model's parameters, against their measured spread", [&] {
    nn::GPT fresh(plan.config);
    for (const auto& [name, p] : fresh.named_parameters()) {
      if (!name.starts_with("transformer.h.") || name.starts_with("transformer.h.0.")) {
        std::printf("   %-36s %.5f (measured %.5f)\n", name.c_str(),
                    initial_std(name, plan.config.layers), p.std({}, false, 0).item());
      }
    }
  });
  return 0;
}
