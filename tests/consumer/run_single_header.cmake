# Compiles one .cpp file against the single header with nothing but -std=c++20 -I<dir>, then
# runs it. Run with cmake -P:
#
#   cmake -DTENSR_CXX_COMPILER=<c++> -DTENSR_INCLUDE_DIR=<single_include>
#         -DTENSR_SOURCE=<one_file.cpp> -DTENSR_OUTPUT=<executable> -P run_single_header.cmake
cmake_minimum_required(VERSION 3.21)

foreach(var TENSR_CXX_COMPILER TENSR_INCLUDE_DIR TENSR_SOURCE TENSR_OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_single_header.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE ${TENSR_OUTPUT})
execute_process(COMMAND ${TENSR_CXX_COMPILER} -std=c++20 -I ${TENSR_INCLUDE_DIR} ${TENSR_SOURCE}
                        -o ${TENSR_OUTPUT} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "single header: compiling ${TENSR_SOURCE} failed (${result})")
endif()
execute_process(COMMAND ${TENSR_OUTPUT} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "single header: ${TENSR_OUTPUT} returned ${result}")
endif()
message(STATUS "single header: ok")
