// What every command of the buildgpt program shares: how it joins the command line, the error
// that means "wrong usage" (exit code 2), and its --json output.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>

namespace buildgpt::cli {

// A mistake on the command line found after parsing: exit code 2, like CLI11's own errors.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What the command chosen on the command line does once parsing is done; returns the exit code.
using Run = std::function<int()>;
// A command's work, given the command (its options, as parsed).
using Action = std::function<int(CLI::App& command)>;

// What --help says of a command: NAME, a one-line summary (in the list of commands), and the
// paragraph below its options.
struct CommandText {
  std::string name;
  std::string summary;
  std::string footer;
};

// Adds the command under `parent` (the program, or "corpus"), and arranges for `run` to become
// `action` when the command line chooses it.
CLI::App* add_command(CLI::App& parent, const CommandText& text, Run& run, Action action);

// The same for a command whose options are an `Options` (made here, kept by the command) and
// whose work is `action(command, options)`; returns the command and its options, for adding
// them to it.
template <typename Options>
std::pair<CLI::App*, Options*> add_command(CLI::App& parent, const CommandText& text, Run& run,
                                           int (*action)(CLI::App&, Options&)) {
  auto options = std::make_shared<Options>();
  CLI::App* command = add_command(
      parent, text, run, [options, action](CLI::App& self) { return action(self, *options); });
  return {command, options.get()};
}

// The --json flag: one JSON object on standard output instead of the human-readable report.
void add_json_flag(CLI::App& command, bool& json);
// Writes `object` as one line of JSON on standard output (invalid UTF-8 replaced by U+FFFD).
void print_json(const nlohmann::ordered_json& object);

// Gives every option of `command` that the command line left unset the value of the same name in
// the JSON object in `file` ({"steps": 200, "text": "a.txt"}; an option's value from the file is
// checked as on the command line). A value is skipped when the command line gave an option that
// excludes it (--epochs on the command line overrides "steps" in the file). Throws UsageError
// naming the file and the key for a key that is no option of `command`, or a value that is not a
// string, number or boolean, or that the option rejects.
void apply_config_file(CLI::App& command, const std::filesystem::path& file);

// The commands, each defined in its own file.
void add_tokenize(CLI::App& program, Run& run);
void add_detokenize(CLI::App& program, Run& run);
void add_corpus_fetch(CLI::App& corpus, Run& run);  // under "corpus"
void add_corpus_info(CLI::App& corpus, Run& run);
void add_corpus_strip(CLI::App& corpus, Run& run);
void add_train(CLI::App& program, Run& run);
void add_generate(CLI::App& program, Run& run);
void add_eval(CLI::App& program, Run& run);
void add_inspect(CLI::App& program, Run& run);
void add_export(CLI::App& program, Run& run);
void add_import(CLI::App& program, Run& run);

}  // namespace buildgpt::cli
