// The command line every lesson program shares: --quick, --out DIR, --help.
#pragma once

#include <filesystem>
#include <string_view>

namespace buildgpt::lessons {

struct LessonOptions {
  bool quick = false;             // tiny sizes on one thread, seconds: what the test suite runs
  std::filesystem::path out_dir;  // where plots and CSV files go (created)
};

// lesson: the folder name, e.g. "04_softmax_temperature" (out/<lesson>/ by default);
// about: one line saying what the program does, for --help. Exits on --help (0) or on an
// unknown argument (2, with the usage).
LessonOptions parse_lesson_options(int argc, char** argv, std::string_view lesson,
                                   std::string_view about);

}  // namespace buildgpt::lessons
