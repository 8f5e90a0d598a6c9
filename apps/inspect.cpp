// buildgpt inspect: a model's configuration and parameters.
#include <cstdio>
#include <iostream>

#include "apps/command.h"
#include "apps/model_choice.h"
#include "apps/model_folder.h"

namespace buildgpt::cli {
namespace {

struct Options {
  std::string model;
  bool json = false;
};

// 124439808 → "124,439,808".
std::string grouped(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

int inspect(CLI::App&, Options& o) {
  const LoadedModel loaded = load_model(o.model, Device::cpu());
  const nn::GPT& model = *loaded.model;
  nlohmann::ordered_json parameters = nlohmann::ordered_json::array();
  const nn::StateDict state = model.state_dict();
  for (size_t i = 0; i < state.size(); ++i) {
    const auto& [name, tensor] = state[i];
    nlohmann::ordered_json row = {
        {"name", name}, {"shape", tensor.shape()}, {"count", tensor.numel()}};
    for (size_t j = 0; j < i; ++j) {
      if (state[j].second.same_storage(tensor)) row["tied_to"] = state[j].first;
    }
    parameters.push_back(row);
  }
  const int64_t once = model.parameter_count(), twice = model.parameter_count(true);
  if (o.json) {
    print_json({{"model", o.model},
                {"format", loaded.format},
                {"step", loaded.step},
                {"tokenizer", loaded.tokenizer->name()},
                {"config", describe(model.config)},
                {"parameters", parameters},
                {"total", once},
                {"total_tied_twice", twice}});
    return 0;
  }
  std::cout << "model      " << o.model << " (" << loaded.format << ", step " << loaded.step
            << ")\ntokenizer  " << loaded.tokenizer->name() << " (vocabulary "
            << loaded.tokenizer->vocab_size() << ")\nconfig    ";
  const nlohmann::ordered_json config = describe(model.config);
  for (const auto& [key, value] : config.items()) {
    std::cout << " " << key << "=" << value.dump();
  }
  std::cout << "\n\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-44s %-16s %14s\n", "parameter", "shape", "count");
  std::cout << line;
  for (const auto& row : parameters) {
    const std::string count = row.contains("tied_to")
                                  ? "tied to " + row["tied_to"].get<std::string>()
                                  : grouped(row["count"].get<int64_t>());
    std::snprintf(line, sizeof line, "%-44s %-16s %14s\n", row["name"].get<std::string>().c_str(),
                  row["shape"].dump().c_str(), count.c_str());
    std::cout << line;
  }
  std::cout << "\ntotal      " << grouped(once) << " (the tied output counted once), "
            << grouped(twice) << " (counted twice)\n";
  return 0;
}

}  // namespace

void add_inspect(CLI::App& program, Run& run) {
  const auto [command, o] = add_command(
      program,
      {"inspect", "a model's configuration and parameters",
       "Prints the configuration, a table of every parameter (name, shape, count; the output\n"
       "layer tied to the token embedding is marked), and the total counted both ways."},
      run, inspect);
  add_model_folder_option(*command, o->model);
  add_json_flag(*command, o->json);
}

}  // namespace buildgpt::cli
