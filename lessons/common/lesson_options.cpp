#include "lessons/common/lesson_options.h"

#include <omp.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <string>

namespace buildgpt::lessons {

LessonOptions parse_lesson_options(int argc, char** argv, std::string_view lesson,
                                   std::string_view about) {
  LessonOptions options;
  std::string out_dir = (std::filesystem::path("out") / lesson).string();
  CLI::App app(std::string(about), argv[0]);
  app.add_flag("--quick", options.quick,
               "tiny sizes on one thread, finishes in seconds (what the tests run)");
  app.add_option("--out", out_dir, "where to write plots and CSV files")->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    std::exit(0);
  } catch (const CLI::ParseError& e) {
    std::cerr << argv[0] << ": " << e.what() << "\n\n" << app.help();
    std::exit(2);
  }
  options.out_dir = out_dir;
  // Quick runs are what the test suite runs, several side by side: one thread each keeps them
  // from waiting on each other's threads.
  if (options.quick) omp_set_num_threads(1);
  std::filesystem::create_directories(options.out_dir);
  return options;
}

}  // namespace buildgpt::lessons
