// What an exercise throws until the learner writes it.
#pragma once

#include <cstdio>
#include <stdexcept>
#include <string>

namespace buildgpt::lessons {

class NotImplemented : public std::logic_error {
 public:
  // exercise: e.g. "exercise 2, gelu_derivative"; file: the lesson's exercises.cpp.
  NotImplemented(const std::string& exercise, const std::string& file)
      : std::logic_error(exercise + " is not written yet: open " + file +
                         " and replace the throw") {}
};

// Runs `show`, which prints something computed by the learner's code; when an exercise is not
// written yet, prints that instead, so the lesson program runs either way.
template <typename Show>
void show_exercise(const char* title, Show show) {
  std::printf("\n-- your code: %s --\n", title);
  try {
    show();
  } catch (const NotImplemented& e) {
    std::printf("   %s\n", e.what());
  }
}

}  // namespace buildgpt::lessons
