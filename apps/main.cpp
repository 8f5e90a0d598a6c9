// buildgpt: the project's command-line program. `buildgpt --help` lists the commands,
// `buildgpt COMMAND --help` a command's options and their defaults.
#include <exception>
#include <iostream>
#include <string>

#include "apps/command.h"
#include "apps/std_streams.h"

namespace {

using buildgpt::cli::Run;

// "buildgpt", "buildgpt train", "buildgpt corpus info": the commands the command line chose.
std::string chosen_command(const CLI::App& program) {
  std::string name = program.get_name();
  for (const CLI::App* app = &program; !app->get_subcommands().empty();) {
    app = app->get_subcommands().front();
    name += " " + app->get_name();
  }
  return name;
}

// The command the chosen one lacks, when the command line named one: "frobnicate" in
// `buildgpt frobnicate`, "nonesuch" in `buildgpt corpus nonesuch`.
std::string unknown_command(const CLI::App& program) {
  const CLI::App* app = &program;
  while (!app->get_subcommands().empty()) app = app->get_subcommands().front();
  const std::vector<std::string> rest = app->remaining();
  if (app->get_subcommands({}).empty() || rest.empty()) return "";
  return rest.front();
}

// Parses the command line and runs the command chosen; reports its own errors, sets `name` to the
// command's ("buildgpt train") and returns the exit code: 0 success, 1 failure, 2 a mistake on
// the command line.
int run(int argc, char** argv, std::string& name) {
  CLI::App program("buildgpt: train, sample, evaluate and convert GPT models; tokenize text",
                   "buildgpt");
  program.require_subcommand(1);
  // --help shows every default; an option given twice takes its last value.
  program.option_defaults()->always_capture_default()->multi_option_policy(
      CLI::MultiOptionPolicy::TakeLast);
  Run command;
  buildgpt::cli::add_train(program, command);
  buildgpt::cli::add_generate(program, command);
  buildgpt::cli::add_eval(program, command);
  buildgpt::cli::add_inspect(program, command);
  buildgpt::cli::add_export(program, command);
  buildgpt::cli::add_import(program, command);
  buildgpt::cli::add_tokenize(program, command);
  buildgpt::cli::add_detokenize(program, command);
  CLI::App* corpus = program.add_subcommand("corpus", "text corpora: fetch, info, strip");
  corpus->require_subcommand(1);
  buildgpt::cli::add_corpus_fetch(*corpus, command);
  buildgpt::cli::add_corpus_info(*corpus, command);
  buildgpt::cli::add_corpus_strip(*corpus, command);
  auto usage = [&](const std::exception& e) {
    name = chosen_command(program);
    std::cerr << name << ": " << e.what() << " (see " << name << " --help)\n";
    return 2;
  };
  try {
    program.parse(argc, argv);
    name = chosen_command(program);
    return command();
  } catch (const CLI::CallForHelp&) {
    name = chosen_command(program);
    std::cout << program.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    if (const std::string unknown = unknown_command(program); !unknown.empty()) {
      return usage(std::invalid_argument("unknown command '" + unknown + "'"));
    }
    return usage(e);
  } catch (const buildgpt::cli::UsageError& e) {
    return usage(e);
  } catch (const std::exception& e) {
    std::cerr << name << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  buildgpt::cli::StandardStreams streams;
  std::string name = "buildgpt";
  const int exit_code = run(argc, argv, name);
  return streams.finish(exit_code, name);
}
