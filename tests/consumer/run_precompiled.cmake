# The precompiled kernels by hand, with the single header and a bare compiler command line:
# main.cpp alone, built with -DTENSR_EXTERN_TEMPLATES, must not link (its kernels are declared,
# not compiled, there); with kernels.cpp (TENSR_INSTANTIATE_TEMPLATES) it must link and run.
#
#   cmake -DTENSR_CXX_COMPILER=<c++> -DTENSR_INCLUDE_DIR=<single_include>
#         -DTENSR_SOURCE_DIR=<consumer/precompiled> -DTENSR_OUTPUT=<executable>
#         -P run_precompiled.cmake
cmake_minimum_required(VERSION 3.21)

foreach(var TENSR_CXX_COMPILER TENSR_INCLUDE_DIR TENSR_SOURCE_DIR TENSR_OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_precompiled.cmake: -D${var}=... is required")
  endif()
endforeach()

set(flags -std=c++20 -O1 -DTENSR_EXTERN_TEMPLATES -I ${TENSR_INCLUDE_DIR})
file(REMOVE ${TENSR_OUTPUT})
execute_process(COMMAND ${TENSR_CXX_COMPILER} ${flags} ${TENSR_SOURCE_DIR}/main.cpp
                        -o ${TENSR_OUTPUT} RESULT_VARIABLE result ERROR_VARIABLE errors)
if(result EQUAL 0)
  message(FATAL_ERROR "precompiled: main.cpp linked without kernels.cpp; "
                      "TENSR_EXTERN_TEMPLATES did not keep the kernels out of it")
endif()
if(NOT errors MATCHES "gemm_run")
  message(FATAL_ERROR "precompiled: main.cpp alone failed, but not for want of the "
                      "precompiled kernels:\n${errors}")
endif()
execute_process(COMMAND ${TENSR_CXX_COMPILER} ${flags} ${TENSR_SOURCE_DIR}/main.cpp
                        ${TENSR_SOURCE_DIR}/kernels.cpp -o ${TENSR_OUTPUT} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "precompiled: building main.cpp with kernels.cpp failed (${result})")
endif()
execute_process(COMMAND ${TENSR_OUTPUT} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "precompiled: ${TENSR_OUTPUT} returned ${result}")
endif()
message(STATUS "precompiled: ok")
