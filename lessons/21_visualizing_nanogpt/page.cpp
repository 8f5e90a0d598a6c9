#include "page.h"

#include <charconv>
#include <cstdlib>
#include <stdexcept>

#include "io/atomic_file.h"
#include "page_template.h"  // kPageTemplate, made from page_template.html by CMake

namespace buildgpt::lessons {
namespace {

constexpr std::string_view kMarker = "__MODEL_DATA__";

// The double whose shortest decimal form is the float's own shortest form: written by the JSON
// library, it reads back as exactly this float.
double shortest(float value) {
  char digits[32];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  return std::strtod(std::string(digits, end).c_str(), nullptr);
}

// A 2-D tensor as an array of rows.
nlohmann::json matrix(const Tensor& t) {
  const int64_t rows = t.size(0), cols = t.size(1);
  const std::vector<float> values = t.contiguous().to_vector<float>();
  nlohmann::json out = nlohmann::json::array();
  for (int64_t i = 0; i < rows; ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (int64_t j = 0; j < cols; ++j) row.push_back(shortest(values[i * cols + j]));
    out.push_back(std::move(row));
  }
  return out;
}

nlohmann::json block_data(const BlockTrace& b) {
  nlohmann::json heads = nlohmann::json::array();
  for (const HeadTrace& h : b.heads) {
    heads.push_back({{"q", matrix(h.q)},
                     {"k", matrix(h.k)},
                     {"v", matrix(h.v)},
                     {"weights", matrix(h.weights)},
                     {"output", matrix(h.output)}});
  }
  return {{"ln_1", matrix(b.ln_1)},           {"heads", heads},
          {"attention", matrix(b.attention)}, {"after_attention", matrix(b.after_attention)},
          {"ln_2", matrix(b.ln_2)},           {"mlp_hidden", matrix(b.mlp_hidden)},
          {"mlp_gelu", matrix(b.mlp_gelu)},   {"mlp", matrix(b.mlp)},
          {"output", matrix(b.output)}};
}

}  // namespace

nlohmann::json page_data(const GptTrace& trace, const nn::GPTConfig& config, int64_t parameters,
                         const PageText& text) {
  nlohmann::json tokens = nlohmann::json::array();
  for (const int64_t id : trace.ids) tokens.push_back(text.vocabulary.at(static_cast<size_t>(id)));
  nlohmann::json blocks = nlohmann::json::array();
  for (const BlockTrace& b : trace.blocks) blocks.push_back(block_data(b));
  return {
      {"title", text.title},
      {"about", text.about},
      {"model",
       {{"vocabulary", text.vocabulary},
        {"context", config.context},
        {"width", config.width},
        {"heads", config.heads},
        {"layers", config.layers},
        {"parameters", parameters}}},
      {"prompt", {{"ids", trace.ids}, {"tokens", tokens}}},
      {"embedding",
       {{"token", matrix(trace.token_embedding)},
        {"position", matrix(trace.position_embedding)},
        {"sum", matrix(trace.embedding)}}},
      {"blocks", blocks},
      {"ln_f", matrix(trace.ln_f)},
      {"logits", matrix(trace.logits)},
      {"probabilities", matrix(trace.probabilities)},
      {"sampled",
       {{"id", trace.sampled}, {"token", text.vocabulary.at(static_cast<size_t>(trace.sampled))}}},
      {"answer", text.answer}};
}

std::string page_html(const nlohmann::json& data) {
  const std::string_view page = kPageTemplate;
  const size_t at = page.find(kMarker);
  if (at == std::string_view::npos) throw std::logic_error("page_template.html has no data marker");
  // Inside a script element "</" would end it early; "<\/" is the same JSON string.
  std::string json = data.dump();
  for (size_t i = json.find("</"); i != std::string::npos; i = json.find("</", i + 3)) {
    json.replace(i, 2, "<\\/");
  }
  return std::string(page.substr(0, at)) + json + std::string(page.substr(at + kMarker.size()));
}

void write_page(const std::filesystem::path& path, const nlohmann::json& data) {
  const std::string html = page_html(data);
  write_file_atomically(path, [&](std::ostream& out) { out << html; });
}

}  // namespace buildgpt::lessons
