#include "lessons/common/trained_gpt2.h"

#include <stdexcept>

#include "nn/hf_gpt2.h"
#include "text/paths.h"

namespace buildgpt::lessons {

std::filesystem::path published_gpt2_folder() { return data_dir() / "models" / "gpt2"; }

std::filesystem::path lesson17_model_folder() {
  return std::filesystem::path("out") / "17_model5_gpt2" / "model";
}

TrainedGpt2 load_trained_gpt2() {
  const std::string fetch = "bash scripts/fetch_gpt2.sh gpt2";
  TrainedGpt2 out;
  if (nn::is_hf_gpt2_folder(published_gpt2_folder())) {
    out.folder = published_gpt2_folder();
    out.published = true;
    out.description = "GPT-2's published weights (OpenAI's 124M model) from " + out.folder.string();
  } else if (nn::is_hf_gpt2_folder(lesson17_model_folder())) {
    out.folder = lesson17_model_folder();
    out.description = "the model lesson 17 trained, from " + out.folder.string() +
                      " (GPT-2's published weights are not in " + published_gpt2_folder().string() +
                      "; to use them: " + fetch + ")";
  } else {
    throw std::runtime_error("no trained GPT-2: neither GPT-2's published weights (" +
                             published_gpt2_folder().string() + "; get them with: " + fetch +
                             ") nor lesson 17's model (" + lesson17_model_folder().string() +
                             "; run lesson 17 from this folder) is there");
  }
  out.model = nn::load_hf_gpt2(out.folder);
  return out;
}

}  // namespace buildgpt::lessons
