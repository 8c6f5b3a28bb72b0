# Runs an example and compares what it prints with its expected output. Run with cmake -P:
#
#   cmake -DEXAMPLE=<executable> -DEXPECTED=<examples/name.expected> -DCOMPARE=<compare_output>
#         -P run_example.cmake
#
# The comparison is compare_output's (examples/compare/compare_output.cpp): token by token,
# text exactly, numbers within a relative + absolute tolerance, with per-example directives
# at the top of the .expected file. The output is kept as <name>.actual in the working
# directory when it does not match.
#
# To refresh an expected file after an intended change, build in Release and keep its
# directive lines: { grep '^#!' <name>.expected; build/.../examples/<name>; } > new file
cmake_minimum_required(VERSION 3.21)

execute_process(COMMAND ${EXAMPLE} RESULT_VARIABLE result OUTPUT_VARIABLE output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${EXAMPLE} returned ${result}")
endif()
get_filename_component(name ${EXPECTED} NAME_WE)
set(actual_file ${CMAKE_CURRENT_BINARY_DIR}/${name}.actual)
file(WRITE ${actual_file} "${output}")
execute_process(COMMAND ${COMPARE} ${EXPECTED} ${actual_file} RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  find_program(diff_program diff NO_CACHE)
  if(diff_program)
    execute_process(COMMAND ${diff_program} -u ${EXPECTED} ${actual_file})
  endif()
  message(FATAL_ERROR "the output of ${EXAMPLE} differs from ${EXPECTED} "
                      "(actual output: ${actual_file})")
endif()
file(REMOVE ${actual_file})
