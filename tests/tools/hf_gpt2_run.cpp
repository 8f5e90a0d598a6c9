// A GPT-2 folder run from the command line, for scripts/check_hf_interop.py to compare with
// Hugging Face transformers:
//   hf_gpt2_run init FOLDER VOCAB CONTEXT WIDTH HEADS LAYERS SEED
//       writes a GPT of those sizes with every parameter random (biases and layer norms too, so
//       a tensor read into the wrong place shows) with save_hf_gpt2
//   hf_gpt2_run run FOLDER N_NEW ID...
//       loads FOLDER with load_hf_gpt2 and prints {"logits": [T][V] of the prompt,
//       "generated": the prompt and N_NEW greedy tokens} as JSON
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "autograd/autograd.h"
#include "nn/hf_gpt2.h"

namespace buildgpt::nn {
namespace {

int64_t number(const char* text) { return std::stoll(text); }

int init(char** argv) {
  GPTConfig config{.vocab_size = number(argv[1]),
                   .context = number(argv[2]),
                   .width = number(argv[3]),
                   .heads = number(argv[4]),
                   .layers = number(argv[5])};
  Generator gen(static_cast<uint64_t>(number(argv[6])));
  GPT model(config, &gen);
  NoGradGuard no_grad;
  for (auto& [name, p] : model.named_parameters()) {
    const bool norm_scale =
        name.find(".ln_") != std::string::npos || name.find("ln_f.") != std::string::npos;
    const Tensor noise = mul(randn(p.shape(), &gen), 0.1);
    p.copy_(norm_scale && name.ends_with(".weight") ? add(noise, 1.0) : noise);
  }
  save_hf_gpt2(model, argv[0]);
  return 0;
}

int run(int argc, char** argv) {
  const std::unique_ptr<GPT> model = load_hf_gpt2(argv[0]);
  const int64_t n_new = number(argv[1]);
  std::vector<int64_t> prompt;
  for (int i = 2; i < argc; ++i) prompt.push_back(number(argv[i]));
  const Tensor ids = from_vector(prompt, {1, static_cast<int64_t>(prompt.size())});
  const Tensor logits = model->forward(ids).squeeze(0);
  GenerateOptions options;
  options.sampling.temperature = 0;  // greedy
  const Tensor generated = model->generate(ids, n_new, options);
  nlohmann::json out;
  const int64_t vocab = model->config.vocab_size;
  const std::vector<float> values = logits.to_vector<float>();
  for (size_t row = 0; row < prompt.size(); ++row) {
    out["logits"].push_back(
        std::vector<float>(values.begin() + row * vocab, values.begin() + (row + 1) * vocab));
  }
  out["generated"] = generated.to_vector<int64_t>();
  std::cout << out.dump() << '\n';
  return std::cout ? 0 : 1;
}

}  // namespace
}  // namespace buildgpt::nn

int main(int argc, char** argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  try {
    if (command == "init" && argc == 9) return buildgpt::nn::init(argv + 2);
    if (command == "run" && argc >= 5) return buildgpt::nn::run(argc - 2, argv + 2);
  } catch (const std::exception& e) {
    std::cerr << "hf_gpt2_run: " << e.what() << '\n';
    return 1;
  }
  std::cerr << "usage: hf_gpt2_run init FOLDER VOCAB CONTEXT WIDTH HEADS LAYERS SEED\n"
               "       hf_gpt2_run run FOLDER N_NEW ID...\n";
  return 2;
}
