// buildgpt import: a Hugging Face GPT-2 folder as a training run's folder, to train on further
// with buildgpt train --resume.
#include <iostream>

#include "apps/command.h"
#include "apps/hf_folder.h"
#include "apps/model_choice.h"
#include "apps/model_folder.h"
#include "apps/run_folder.h"
#include "io/atomic_file.h"
#include "nn/adamw.h"
#include "nn/checkpoint.h"

namespace buildgpt::cli {
namespace {

struct Options {
  std::string hf;
  std::string out;
  bool json = false;
};

int import_model(CLI::App&, Options& o) {
  const std::filesystem::path out = o.out;
  if (run_folder::holds_run(out, 1)) throw UsageError(o.out + " holds a run already");
  if (!hf_folder::holds_model(o.hf)) {
    throw std::runtime_error(o.hf +
                             ": not a Hugging Face GPT-2 folder (config.json and "
                             "model.safetensors)");
  }
  const LoadedModel loaded = load_model(o.hf, Device::cpu());
  const nn::GPTConfig& config = loaded.model->config;
  const bool char_tokens = loaded.tokenizer->name() == "char";
  // The run's architecture: GPT-2's preset with the folder's sizes, which must give this model.
  const ModelChoice choice = {"gpt2",       config.layers,  config.heads,
                              config.width, config.context, config.dropout};
  if (describe(model_config(choice, config.vocab_size)) != describe(config)) {
    throw std::runtime_error(o.hf + ": the model differs from GPT-2's design beyond its sizes: " +
                             describe(config).dump());
  }
  std::filesystem::create_directories(out);
  const nlohmann::ordered_json run_config = {{"tokenizer", char_tokens ? "char" : "gpt2"},
                                             {"model", choice.preset},
                                             {"layers", choice.layers},
                                             {"heads", choice.heads},
                                             {"width", choice.width},
                                             {"context", choice.context},
                                             {"dropout", choice.dropout}};
  write_file_atomically(run_folder::config(out),
                        [&](std::ostream& s) { s << run_config.dump(2) << '\n'; });
  if (char_tokens) {
    std::filesystem::copy_file(o.hf + "/char_vocab.txt", run_folder::char_vocab(out),
                               std::filesystem::copy_options::overwrite_existing);
  }
  // Step 0: no optimizer state yet; the generator state train --resume restores.
  nn::AdamW optimizer(loaded.model->parameters());
  Generator gen(1337);
  nn::save_checkpoint(run_folder::checkpoint(out), *loaded.model, optimizer, 0, {&gen});
  if (o.json) {
    print_json({{"folder", out.string()}, {"config", describe(config)}});
  } else {
    std::cout << "wrote " << run_folder::config(out).string() << " and "
              << run_folder::checkpoint(out).string() << "\ntrain on with: buildgpt train --resume "
              << out.string() << " --text FILE --steps N\n";
  }
  return 0;
}

}  // namespace

void add_import(CLI::App& program, Run& run) {
  const auto [command, o] = add_command(
      program,
      {"import", "make a Hugging Face GPT-2 folder a run to train on",
       "Writes OUT_DIR as buildgpt train would have at step 0: config.json and\n"
       "checkpoint.safetensors. `buildgpt train --resume OUT_DIR --text FILE` then fine-tunes\n"
       "it. (generate, eval, inspect and export read Hugging Face folders as they are.)"},
      run, import_model);
  command->add_option("--hf", o->hf, "the Hugging Face GPT-2 folder")->required();
  command->add_option("--out", o->out, "the run's folder to write")->required();
  add_json_flag(*command, o->json);
}

}  // namespace buildgpt::cli
