#include "apps/command.h"

#include <iostream>

#include "io/json_document.h"
#include "io/read_file.h"

namespace buildgpt::cli {

CLI::App* add_command(CLI::App& parent, const CommandText& text, Run& run, Action action) {
  CLI::App* command = parent.add_subcommand(text.name, text.summary);
  if (!text.footer.empty()) command->footer(text.footer);
  command->callback([&run, command, action = std::move(action)] {
    run = [command, action] { return action(*command); };
  });
  return command;
}

void add_json_flag(CLI::App& command, bool& json) {
  command.add_flag("--json", json, "print one JSON object instead of the report");
}

void print_json(const nlohmann::ordered_json& object) {
  std::cout << object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

namespace {

// The value as the command line would spell it.
std::string option_text(const nlohmann::json& value, const std::string& where) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number()) return value.dump();
  throw UsageError(where + ": expected a string, a number or true/false, got " +
                   json_excerpt(value));
}

// Whether the command line gave `option` or an option that excludes it.
bool given_on_command_line(const CLI::Option& option) {
  if (option.count() > 0) return true;
  for (const CLI::Option* other : option.get_excludes()) {
    if (other->count() > 0) return true;
  }
  return false;
}

}  // namespace

void apply_config_file(CLI::App& command, const std::filesystem::path& file) {
  const nlohmann::json config = parse_json_document(read_file(file), file.string());
  if (!config.is_object()) throw UsageError(file.string() + ": expected a JSON object of options");
  for (const auto& [key, value] : config.items()) {
    const std::string where = file.string() + ": \"" + key + "\"";
    CLI::Option* option = command.get_option_no_throw("--" + key);
    if (!option || !option->get_configurable()) {
      throw UsageError(where + " is not an option of buildgpt " + command.get_name());
    }
    if (value.is_null() || given_on_command_line(*option)) continue;
    try {
      option->add_result(option_text(value, where));
      option->run_callback();
    } catch (const CLI::ParseError& e) {
      throw UsageError(where + ": " + e.what());
    }
  }
}

}  // namespace buildgpt::cli
