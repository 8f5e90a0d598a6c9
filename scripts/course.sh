#!/usr/bin/env bash
# Your progress through the lessons' exercises.
#   bash scripts/course.sh status     every lesson: exercises passed of all, the next one to write
#   bash scripts/course.sh check NN   lesson NN's exercise tests: what failed, and why
# Both first build the learner preset (the lessons built from your exercises.cpp): the first time
# that builds the whole library (minutes, see docs/learning.md); after that only what you changed.
# An exercise counts as passed when every one of its tests passes.
# With BUILDGPT_COURSE_BUILD=DIR it reads the tests built in DIR instead, and builds nothing (the
# test suite runs it on the default build, where the worked answers pass every exercise).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BUILDGPT_COURSE_BUILD:-build/learner}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

usage() {
  sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'
}

# The lesson folders that have exercises, in course order.
lessons() {
  for dir in lessons/[0-9][0-9]_*/; do
    [ -f "$dir/exercises.cpp" ] && basename "$dir"
  done
}

configure() {
  [ -z "${BUILDGPT_COURSE_BUILD:-}" ] || return 0
  if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    echo "configuring the learner preset (once)..." >&2
    cmake --preset learner >"$logs/configure.log" 2>&1 || {
      cat "$logs/configure.log" >&2
      exit 1
    }
  fi
}

# Builds lesson NN's exercise tests; the compiler's output goes to $logs/buildNN.log.
build_lesson() {
  [ -z "${BUILDGPT_COURSE_BUILD:-}" ] || return 0
  cmake --build --preset learner --target "lesson$1_exercises" >"$logs/build$1.log" 2>&1
}

