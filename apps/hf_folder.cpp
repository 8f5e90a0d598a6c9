#include "apps/hf_folder.h"

#include "nn/hf_gpt2.h"

namespace buildgpt::cli::hf_folder {

bool holds_model(const std::filesystem::path& folder) { return nn::is_hf_gpt2_folder(folder); }

std::unique_ptr<nn::GPT> load(const std::filesystem::path& folder) {
  return nn::load_hf_gpt2(folder);
}

void save(const nn::GPT& model, const std::filesystem::path& folder) {
  nn::save_hf_gpt2(model, folder);
}

}  // namespace buildgpt::cli::hf_folder
