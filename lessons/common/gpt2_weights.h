// The trained GPT-2 weights that the lessons after lesson 17 study, as a Hugging Face GPT-2 folder
// (config.json + model.safetensors): GPT-2's published weights once fetched, else the model that
// lesson 17 trained and saved.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "nn/gpt.h"

namespace buildgpt::lessons {

struct StudiedGPT {
  std::unique_ptr<nn::GPT> model;  // in evaluation mode
  std::string name;                // which weights, for the figures' titles
  std::string source;              // the same with where they came from, for the printout
};

// The weights a lesson studies, printed with the model's sizes: with `quick` (no download, no
// lesson 17) an untrained GPT with GPT-2's vocabulary and 12 blocks, narrow enough to build and
// run in a moment; otherwise GPT-2's published weights when they are in data/models/gpt2/
// (scripts/fetch_gpt2.sh fetches them), else lesson 17's model from out/17_model5_gpt2/model/
// under the working folder; none, after printing how to get either, when neither is there.
std::optional<StudiedGPT> studied_gpt(bool quick);

}  // namespace buildgpt::lessons
