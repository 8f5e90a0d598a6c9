#include "nn/skip_init.h"

namespace buildgpt::nn {
namespace {

thread_local bool skipping = false;

}  // namespace

SkipInitGuard::SkipInitGuard() : previous_(skipping) { skipping = true; }
SkipInitGuard::~SkipInitGuard() { skipping = previous_; }

bool init_skipped() { return skipping; }

}  // namespace buildgpt::nn
