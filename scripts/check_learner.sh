#!/usr/bin/env bash
# Proves that the lessons' tests test the learner's code: built with the untouched exercises.cpp
# (the learner preset), every lesson's exercise tests must fail. (With solutions.cpp, the default
# build, they pass: scripts/test.sh.) Then the progress table, scripts/course.sh status, must show
# every lesson at 0 exercises passed.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset learner >/dev/null
cmake --build --preset learner --target lesson_exercises

status=0
lessons=0
for dir in lessons/[0-9][0-9]_*/; do
  [ -f "$dir/exercises.cpp" ] || continue
  number=$(basename "$dir" | cut -c1-2)
  lessons=$((lessons + 1))
  out=$(ctest --preset learner -L "^lesson$number\$" 2>&1 || true)
  summary=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' <<<"$out" || true)
  total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
  failed=$(sed -E 's/.* ([0-9]+) tests? failed.*/\1/' <<<"$summary")
  if [ -z "$summary" ] || [ "${total:-0}" -eq 0 ]; then
    echo "learner check: lesson $number ran no exercise tests"
    status=1
  elif [ "$failed" -ne "$total" ]; then
    echo "learner check: lesson $number: $((total - failed)) of $total exercise tests pass with the untouched stubs:"
    grep -E 'Test +#[0-9]+: .* Passed' <<<"$out" | sed 's/^/    /'
    status=1
  else
    echo "learner check: lesson $number: all $total exercise tests fail with the stubs, as they should"
  fi
done
if [ "$lessons" -eq 0 ]; then
  echo "learner check: no lesson has exercises"
  exit 1
fi

# The progress table a learner starts from: every lesson at 0 of its exercises.
table=$(bash scripts/course.sh status)
echo "$table"
rows=$(grep -cE '^[0-9]{2}_[a-z0-9_]+ +0 of [1-9][0-9]* ' <<<"$table" || true)
if [ "$rows" -ne "$lessons" ]; then
  echo "learner check: course.sh status shows $rows of $lessons lessons at 0 exercises passed"
  status=1
fi
exit $status
