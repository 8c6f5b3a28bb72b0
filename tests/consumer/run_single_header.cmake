# Compiles one .cpp file against the single header with nothing but -std=c++20 -I<dir>, then
# runs it. Run with cmake -P:
#
#   cmake -DTENSR_CXX_COMPILER=<c++> -DTENSR_INCLUDE_DIR=<single_include>
#         -DTENSR_SOURCE=<one_file.cpp> -DTENSR_OUTPUT=<executable>
#         [-DTENSR_FLAGS=<more flags, ;-separated>] [-DTENSR_ARGS=<program arguments>]
#         -P run_single_header.cmake
# The program runs with OMP_NUM_THREADS=2.
cmake_minimum_required(VERSION 3.21)

foreach(var TENSR_CXX_COMPILER TENSR_INCLUDE_DIR TENSR_SOURCE TENSR_OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_single_header.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE ${TENSR_OUTPUT})
execute_process(COMMAND ${TENSR_CXX_COMPILER} -std=c++20 ${TENSR_FLAGS} -I ${TENSR_INCLUDE_DIR}
                        ${TENSR_SOURCE} -o ${TENSR_OUTPUT} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "single header: compiling ${TENSR_SOURCE} failed (${result})")
endif()
set(ENV{OMP_NUM_THREADS} 2)
execute_process(COMMAND ${TENSR_OUTPUT} ${TENSR_ARGS} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "single header: ${TENSR_OUTPUT} returned ${result}")
endif()
message(STATUS "single header: ok")