# "N name" for each exercise of a lesson folder, from its exercises.h: the number in the
# "// Exercise N:" comment and the function declared after it.
exercise_names() {
  awk '
    /^\/\/ Exercise [0-9]+/ { n = $3; sub(/[^0-9].*/, "", n); pending = 1; next }
    pending && /^[A-Za-z].*\(/ {
      line = $0; sub(/\(.*/, "", line); k = split(line, words, /[ *&]+/)
      print n, words[k]; pending = 0
    }' "lessons/$1/exercises.h"
}

# Runs a test program with a time limit, its output into file $1. A crash is reported in the
# results, not by bash (the subshell's stderr is closed, and it ends with status 0).
run_quietly() {
  local out=$1
  shift
  (
    timeout 300 "$@" >"$out" 2>&1 || true
    exit 0
  ) 2>/dev/null
}

# Runs a lesson's exercise tests; writes "Exercise<N>.<Test> PASS|FAIL [note]" lines to
# $logs/results<NN>, the note "not-written" or "crashed". Each test that the run left without a
# result (a crash stops the program) is run again on its own.
run_tests() {
  local folder=$1 number=${1:0:2}
  local binary="$build_dir/lessons/$folder/lesson${number}_exercises"
  local out="$logs/run$number.log" results="$logs/results$number" single="$logs/single.log"
  : >"$results"
  run_quietly "$out" "$binary" --gtest_color=no
  local suite="" name
  while IFS= read -r line; do
    if [[ $line =~ ^([A-Za-z0-9_]+)\.$ ]]; then
      suite=${BASH_REMATCH[1]}
      continue
    fi
    name="$suite.${line#  }"
    name=${name%%  #*}
    local from=$out
    if ! grep -qF -e "[       OK ] $name (" -e "[  FAILED  ] $name (" "$out"; then
      run_quietly "$single" "$binary" --gtest_color=no --gtest_filter="$name"
      from=$single
    fi
    if grep -qF "[       OK ] $name (" "$from"; then
      echo "$name PASS" >>"$results"
    elif grep -qF "[  FAILED  ] $name (" "$from"; then
      echo "$name FAIL $(test_note "$from" "$name")" >>"$results"
    else
      echo "$name FAIL crashed" >>"$results"
    fi
  done < <("$binary" --gtest_list_tests | grep -v '^Running main')
}

# "not-written" when a failing test's output says that its exercise still throws.
test_note() {
  sed -n "/^\[ RUN      \] $2\$/,/^\[  FAILED  \] $2 (/p" "$1" | grep -q 'is not written yet' &&
    echo not-written || true
}

# Prints "passed total next" for a lesson from its results: the number of exercises whose tests
# all pass, the number of exercises, and the first exercise that does not pass (0 when none).
tally() {
  awk '
    { split($1, parts, "."); n = parts[1]; sub(/Exercise/, "", n); n += 0
      seen[n] = 1
      if ($2 != "PASS") { failed[n] = 1; if ($3 != "") note[n] = $3 } }
    END {
      passed = 0; total = 0; next_one = 0
      for (n in seen) { total++; if (!(n in failed)) passed++
                        else if (next_one == 0 || n + 0 < next_one) next_one = n + 0 }
      state = "written, fails"
      if (note[next_one] == "not-written") state = "not written yet"
      if (note[next_one] == "crashed") state = "crashes"
      print passed, total, next_one, state
    }' "$1"
}

status() {
  configure
  local folders total_passed=0 total=0
  mapfile -t folders < <(lessons)
  printf '%-24s  %-9s  %s\n' "lesson" "exercises" "next exercise to write"
  for folder in "${folders[@]}"; do
    local number=${folder:0:2}
    if ! build_lesson "$number"; then
      printf '%-24s  %-9s  %s\n' "$folder" "?" \
        "does not compile: bash scripts/course.sh check $number shows why"
      continue
    fi
    run_tests "$folder"
    local passed count next state
    read -r passed count next state < <(tally "$logs/results$number")
    total_passed=$((total_passed + passed))
    total=$((total + count))
    local what="all done"
    if [ "$next" -ne 0 ]; then
      local name
      name=$(exercise_names "$folder" | awk -v n="$next" '$1 == n { print $2 }')
      what="exercise $next, ${name:-?} ($state), in lessons/$folder/exercises.cpp"
    fi
    printf '%-24s  %-9s  %s\n' "$folder" "$passed of $count" "$what"
  done
  printf '%-24s  %s\n' "all lessons" "$total_passed of $total"
}

check() {
  local number=$1 folder
  folder=$(lessons | grep "^$number" || true)
  if [ -z "$folder" ]; then
    echo "course: no lesson $number with exercises (lessons: $(lessons | cut -c1-2 | tr '\n' ' '))" >&2
    exit 2
  fi
  configure
  echo "building lesson $number's exercise tests (learner preset)..."
  if ! build_lesson "$number"; then
    grep -E 'error|Error' -A3 "$logs/build$number.log" | head -60
    echo
    echo "lessons/$folder/exercises.cpp does not compile (the errors above)."
    exit 1
  fi
  local binary="$build_dir/lessons/$folder/lesson${number}_exercises"
  # Only the failing tests, each with what it expected and what it got.
  run_quietly "$logs/brief.log" "$binary" --gtest_brief=1
  grep -v '^Running main' "$logs/brief.log" || true
  run_tests "$folder"
  echo
  local failing=0
  while read -r n name; do
    local tests passing
    tests=$(grep -c "^Exercise$n\\." "$logs/results$number" || true)
    passing=$(grep -c "^Exercise$n\\..* PASS" "$logs/results$number" || true)
    local verdict="passes (all $tests tests)"
    if [ "$passing" -ne "$tests" ]; then
      failing=1
      if grep -q "^Exercise$n\\..* not-written" "$logs/results$number"; then
        verdict="not written yet"
      elif grep -q "^Exercise$n\\..* crashed" "$logs/results$number"; then
        verdict="crashes (a test stopped the program)"
      else
        verdict="$((tests - passing)) of $tests tests fail"
      fi
    fi
    printf 'exercise %s  %-32s %s\n' "$n" "$name" "$verdict"
  done < <(exercise_names "$folder")
  if [ "$failing" -eq 0 ]; then
    echo "lesson $number: every exercise passes"
  else
    echo "lesson $number: write or fix the exercises above in lessons/$folder/exercises.cpp"
  fi
  return "$failing"
}

case "${1:-}" in
  status) status ;;
  check)
    [ $# -eq 2 ] || { usage >&2; exit 2; }
    check "$(printf '%02d' "$((10#$2))")"
    ;;
  -h | --help) usage ;;
  *) usage >&2; exit 2 ;;
esac
