# Runs an example and compares what it prints with its golden file. Run with cmake -P:
#
#   cmake -DEXAMPLE=<executable> -DEXPECTED=<examples/name.expected> -P run_example.cmake
#
# To refresh a golden file after an intended change: build/.../examples/<name> > <name>.expected
cmake_minimum_required(VERSION 3.21)

execute_process(COMMAND ${EXAMPLE} RESULT_VARIABLE result OUTPUT_VARIABLE output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${EXAMPLE} returned ${result}")
endif()
file(READ ${EXPECTED} expected)
if(NOT output STREQUAL expected)
  string(REGEX REPLACE "\\.expected$" ".actual" actual_file ${EXPECTED})
  get_filename_component(actual_file ${actual_file} NAME)
  set(actual_file ${CMAKE_CURRENT_BINARY_DIR}/${actual_file})
  file(WRITE ${actual_file} "${output}")
  find_program(diff_program diff NO_CACHE)
  if(diff_program)
    execute_process(COMMAND ${diff_program} -u ${EXPECTED} ${actual_file})
  endif()
  message(FATAL_ERROR "the output of ${EXAMPLE} differs from ${EXPECTED} "
                      "(actual output: ${actual_file})")
endif()
