# Builds a compile-fail target that must not compile, and checks that the compiler's first
# error line matches a regex: the diagnostic a user sees first is the one we promise.
# Run with cmake -P:
#
#   cmake -DTENSR_BUILD_DIR=<build> -DTENSR_TARGET=<target> -DTENSR_EXPECT=<CMake regex>
#         [-DTENSR_CONFIG=<config>] -P expect_error.cmake
cmake_minimum_required(VERSION 3.21)

foreach(var TENSR_BUILD_DIR TENSR_TARGET TENSR_EXPECT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "expect_error.cmake: -D${var}=... is required")
  endif()
endforeach()

execute_process(COMMAND ${CMAKE_COMMAND} --build ${TENSR_BUILD_DIR} --target ${TENSR_TARGET}
                        --config "${TENSR_CONFIG}"
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
message("${output}")
if(result EQUAL 0)
  message(FATAL_ERROR "${TENSR_TARGET} compiled, but it must not")
endif()

string(REGEX MATCH "[^\n]*error:[^\n]*" first_error "${output}")
if(NOT first_error)
  message(FATAL_ERROR "${TENSR_TARGET} failed without a compiler error (see above)")
endif()
if(NOT first_error MATCHES "${TENSR_EXPECT}")
  message(FATAL_ERROR "the first error does not match \"${TENSR_EXPECT}\":\n  ${first_error}")
endif()
message(STATUS "first error matches \"${TENSR_EXPECT}\"")
