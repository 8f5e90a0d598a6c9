// What every subcommand of the buildgpt program shares: its description and its parsed arguments.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace buildgpt::cli {

// A mistake in the command line: reported with the command's usage, exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A subcommand's options (--name VALUE) and positional arguments ("-" is positional).
class Args {
 public:
  // Throws UsageError for an option not in `value_options` (besides --help) or one without a value.
  Args(std::span<char* const> argv, const std::vector<std::string_view>& value_options);

  bool help() const { return help_; }
  std::optional<std::string> option(std::string_view name) const;
  // The only positional argument; throws UsageError naming `what` when there is none or several.
  const std::string& single(std::string_view what) const;

 private:
  bool help_ = false;
  std::map<std::string, std::string, std::less<>> options_;
  std::vector<std::string> positional_;
};

struct Command {
  std::string_view name;                        // "tokenize", "corpus info", ...
  std::string_view summary;                     // one line for the program's help
  std::string usage;                            // the command's --help
  std::vector<std::string_view> value_options;  // the options that take a value
  int (*run)(const Args& args);                 // returns the exit code
};

extern const Command kTokenize;
extern const Command kDetokenize;
extern const Command kCorpusFetch;
extern const Command kCorpusInfo;
extern const Command kCorpusStrip;

}  // namespace buildgpt::cli
