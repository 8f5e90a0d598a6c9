// The trained GPT-2 weights that the lessons after lesson 17 study, as a Hugging Face GPT-2 folder
// (config.json + model.safetensors): GPT-2's published weights once fetched, else the model that
// lesson 17 trained and saved.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "nn/gpt.h"

namespace buildgpt::lessons {

// data/models/gpt2/: GPT-2's published weights (scripts/fetch_gpt2.sh fetches them).
std::filesystem::path published_gpt2_folder();
// out/17_model5_gpt2/model/ under the working folder: where lesson 17 saves its trained model.
std::filesystem::path lesson17_model_folder();

// Writes `model` to `folder` in Hugging Face's GPT-2 layout (lesson 17's trained model).
void save_gpt2_folder(const nn::GPT& model, const std::filesystem::path& folder);

struct StudiedGPT {
  std::unique_ptr<nn::GPT> model;  // in evaluation mode
  std::string name;                // which weights, for the figures' titles: "GPT-2 (published)"
  std::string source;              // the same with where they came from, for the printout
};

// The weights a lesson studies, printed with the model's sizes: with `quick` (no download, no
// lesson 17) an untrained GPT with GPT-2's vocabulary and 12 blocks, narrow enough to build and
// run in a moment; otherwise GPT-2's published weights when they are in published_gpt2_folder(),
// else lesson 17's model; none, after printing how to get either, when neither is there.
std::optional<StudiedGPT> studied_gpt(bool quick);

}  // namespace buildgpt::lessons
