#include "text/pretokenizer.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cstdint>
#include <new>
#include <stdexcept>

#include "text/utf8.h"

namespace buildgpt {
namespace {

std::string pcre2_message(int code) {
  PCRE2_UCHAR buffer[256];
  pcre2_get_error_message(code, buffer, sizeof(buffer));
  return reinterpret_cast<const char*>(buffer);
}

struct FreeMatchData {
  void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};

}  // namespace

void Pretokenizer::FreeCode::operator()(pcre2_real_code_8* code) const { pcre2_code_free(code); }
void Pretokenizer::FreeContext::operator()(pcre2_real_match_context_8* context) const {
  pcre2_match_context_free(context);
}

Pretokenizer::Pretokenizer(const std::string& pattern) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  code_.reset(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                            PCRE2_UTF | PCRE2_UCP, &error, &offset, nullptr));
  if (!code_) {
    throw std::invalid_argument("pre-tokenisation regex does not compile at offset " +
                                std::to_string(offset) + ": " + pcre2_message(error));
  }
  // Without JIT support pcre2_match interprets the pattern: slower, same pieces.
  pcre2_jit_compile(code_.get(), PCRE2_JIT_COMPLETE);
  // The default limit of ten million steps stops a match that backtracks over a long run of
  // white space (`\s*[\r\n]` over ten million spaces), though its cost is only linear in the
  // run. Lift it to the largest value.
  context_.reset(pcre2_match_context_create(nullptr));
  if (!context_) throw std::bad_alloc();
  pcre2_set_match_limit(context_.get(), UINT32_MAX);
}

std::vector<std::string_view> Pretokenizer::split(std::string_view text) const {
  std::vector<std::string_view> pieces;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = pos;
    while (end < text.size()) {
      char32_t cp;
      const size_t len = decode_utf8(text, end, cp);
      if (len == 0) break;
      end += len;
    }
    if (end == pos) {
      pieces.push_back(text.substr(pos, 1));
      ++pos;
    } else {
      split_valid(text.substr(pos, end - pos), pieces);
      pos = end;
    }
  }
  return pieces;
}

void Pretokenizer::split_valid(std::string_view run, std::vector<std::string_view>& pieces) const {
  const std::unique_ptr<pcre2_match_data, FreeMatchData> match(
      pcre2_match_data_create_from_pattern(code_.get(), nullptr));
  if (!match) throw std::bad_alloc();
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(run.data());
  size_t done = 0;    // bytes already in pieces
  size_t offset = 0;  // where the next match may start
  while (offset < run.size()) {
    const int rc = pcre2_match(code_.get(), subject, run.size(), offset, PCRE2_NO_UTF_CHECK,
                               match.get(), context_.get());
    if (rc == PCRE2_ERROR_NOMATCH) break;
    if (rc < 0) throw std::runtime_error("pre-tokenisation regex failed: " + pcre2_message(rc));
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(match.get());
    const size_t begin = ovector[0], end = ovector[1];
    if (end == begin) {  // an empty match: step over one character, which joins the next gap
      char32_t cp;
      offset = begin + decode_utf8(run, begin, cp);
      continue;
    }
    if (begin > done) pieces.push_back(run.substr(done, begin - done));
    pieces.push_back(run.substr(begin, end - begin));
    done = offset = end;
  }
  if (done < run.size()) pieces.push_back(run.substr(done));
}

}  // namespace buildgpt
