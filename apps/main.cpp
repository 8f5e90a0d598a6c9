// buildgpt: the project's command-line program. `buildgpt --help` lists the commands.
#include <exception>
#include <iostream>
#include <span>
#include <string>
#include <string_view>

#include "apps/command.h"
#include "apps/std_streams.h"

namespace {

using buildgpt::cli::Command;

const Command* const kCommands[] = {&buildgpt::cli::kTokenize, &buildgpt::cli::kDetokenize,
                                    &buildgpt::cli::kCorpusFetch, &buildgpt::cli::kCorpusInfo,
                                    &buildgpt::cli::kCorpusStrip};

void print_help(std::ostream& out) {
  out << "usage: buildgpt COMMAND [ARGS...]   (buildgpt COMMAND --help for more)\n\ncommands:\n";
  for (const Command* c : kCommands) out << "  " << c->name << "\n      " << c->summary << "\n";
}

// The command named by the first one or two words of `args`, and how many words it took.
std::pair<const Command*, size_t> find_command(std::span<char* const> args) {
  for (const Command* c : kCommands) {
    const size_t words = c->name.find(' ') == std::string_view::npos ? 1 : 2;
    if (args.size() < words) continue;
    std::string name = args[0];
    if (words == 2) name += std::string(" ") + args[1];
    if (name == c->name) return {c, words};
  }
  return {nullptr, 0};
}

// Runs the command named by `args`; sets `program` to "buildgpt COMMAND" once the command is
// known. Reports its own errors; returns the exit code.
int run(std::span<char* const> args, std::string& program) {
  if (args.empty()) {
    print_help(std::cerr);
    return 2;
  }
  if (std::string_view(args[0]) == "--help" || std::string_view(args[0]) == "-h") {
    print_help(std::cout);
    return 0;
  }
  const auto [command, words] = find_command(args);
  if (!command) {
    std::cerr << "buildgpt: unknown command '" << args[0]
              << (std::string_view(args[0]) == "corpus" && args.size() > 1
                      ? std::string(" ") + args[1]
                      : "")
              << "'\n\n";
    print_help(std::cerr);
    return 2;
  }
  program = "buildgpt " + std::string(command->name);
  try {
    const buildgpt::cli::Args parsed(args.subspan(words), command->value_options);
    if (parsed.help()) {
      std::cout << command->usage;
      return 0;
    }
    return command->run(parsed);
  } catch (const buildgpt::cli::UsageError& e) {
    std::cerr << program << ": " << e.what() << "\n\n" << command->usage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  buildgpt::cli::StandardStreams streams;
  std::string program = "buildgpt";
  const int exit_code =
      run(std::span<char* const>(argv + 1, static_cast<size_t>(argc - 1)), program);
  return streams.finish(exit_code, program);
}
