# One compile-fail check: runs the compiler on a failtest source in syntax-only mode (the
# front end does all the work a compile-time error needs: parsing, overload resolution,
# template instantiation, static_assert), so no object is written and no build tree is shared
# between checks. Run with cmake -P:
#
#   cmake -DTENSR_CXX=<compiler> -DTENSR_SOURCE=<file.cpp> -DTENSR_MODE=ok|fail
#         [-DTENSR_FLAGS=<flag;flag;...>] [-DTENSR_EXPECT=<CMake regex>] -P compile.cmake
#
# ok: the source must compile. fail: it must not (built with -DTENSR_FAILTEST), and with
# TENSR_EXPECT the compiler's first error line must match the regex: the diagnostic a user
# sees first is the one we promise.
cmake_minimum_required(VERSION 3.21)

foreach(var TENSR_CXX TENSR_SOURCE TENSR_MODE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "compile.cmake: -D${var}=... is required")
  endif()
endforeach()

set(flags ${TENSR_FLAGS})
if(TENSR_MODE STREQUAL "fail")
  list(APPEND flags -DTENSR_FAILTEST)
elseif(NOT TENSR_MODE STREQUAL "ok")
  message(FATAL_ERROR "compile.cmake: TENSR_MODE is ok or fail, not '${TENSR_MODE}'")
endif()

execute_process(COMMAND ${TENSR_CXX} ${flags} -fsyntax-only ${TENSR_SOURCE}
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
message("${output}")
if(TENSR_MODE STREQUAL "ok")
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${TENSR_SOURCE} must compile, but it does not (see above)")
  endif()
  return()
endif()

if(result EQUAL 0)
  message(FATAL_ERROR "${TENSR_SOURCE} compiled with -DTENSR_FAILTEST, but it must not")
endif()
string(REGEX MATCH "[^\n]*error:[^\n]*" first_error "${output}")
if(NOT first_error)
  message(FATAL_ERROR "${TENSR_SOURCE} failed without a compiler error (see above)")
endif()
if(DEFINED TENSR_EXPECT AND NOT first_error MATCHES "${TENSR_EXPECT}")
  message(FATAL_ERROR "the first error does not match \"${TENSR_EXPECT}\":\n  ${first_error}")
endif()
if(DEFINED TENSR_EXPECT)
  message(STATUS "first error matches \"${TENSR_EXPECT}\"")
endif()
