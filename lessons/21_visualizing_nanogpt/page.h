// The lesson's page: a trace of one forward pass as JSON, and the self-contained HTML page
// (page_template.html, its script and style inline) that draws it stage by stage.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nn/gpt_config.h"
#include "trace.h"

namespace buildgpt::lessons {

// What the page says about the model beside the numbers.
struct PageText {
  std::string title;
  std::string about;                    // a paragraph (HTML) on the model and its training
  std::vector<std::string> vocabulary;  // each token id's text
  std::string answer;                   // the model's whole continuation of the prompt
};

// The trace as JSON: each tensor an array of rows of numbers, every float written with the
// fewest digits that read back as the same float, so the page holds the tensors exactly.
nlohmann::json page_data(const GptTrace& trace, const nn::GPTConfig& config, int64_t parameters,
                         const PageText& text);

// The page with `data` in its script element "model-data"; writes it to `path` atomically.
std::string page_html(const nlohmann::json& data);
void write_page(const std::filesystem::path& path, const nlohmann::json& data);

}  // namespace buildgpt::lessons
