#include "apps/model_folder.h"

#include "apps/hf_folder.h"
#include "apps/model_choice.h"
#include "apps/run_folder.h"
#include "io/json_document.h"
#include "io/read_file.h"
#include "nn/checkpoint.h"
#include "nn/checkpoint_files.h"
#include "text/char_tokenizer.h"
#include "text/gpt2_tokenizer.h"
#include "text/load_tokenizer.h"
#include "text/paths.h"

namespace buildgpt::cli {
namespace {

constexpr int64_t kDefaultKeep = 2;  // train's --keep

// GPT-2's tokenizer files in the data folder, with the names a Hugging Face folder gives them.
std::vector<std::pair<std::filesystem::path, std::string>> gpt2_data_files() {
  const std::filesystem::path gpt2 = data_dir() / "tokenizers" / "gpt2";
  return {{gpt2 / "encoder.json", "vocab.json"}, {gpt2 / "vocab.bpe", "merges.txt"}};
}

// A training run's model: its architecture from config.json, the newest checkpoint that loads.
LoadedModel load_run(const std::filesystem::path& dir) {
  const nlohmann::json config =
      parse_json_document(read_file(run_folder::config(dir)), run_folder::config(dir).string());
  const std::string where = run_folder::config(dir).string();
  LoadedModel loaded;
  loaded.format = "buildgpt";
  ModelChoice choice;
  int64_t keep = kDefaultKeep;
  std::string tokenizer = "gpt2";
  try {
    tokenizer = config.value("tokenizer", tokenizer);
    choice = {config.at("model").get<std::string>(), config.at("layers").get<int64_t>(),
              config.at("heads").get<int64_t>(),     config.at("width").get<int64_t>(),
              config.at("context").get<int64_t>(),   config.value("dropout", 0.0)};
    keep = config.value("keep", keep);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(where + ": not the config of a training run: " + e.what());
  }
  loaded.tokenizer = run_folder::tokenizer(dir, tokenizer);
  loaded.model = std::make_unique<nn::GPT>(model_config(choice, loaded.tokenizer->vocab_size()));
  std::string reasons;
  bool found = false;
  for (const std::filesystem::path& file :
       nn::checkpoint_files(run_folder::checkpoint(dir), std::max<int64_t>(keep, 1))) {
    if (!std::filesystem::exists(file)) continue;
    try {
      loaded.step = nn::load_checkpoint_weights(file, *loaded.model);
      found = true;
      break;
    } catch (const std::exception& e) {
      reasons += std::string("; ") + e.what();
    }
  }
  if (!found) throw std::runtime_error(dir.string() + ": no checkpoint loads" + reasons);
  if (tokenizer == "char") {
    loaded.tokenizer_files = {{run_folder::char_vocab(dir), "char_vocab.txt"}};
  } else if (tokenizer == "gpt2") {
    loaded.tokenizer_files = gpt2_data_files();
  }
  return loaded;
}

// A Hugging Face folder's tokenizer, recording the files it came from.
std::unique_ptr<Tokenizer> hf_tokenizer(const std::filesystem::path& dir, LoadedModel& loaded) {
  if (std::filesystem::exists(run_folder::char_vocab(dir))) {
    loaded.tokenizer_files = {{run_folder::char_vocab(dir), "char_vocab.txt"}};
    return std::make_unique<CharTokenizer>(CharTokenizer::load(run_folder::char_vocab(dir)));
  }
  for (const std::string& name : hf_folder::kTokenizerFiles) {
    if (std::filesystem::exists(dir / name)) loaded.tokenizer_files.emplace_back(dir / name, name);
  }
  if (std::filesystem::exists(dir / "tokenizer.json")) {
    return gpt2_tokenizer_from_hf_json(read_file(dir / "tokenizer.json"),
                                       (dir / "tokenizer.json").string());
  }
  if (std::filesystem::exists(dir / "vocab.json") && std::filesystem::exists(dir / "merges.txt")) {
    return gpt2_tokenizer(read_file(dir / "vocab.json"), read_file(dir / "merges.txt"),
                          (dir / "vocab.json").string(), (dir / "merges.txt").string());
  }
  loaded.tokenizer_files = gpt2_data_files();
  return load_tokenizer("gpt2");
}

}  // namespace

void add_model_folder_option(CLI::App& command, std::string& folder) {
  command
      .add_option("--model", folder,
                  "a training run's folder, or a Hugging Face GPT-2 folder (config.json and "
                  "model.safetensors)")
      ->required();
}

LoadedModel load_model(const std::filesystem::path& folder, Device device) {
  LoadedModel loaded;
  if (run_folder::holds_run(folder, kDefaultKeep)) {
    loaded = load_run(folder);
  } else if (hf_folder::holds_model(folder)) {
    loaded.format = "huggingface";
    loaded.model = hf_folder::load(folder);
    loaded.tokenizer = hf_tokenizer(folder, loaded);
  } else {
    const std::string what = !std::filesystem::exists(folder) ? "no such folder"
                             : !std::filesystem::is_directory(folder)
                                 ? "a file, not a model's folder"
                                 : "not a model's folder";
    throw std::runtime_error(folder.string() + ": " + what +
                             " (expected a buildgpt train --out folder: config.json and "
                             "checkpoint.safetensors; or a Hugging Face GPT-2 folder: "
                             "config.json and model.safetensors)");
  }
  const int64_t vocab = loaded.model->config.vocab_size;
  if (loaded.tokenizer->vocab_size() > vocab) {
    throw std::runtime_error(folder.string() + ": the model reads " + std::to_string(vocab) +
                             " tokens, the " + loaded.tokenizer->name() + " tokenizer makes " +
                             std::to_string(loaded.tokenizer->vocab_size()));
  }
  loaded.model->to(device);
  loaded.model->eval();
  return loaded;
}

}  // namespace buildgpt::cli
