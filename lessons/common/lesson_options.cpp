#include "lessons/common/lesson_options.h"

#include <omp.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace buildgpt::lessons {
namespace {

void usage(std::FILE* to, const char* program, std::string_view about) {
  std::fprintf(to,
               "%.*s\n\nusage: %s [--quick] [--out DIR]\n"
               "  --quick    tiny sizes on one thread, finishes in seconds (what the tests run)\n"
               "  --out DIR  where to write plots and CSV files (default out/<lesson>/)\n",
               static_cast<int>(about.size()), about.data(), program);
}

}  // namespace

LessonOptions parse_lesson_options(int argc, char** argv, std::string_view lesson,
                                   std::string_view about) {
  LessonOptions options;
  options.out_dir = std::filesystem::path("out") / lesson;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--quick") {
      options.quick = true;
    } else if (arg == "--out" && i + 1 < argc) {
      options.out_dir = argv[++i];
    } else if (arg == "--help" || arg == "-h") {
      usage(stdout, argv[0], about);
      std::exit(0);
    } else {
      std::fprintf(stderr, "%s: unknown argument '%s'\n\n", argv[0], arg.c_str());
      usage(stderr, argv[0], about);
      std::exit(2);
    }
  }
  // Quick runs are what the test suite runs, several side by side: one thread each keeps them
  // from waiting on each other's threads.
  if (options.quick) omp_set_num_threads(1);
  std::filesystem::create_directories(options.out_dir);
  return options;
}

}  // namespace buildgpt::lessons
