#include "lessons/common/course_windows.h"

#include <algorithm>
#include <cstdio>

namespace buildgpt::lessons {
namespace {

std::span<const uint32_t> slice(std::span<const uint32_t> ids, bool quick) {
  return quick ? ids.first(std::min<size_t>(ids.size(), 20000)) : ids;
}

}  // namespace

CourseWindows::CourseWindows(const std::string& tokenizer, int64_t context, bool quick)
    : corpus_(load_course_corpus(tokenizer)),
      ids_(slice(corpus_.ids(), quick)),
      data_(ids_, {.seq_len = context, .stride = 2, .train_fraction = 0.9}) {
  std::printf(
      "corpus: %s\n%zu tokens (%s)%s, %lld for training, %lld for validation\n",
      corpus_.description.c_str(), ids_.size(), corpus_.tokenizer->name().c_str(),
      quick ? ", a slice for --quick" : "", static_cast<long long>(data_.end(Split::Train)),
      static_cast<long long>(data_.end(Split::Validation) - data_.begin(Split::Validation)));
}

}  // namespace buildgpt::lessons
