// The trained GPT-2 that the lessons on trained weights study: GPT-2's published weights when
// scripts/fetch_gpt2.sh has downloaded them, otherwise the model lesson 17 trained and saved.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "nn/gpt.h"

namespace buildgpt::lessons {

// data/models/gpt2 (under $BUILDGPT_DATA when set): where scripts/fetch_gpt2.sh puts GPT-2.
std::filesystem::path published_gpt2_folder();
// out/17_model5_gpt2/model: where lesson 17 saves its model (a Hugging Face GPT-2 folder).
std::filesystem::path lesson17_model_folder();

struct TrainedGpt2 {
  std::unique_ptr<nn::GPT> model;
  std::filesystem::path folder;
  bool published = false;   // GPT-2's own weights, not lesson 17's
  std::string description;  // which model it is, and how to get GPT-2's when it is lesson 17's
};

// GPT-2's published weights when downloaded, else lesson 17's model. Throws std::runtime_error
// saying how to get either when neither folder is there, and the loader's error when one does
// not load.
TrainedGpt2 load_trained_gpt2();

}  // namespace buildgpt::lessons
