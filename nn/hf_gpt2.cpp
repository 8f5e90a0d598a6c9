#include "nn/hf_gpt2.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "autograd/graph.h"
#include "io/atomic_file.h"
#include "io/excerpt.h"
#include "io/file_error.h"
#include "nn/hf_gpt2_config.h"
#include "nn/safetensors.h"
#include "nn/skip_init.h"

namespace buildgpt::nn {
namespace {

namespace fs = std::filesystem;

const char* const kConfigFile = "config.json";
const char* const kWeightsFile = "model.safetensors";
const std::string kPrefix = "transformer.";
const std::string kHead = "lm_head.weight", kTokenEmbedding = "transformer.wte.weight";

// The causal-mask buffers of older GPT-2 files: [transformer.]h.N.attn.bias and .masked_bias.
bool is_mask_buffer(std::string_view name) {
  if (name.starts_with(kPrefix)) name.remove_prefix(kPrefix.size());
  if (!name.starts_with("h.")) return false;
  name.remove_prefix(2);
  const size_t digits = name.find_first_not_of("0123456789");
  if (digits == 0 || digits == std::string_view::npos) return false;
  name.remove_prefix(digits);
  return name == ".attn.bias" || name == ".attn.masked_bias";
}

// Our name of a file's tensor: the published files omit the "transformer." before the body's.
std::string our_name(const std::string& name) {
  return name.starts_with(kPrefix) || name.starts_with("lm_head.") ? name : kPrefix + name;
}

// Hugging Face's GPT-2 makes these layers Conv1D, whose weight is stored [in, out].
bool is_conv1d_weight(const std::string& ours) {
  for (const char* layer :
       {".attn.c_attn.weight", ".attn.c_proj.weight", ".mlp.c_fc.weight", ".mlp.c_proj.weight"}) {
    if (ours.ends_with(layer)) return true;
  }
  return false;
}

bool same_values(const Tensor& a, const Tensor& b) {
  return a.shape() == b.shape() && std::memcmp(a.raw_data(), b.raw_data(), a.nbytes()) == 0;
}

std::string sizes_of(const GPTConfig& c) {
  return "vocab_size " + std::to_string(c.vocab_size) + ", n_positions " +
         std::to_string(c.context) + ", n_embd " + std::to_string(c.width) + ", n_head " +
         std::to_string(c.heads) + ", n_layer " + std::to_string(c.layers);
}

// The file's tensors as a state dict for `model` (Conv1D weights transposed, buffers skipped, a
// tied lm_head.weight taken from the token embedding); throws listing every tensor that does not
// fit.
StateDict state_from_file(StateDict file, const GPT& model, const fs::path& weights) {
  const StateDict expected = model.state_dict();
  std::map<std::string, Shape> shapes;
  for (const auto& [name, t] : expected) shapes[name] = t.shape();
  const bool tied = model.config.tied_output;
  const bool prefixed = std::any_of(
      file.begin(), file.end(), [](const auto& entry) { return entry.first.starts_with(kPrefix); });

  std::vector<std::string> problems;
  std::map<std::string, Tensor> found;           // by our name, in our orientation
  std::map<std::string, std::string> file_name;  // our name → the file's
  NoGradGuard no_grad;
  for (auto& [name, t] : file) {
    if (is_mask_buffer(name)) continue;
    const std::string ours = our_name(name), quoted = quoted_excerpt(name, 80);
    const auto shape = shapes.find(ours);
    if (shape == shapes.end()) {
      problems.push_back(quoted + ": not a tensor of GPT-2 with these sizes");
      continue;
    }
    if (const auto seen = file_name.find(ours); seen != file_name.end()) {
      problems.push_back(quoted + ": the same tensor as " + quoted_excerpt(seen->second, 80));
      continue;
    }
    file_name[ours] = name;
    if (t.dtype() != kFloat32) {
      problems.push_back(quoted + ": dtype " + dtype_name(t.dtype()) + " is not a float type");
      continue;
    }
    const bool conv1d = is_conv1d_weight(ours);
    Shape want = shape->second;
    if (conv1d) std::reverse(want.begin(), want.end());
    if (t.shape() != want) {
      problems.push_back(quoted + ": shape " + shape_str(t.shape()) + ", the config needs " +
                         shape_str(want) + (conv1d ? " (a Conv1D weight, [in, out])" : ""));
      continue;
    }
    found[ours] = conv1d ? t.transpose(0, 1) : t;
    t = Tensor();  // frees the file's copy of a transposed weight
  }
  if (tied && found.count(kHead) && found.count(kTokenEmbedding) &&
      !same_values(found[kHead], found[kTokenEmbedding])) {
    problems.push_back(
        "\"lm_head.weight\": differs from the token embedding, which config.json "
        "ties it to (tie_word_embeddings)");
  }
  for (const auto& [name, t] : expected) {
    if (file_name.count(name) || (tied && name == kHead)) continue;  // present, or not needed
    const bool body = name.starts_with(kPrefix);
    problems.push_back("\"" + (body && !prefixed ? name.substr(kPrefix.size()) : name) +
                       "\": missing");
  }
  if (!problems.empty()) {
    const bool one = problems.size() == 1;
    std::string message = "load_hf_gpt2: " + weights.string() + ": " +
                          std::to_string(problems.size()) +
                          (one ? " tensor does not" : " tensors do not") + " fit config.json (" +
                          sizes_of(model.config) + "):";
    for (const std::string& p : problems) message += "\n  " + p;
    throw std::runtime_error(message);
  }
  if (tied) found[kHead] = found[kTokenEmbedding];
  StateDict state;
  for (const auto& [name, t] : expected) state.emplace_back(name, found[name]);
  return state;
}

void require_files(const fs::path& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    throw std::runtime_error("load_hf_gpt2: " + folder.string() + ": no such folder");
  }
  std::string missing;
  for (const char* file : {kConfigFile, kWeightsFile}) {
    if (!fs::exists(folder / file, ec))
      missing += (missing.empty() ? "" : " and ") + std::string(file);
  }
  if (missing.empty()) return;
  std::string message = "load_hf_gpt2: " + folder.string() + ": " + missing +
                        " missing (a Hugging Face GPT-2 folder holds config.json and "
                        "model.safetensors)";
  if (fs::exists(folder / "pytorch_model.bin", ec)) {
    message += "; pytorch_model.bin is not read: save the model with safetensors";
  }
  throw std::runtime_error(message);
}

}  // namespace

