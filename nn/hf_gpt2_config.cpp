#include "nn/hf_gpt2_config.h"

#include <stdexcept>
#include <string>
#include <vector>

#include "io/file_error.h"
#include "io/json_document.h"
#include "io/read_file.h"
#include "nn/hf_gpt2.h"

namespace buildgpt::nn {
namespace {

// A config.json is a page of keys; a larger file is not one.
constexpr uint64_t kMaxConfigBytes = 1 << 20;
// GPT-2's tokenizer: 50257 tokens, the last one "<|endoftext|>".
constexpr int64_t kGpt2Vocab = 50257;

// Reads the keys of one config.json object, collecting every problem instead of stopping at the
// first.
class ConfigReader {
 public:
  explicit ConfigReader(const nlohmann::json& json) : json_(json) {}

  const nlohmann::json* find(const char* key) const {
    const auto it = json_.find(key);
    return it == json_.end() ? nullptr : &*it;
  }
  void problem(std::string what) { problems_.push_back(std::move(what)); }
  const std::vector<std::string>& problems() const { return problems_; }

  // A positive integer under the first of `keys` present; a problem naming keys[0] otherwise.
  int64_t size(std::initializer_list<const char*> keys) {
    for (const char* key : keys) {
      if (const nlohmann::json* v = find(key)) {
        if (v->is_number_integer() && v->get<int64_t>() > 0) return v->get<int64_t>();
        problem(std::string(key) + " " + json_excerpt(*v) + " is not a positive integer");
        return 0;
      }
    }
    problem(std::string(*keys.begin()) + " is missing");
    return 0;
  }
  // A number under `key`, `fallback` when absent.
  double number(const char* key, double fallback) {
    const nlohmann::json* v = find(key);
    if (!v) return fallback;
    if (v->is_number()) return v->get<double>();
    problem(std::string(key) + " " + json_excerpt(*v) + " is not a number");
    return fallback;
  }
  // `key` must be absent or `expected`: the switches of GPT2Config this GPT has one setting of.
  void require_bool(const char* key, bool expected) {
    const nlohmann::json* v = find(key);
    if (v && *v != expected) {
      problem(std::string(key) + " " + json_excerpt(*v) + " is not supported (only " +
              (expected ? "true" : "false") + ")");
    }
  }

 private:
  const nlohmann::json& json_;
  std::vector<std::string> problems_;
};

GeluApproximation activation(ConfigReader& keys) {
  const nlohmann::json* v = keys.find("activation_function");
  if (!v || *v == "gelu_new" || *v == "gelu_pytorch_tanh") return GeluApproximation::Tanh;
  if (*v == "gelu") return GeluApproximation::None;
  keys.problem("activation_function " + json_excerpt(*v) +
               " is not supported (gelu_new, gelu_pytorch_tanh or gelu)");
  return GeluApproximation::Tanh;
}

GPTConfig config_from(ConfigReader& keys) {
  const nlohmann::json* type = keys.find("model_type");
  if (!type || *type != "gpt2") {
    keys.problem(type ? "model_type " + json_excerpt(*type) + " is not \"gpt2\""
                      : "model_type is missing (GPT-2's is \"gpt2\")");
  }
  GPTConfig c;
  c.vocab_size = keys.size({"vocab_size"});
  c.context = keys.size({"n_positions", "n_ctx"});
  c.width = keys.size({"n_embd"});
  c.heads = keys.size({"n_head"});
  c.layers = keys.size({"n_layer"});
  c.layer_norm_eps = keys.number("layer_norm_epsilon", 1e-5);
  c.dropout = keys.number("resid_pdrop", 0.0);
  c.gelu = activation(keys);
  const nlohmann::json* inner = keys.find("n_inner");
  // 4 · n_embd, compared as inner / 4 so that no product overflows.
  const bool four_times = inner && inner->is_number_integer() && inner->get<int64_t>() % 4 == 0 &&
                          inner->get<int64_t>() / 4 == c.width;
  if (inner && !inner->is_null() && !four_times) {
    keys.problem("n_inner " + json_excerpt(*inner) + " is not supported (only null, 4 · n_embd)");
  }
  const nlohmann::json* tie = keys.find("tie_word_embeddings");
  if (tie && !tie->is_boolean()) {
    keys.problem("tie_word_embeddings " + json_excerpt(*tie) + " is not true or false");
  }
  c.tied_output = !tie || *tie != false;
  keys.require_bool("scale_attn_weights", true);
  keys.require_bool("scale_attn_by_inverse_layer_idx", false);
  keys.require_bool("add_cross_attention", false);
  if (keys.problems().empty()) {
    try {
      c.validate();
    } catch (const std::invalid_argument& e) {
      keys.problem(e.what());
    }
  }
  return c;
}

}  // namespace

GPTConfig read_hf_gpt2_config(const std::filesystem::path& config_json) {
  const std::string where = "read_hf_gpt2_config: " + config_json.string() + ": ";
  nlohmann::json json;
  try {
    json = parse_json_document(read_file(config_json, kMaxConfigBytes), config_json.string());
  } catch (const FileError& e) {
    throw std::runtime_error("read_hf_gpt2_config: " + std::string(e.what()));
  }
  if (!json.is_object()) throw std::runtime_error(where + "not a JSON object");
  ConfigReader keys(json);
  const GPTConfig config = config_from(keys);
  if (!keys.problems().empty()) {
    std::string list;
    for (const std::string& p : keys.problems()) list += (list.empty() ? "" : "; ") + p;
    throw std::runtime_error(where + "not a GPT-2 config this GPT can load: " + list);
  }
  return config;
}

nlohmann::ordered_json hf_gpt2_config_json(const GPTConfig& c) {
  if (!c.bias)
    throw std::invalid_argument("save_hf_gpt2: GPT-2's form has biases; this GPT has none");
  if (c.logit_scale != 1.0) {
    throw std::invalid_argument("save_hf_gpt2: GPT-2's form has no logit scale; this GPT's is " +
                                std::to_string(c.logit_scale));
  }
  nlohmann::ordered_json j;
  j["activation_function"] = c.gelu == GeluApproximation::Tanh ? "gelu_new" : "gelu";
  j["architectures"] = {"GPT2LMHeadModel"};
  j["attn_pdrop"] = 0.0;
  if (c.vocab_size == kGpt2Vocab) j["bos_token_id"] = kGpt2Vocab - 1;
  j["embd_pdrop"] = c.dropout;
  if (c.vocab_size == kGpt2Vocab) j["eos_token_id"] = kGpt2Vocab - 1;
  j["initializer_range"] = 0.02;
  j["layer_norm_epsilon"] = c.layer_norm_eps;
  j["model_type"] = "gpt2";
  j["n_ctx"] = c.context;
  j["n_embd"] = c.width;
  j["n_head"] = c.heads;
  j["n_inner"] = nullptr;
  j["n_layer"] = c.layers;
  j["n_positions"] = c.context;
  j["reorder_and_upcast_attn"] = false;
  j["resid_pdrop"] = c.dropout;
  j["scale_attn_by_inverse_layer_idx"] = false;
  j["scale_attn_weights"] = true;
  j["tie_word_embeddings"] = c.tied_output;
  j["torch_dtype"] = "float32";
  j["use_cache"] = true;
  j["vocab_size"] = c.vocab_size;
  return j;
}

}  // namespace buildgpt::nn
