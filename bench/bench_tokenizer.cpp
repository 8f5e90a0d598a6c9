// Tokenizer throughput: encode MB/s on one thread, for GPT-2 and cl100k_base.
//   build/release/bench/bench_autograd --benchmark_filter=Encode
// The text: the file named by $BUILDGPT_BENCH_TEXT, repeated to at least 5 MB, else 5 MB of
// synthetic English-like text. scripts/bench_tokenizer_peer.js times the JavaScript reference on
// the same file.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "text/load_tokenizer.h"

namespace buildgpt {
namespace {

constexpr size_t kTextBytes = 5'000'000;

std::string synthetic_text() {
  static const char* const words[] = {
      "the",  "of",    "and",  "to",   "in",    "a",         "is",    "that",     "for",
      "it",   "as",    "was",  "with", "be",    "by",        "on",    "not",      "he",
      "I",    "this",  "are",  "or",   "his",   "from",      "at",    "which",    "but",
      "have", "an",    "had",  "they", "you",   "were",      "their", "one",      "all",
      "we",   "can",   "her",  "has",  "there", "been",      "if",    "more",     "when",
      "will", "would", "who",  "so",   "no",    "tokenizer", "model", "gradient", "don't",
      "it's", "1984",  "3.14", "(x)",  "café",  "naïve",     "日本"};
  std::string text;
  uint32_t state = 1;
  while (text.size() < kTextBytes) {
    state = state * 1664525u + 1013904223u;
    text += words[(state >> 8) % std::size(words)];
    const uint32_t r = (state >> 20) % 32;
    text += r == 0 ? ".\n\n" : r < 3 ? ", " : r == 3 ? "!\n" : " ";
  }
  return text;
}

const std::string& bench_text() {
  static const std::string text = [] {
    const char* path = std::getenv("BUILDGPT_BENCH_TEXT");
    if (!path || !*path) return synthetic_text();
    std::ifstream in(path, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    const std::string once = contents.str();
    if (once.empty()) return synthetic_text();
    std::string repeated;
    while (repeated.size() < kTextBytes) repeated += once;
    return repeated;
  }();
  return text;
}

void BM_Encode(benchmark::State& state, const std::string& name) {
  std::unique_ptr<Tokenizer> tok;
  try {
    tok = load_tokenizer(name);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  const std::string& text = bench_text();
  size_t tokens = 0;
  for (auto _ : state) {
    const std::vector<int64_t> ids = tok->encode(text);
    tokens = ids.size();
    benchmark::DoNotOptimize(ids.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["tokens"] = static_cast<double>(tokens);
  state.counters["text_MB"] = static_cast<double>(text.size()) / 1e6;
}
BENCHMARK_CAPTURE(BM_Encode, gpt2, std::string("gpt2"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Encode, cl100k_base, std::string("cl100k_base"))
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace buildgpt
