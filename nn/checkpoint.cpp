#include "nn/checkpoint.h"

#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "io/checksum.h"
#include "nn/safetensors.h"

namespace buildgpt::nn {
namespace {

// Format 2 added the checksum.
constexpr const char* kFormat = "buildgpt-checkpoint-2";
constexpr const char* kFormatWithoutChecksum = "buildgpt-checkpoint-1";
const std::string kModel = "model.", kOptimizer = "optimizer.", kChecksum = "checksum";

}  // namespace

std::string checkpoint_checksum(const StateDict& tensors, const Metadata& metadata) {
  Fnv1a64 hash;
  const std::string_view end_of_field("\0", 1);
  for (const auto& [name, t] : tensors) {
    hash.update(name).update(end_of_field).update(dtype_name(t.dtype())).update(end_of_field);
    hash.update(shape_str(t.shape())).update(end_of_field);
    hash.update({static_cast<const std::byte*>(t.raw_data()), t.nbytes()});
  }
  for (const auto& [key, value] : metadata) {
    if (key != kChecksum) hash.update(key).update(end_of_field).update(value).update(end_of_field);
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016" PRIx64, hash.value());
  return hex;
}

namespace {

std::string rng_key(size_t i) { return "rng." + std::to_string(i); }

// The generator's state as "seed state inc" in decimal, and back.
std::string rng_text(const Generator& g) {
  const Generator::State s = g.get_state();
  return std::to_string(s.seed) + " " + std::to_string(s.state) + " " + std::to_string(s.inc);
}

bool parse_rng(const std::string& text, Generator::State& out) {
  size_t pos = 0;
  uint64_t* fields[] = {&out.seed, &out.state, &out.inc};
  for (uint64_t* f : fields) {
    if (pos >= text.size() || !std::isdigit(static_cast<unsigned char>(text[pos]))) return false;
    size_t used = 0;
    try {
      *f = std::stoull(text.substr(pos), &used);
    } catch (const std::exception&) {
      return false;
    }
    pos += used;
    if (pos < text.size() && text[pos] == ' ') ++pos;
  }
  return pos == text.size() && (out.inc & 1) == 1;  // the PCG increment is always odd
}

}  // namespace

void save_checkpoint(const std::filesystem::path& path, const Module& model,
                     const Optimizer& optimizer, int64_t step,
                     const std::vector<Generator*>& generators) {
  StateDict tensors;
  for (auto& [name, t] : model.state_dict()) tensors.emplace_back(kModel + name, t);
  for (auto& [name, t] : optimizer.state_dict()) tensors.emplace_back(kOptimizer + name, t);
  Metadata metadata{{"format", kFormat}, {"step", std::to_string(step)}};
  for (size_t i = 0; i < generators.size(); ++i) metadata[rng_key(i)] = rng_text(*generators[i]);
  metadata[kChecksum] = checkpoint_checksum(tensors, metadata);
  save_safetensors(path, tensors, metadata);
}

int64_t load_checkpoint(const std::filesystem::path& path, Module& model, Optimizer& optimizer,
                        const std::vector<Generator*>& generators) {
  return restore_checkpoint(load_safetensors(path), path.string(), model, optimizer, generators);
}

namespace {

// A checkpoint's parts, its format, checksum and step checked.
struct Parts {
  int64_t step = -1;
  StateDict weights, optimizer_state;
};

[[noreturn]] void fail(const std::string& name, const std::string& what) {
  throw std::runtime_error("load_checkpoint: " + name + ": " + what);
}

Parts checked_parts(const SafetensorsContents& file, const std::string& name) {
  const Metadata& meta = file.metadata;
  if (meta.contains("format") && meta.at("format") == kFormatWithoutChecksum) {
    fail(name, "written in " + std::string(kFormatWithoutChecksum) +
                   ", which has no checksum to verify it by; start the run again");
  }
  if (!meta.contains("format") || meta.at("format") != kFormat)
    fail(name, "not a " + std::string(kFormat) + " file");
  if (!meta.contains(kChecksum)) fail(name, "there is no checksum");
  if (const std::string actual = checkpoint_checksum(file.tensors, meta);
      actual != meta.at(kChecksum)) {
    fail(name, "the checksum of the contents is " + actual + ", the file says " +
                   meta.at(kChecksum) + ": the file is damaged");
  }
  Parts parts;
  try {
    size_t used = 0;
    parts.step = std::stoll(meta.at("step"), &used);
    if (used != meta.at("step").size()) parts.step = -1;
  } catch (const std::exception&) {
  }
  if (parts.step < 0) fail(name, "no valid step");
  for (const auto& [tensor_name, t] : file.tensors) {
    if (tensor_name.starts_with(kModel)) {
      parts.weights.emplace_back(tensor_name.substr(kModel.size()), t);
    } else if (tensor_name.starts_with(kOptimizer)) {
      parts.optimizer_state.emplace_back(tensor_name.substr(kOptimizer.size()), t);
    } else {
      fail(name, "unexpected tensor \"" + tensor_name + "\"");
    }
  }
  return parts;
}

}  // namespace

int64_t load_checkpoint_weights(const std::filesystem::path& path, Module& model) {
  const Parts parts = checked_parts(load_safetensors(path), path.string());
  model.load_state_dict(parts.weights);
  return parts.step;
}

int64_t restore_checkpoint(const SafetensorsContents& file, const std::string& name, Module& model,
                           Optimizer& optimizer, const std::vector<Generator*>& generators) {
  auto fail = [&](const std::string& what) { nn::fail(name, what); };
  const Metadata& meta = file.metadata;
  const auto [step, weights, optimizer_state] = checked_parts(file, name);
  std::vector<Generator::State> rngs(generators.size());
  for (size_t i = 0; i < generators.size(); ++i) {
    if (!meta.contains(rng_key(i)) || !parse_rng(meta.at(rng_key(i)), rngs[i])) {
      fail("no valid state for generator " + std::to_string(i));
    }
  }
  if (meta.contains(rng_key(generators.size()))) {
    fail("holds more generator states than the " + std::to_string(generators.size()) + " given");
  }
  // The optimizer's state must be that of `step` updates: present when the optimizer keeps
  // state (else resuming would restart it from zero), no counter beyond the step.
  if (step > 0 && optimizer.keeps_state() && optimizer_state.empty() && !weights.empty()) {
    fail("step " + std::to_string(step) +
         " but no optimizer state: resuming would restart the optimizer from zero");
  }
  for (const auto& [name, t] : optimizer_state) {
    if (t.dtype() == kInt64 && t.dim() == 0 && t.data<int64_t>()[0] > step) {
      fail("optimizer \"" + name + "\" is " + std::to_string(t.data<int64_t>()[0]) +
           ", more updates than the checkpoint's step " + std::to_string(step));
    }
  }
  // Each load checks everything before it changes anything; the optimizer's previous state is
  // put back when the model's load fails after it.
  const StateDict previous = optimizer.state_dict();
  optimizer.load_state_dict(optimizer_state);
  try {
    model.load_state_dict(weights);
  } catch (...) {
    optimizer.load_state_dict(previous);
    throw;
  }
  for (size_t i = 0; i < generators.size(); ++i) generators[i]->set_state(rngs[i]);
  return step;
}

}  // namespace buildgpt::nn
