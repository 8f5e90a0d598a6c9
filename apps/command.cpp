#include "apps/command.h"

namespace buildgpt::cli {

Args::Args(std::span<char* const> argv, const std::vector<std::string_view>& value_options) {
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      help_ = true;
    } else if (arg.starts_with("-") && arg != "-") {
      bool known = false;
      for (std::string_view o : value_options) known = known || arg == o;
      if (!known) throw UsageError("unknown option " + std::string(arg));
      if (i + 1 == argv.size()) throw UsageError(std::string(arg) + " needs a value");
      options_[std::string(arg)] = argv[++i];
    } else {
      positional_.emplace_back(arg);
    }
  }
}

std::optional<std::string> Args::option(std::string_view name) const {
  const auto it = options_.find(name);
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

const std::string& Args::single(std::string_view what) const {
  if (positional_.size() != 1) {
    throw UsageError("expected one " + std::string(what) + ", got " +
                     std::to_string(positional_.size()) + " arguments");
  }
  return positional_.front();
}

}  // namespace buildgpt::cli
