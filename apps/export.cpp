// buildgpt export: a model as a Hugging Face GPT-2 folder that Python's transformers loads.
#include <iostream>

#include "apps/command.h"
#include "apps/hf_folder.h"
#include "apps/model_folder.h"

namespace buildgpt::cli {
namespace {

struct Options {
  std::string model;
  std::string hf;
  bool json = false;
};

int export_model(CLI::App&, Options& o) {
  const std::filesystem::path out = o.hf;
  if (std::filesystem::exists(out) && std::filesystem::equivalent(out, o.model)) {
    throw UsageError("--hf names the model's own folder");
  }
  const LoadedModel loaded = load_model(o.model, Device::cpu());
  hf_folder::save(*loaded.model, out);
  std::vector<std::string> files = {"config.json", "model.safetensors"};
  for (const auto& [source, name] : loaded.tokenizer_files) {
    std::filesystem::copy_file(source, out / name,
                               std::filesystem::copy_options::overwrite_existing);
    files.push_back(name);
  }
  if (o.json) {
    print_json({{"folder", out.string()}, {"files", files}});
  } else {
    std::cout << "wrote " << out.string() << ":";
    for (const std::string& name : files) std::cout << " " << name;
    std::cout << "\n";
  }
  return 0;
}

}  // namespace

void add_export(CLI::App& program, Run& run) {
  const auto [command, o] = add_command(
      program,
      {"export", "write a model as a Hugging Face GPT-2 folder",
       "Writes config.json and model.safetensors as transformers' save_pretrained does, and the\n"
       "tokenizer's files: vocab.json and merges.txt for gpt2 (so AutoTokenizer loads them),\n"
       "char_vocab.txt for char (which only buildgpt reads). In Python:\n"
       "  from transformers import pipeline\n"
       "  generate = pipeline(\"text-generation\", model=\"OUT_DIR\")\n"
       "  print(generate(\"Hello\", max_new_tokens=40)[0][\"generated_text\"])"},
      run, export_model);
  add_model_folder_option(*command, o->model);
  command->add_option("--hf", o->hf, "the folder to write (created when missing)")->required();
  add_json_flag(*command, o->json);
}

}  // namespace buildgpt::cli