std::unique_ptr<GPT> load_hf_gpt2(const fs::path& folder) {
  require_files(folder);
  const GPTConfig config = read_hf_gpt2_config(folder / kConfigFile);
  SafetensorsContents file = load_safetensors(folder / kWeightsFile);
  auto model = [&] {
    SkipInitGuard skip;  // every weight is about to be loaded
    return std::make_unique<GPT>(config);
  }();
  model->load_state_dict(state_from_file(std::move(file.tensors), *model, folder / kWeightsFile));
  model->eval();
  return model;
}

void save_hf_gpt2(const GPT& model, const fs::path& folder) {
  GPTConfig config = model.config;
  config.tied_output = model.lm_head->weight.same_storage(model.transformer->wte->weight);
  const nlohmann::ordered_json config_json = hf_gpt2_config_json(config);
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) {
    throw std::runtime_error("save_hf_gpt2: " + folder.string() +
                             ": cannot create the folder: " + ec.message());
  }
  StateDict tensors;
  {
    NoGradGuard no_grad;
    for (const auto& [name, t] : model.state_dict()) {
      if (config.tied_output && name == kHead) continue;
      tensors.emplace_back(name, is_conv1d_weight(name) ? t.detach().transpose(0, 1) : t.detach());
    }
  }
  save_safetensors(folder / kWeightsFile, tensors, {{"format", "pt"}});
  try {
    write_file_atomically(folder / kConfigFile,
                          [&](std::ostream& out) { out << config_json.dump(2) << '\n'; });
  } catch (const FileError& e) {
    throw std::runtime_error(std::string("save_hf_gpt2: ") + e.what());
  }
}

bool is_hf_gpt2_folder(const fs::path& folder) {
  std::error_code ec;
  return fs::is_regular_file(folder / kConfigFile, ec) &&
         fs::is_regular_file(folder / kWeightsFile, ec);
}

}  // namespace buildgpt::nn
