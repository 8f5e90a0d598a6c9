# Runs the buildgpt program on a small text: tokenize and detokenize with the char tokenizer, and
# the exit code of command-line mistakes.
# cmake -DBUILDGPT=path/to/buildgpt -DWORK_DIR=scratch/folder -P tokenize_char.cmake
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
set(text ${WORK_DIR}/text.txt)
# Vocabulary: "\n" 0, "a" 1, "b" 2, "c" 3, "é" 4.
file(WRITE ${text} "abca\nbé")

function(expect_run expected_rc expected_out)
  execute_process(COMMAND ${BUILDGPT} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE err INPUT_FILE ${input})
  if(NOT rc EQUAL expected_rc)
    message(FATAL_ERROR "buildgpt ${ARGN}: exit code ${rc}, expected ${expected_rc}\n${err}")
  endif()
  if(NOT "${expected_out}" STREQUAL "-" AND NOT out STREQUAL expected_out)
    message(FATAL_ERROR "buildgpt ${ARGN}: printed '${out}', expected '${expected_out}'")
  endif()
endfunction()

set(input ${text})
expect_run(0 "1 2 3 1 0 2 4\n" tokenize --tokenizer char --vocab-from ${text} ${text})
expect_run(0 "1 2 3 1 0 2 4\n" tokenize --tokenizer char --vocab-from ${text} -)

file(WRITE ${WORK_DIR}/ids.txt "4 0 3 2\n1")
set(input ${WORK_DIR}/ids.txt)
expect_run(0 "é\ncba" detokenize --tokenizer char --vocab-from ${text} -)
expect_run(1 "" detokenize --tokenizer char --vocab-from ${text} ${text})  # not ids

expect_run(2 "" frobnicate)
expect_run(2 "" tokenize --tokenizer char --bogus ${text})
expect_run(2 "" tokenize --tokenizer char)
expect_run(2 "" tokenize --tokenizer nonesuch ${text})
expect_run(2 "" corpus nonesuch)
expect_run(0 "-" tokenize --help)
