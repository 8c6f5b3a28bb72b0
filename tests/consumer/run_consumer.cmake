# Installs a tensr build tree into a scratch prefix, then configures, builds and runs
# tests/consumer/project against it with find_package(tensr). Run with cmake -P:
#
#   cmake -DTENSR_BUILD_DIR=<tensr build> -DTENSR_WORK_DIR=<scratch dir>
#         -DTENSR_CONSUMER_SOURCE_DIR=<tests/consumer/project>
#         [-DTENSR_CXX_COMPILER=<c++>] [-DTENSR_GENERATOR=<generator>] [-DTENSR_CONFIG=<config>]
#         [-DTENSR_CONSUMER_OPENMP=ON|OFF] [-DTENSR_CONSUMER_THREADS=<n>]
#         [-DTENSR_CONSUMER_PRECOMPILED=ON] -P run_consumer.cmake
#
# TENSR_CONSUMER_OPENMP is handed to the project as TENSR_OPENMP (the consumer's choice read by
# tensrConfig.cmake); TENSR_CONSUMER_THREADS is the thread count the app must see when run
# with OMP_NUM_THREADS=2. TENSR_CONSUMER_PRECOMPILED also builds and runs the app against the
# installed tensr::precompiled.
cmake_minimum_required(VERSION 3.21)

foreach(var TENSR_BUILD_DIR TENSR_WORK_DIR TENSR_CONSUMER_SOURCE_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_consumer.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT TENSR_CONFIG)
  set(TENSR_CONFIG Release)
endif()

set(prefix ${TENSR_WORK_DIR}/prefix)
set(build ${TENSR_WORK_DIR}/build)
file(REMOVE_RECURSE ${TENSR_WORK_DIR})

function(run step)
  message(STATUS "consumer: ${step}: ${ARGN}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "consumer: ${step} failed (${result})")
  endif()
endfunction()

run(install ${CMAKE_COMMAND} --install ${TENSR_BUILD_DIR} --prefix ${prefix} --config
    ${TENSR_CONFIG})

set(configure_args -S ${TENSR_CONSUMER_SOURCE_DIR} -B ${build} -DCMAKE_PREFIX_PATH=${prefix}
                   -DCMAKE_BUILD_TYPE=${TENSR_CONFIG} -DTENSR_EXPECTED_PREFIX=${prefix})
if(TENSR_GENERATOR)
  list(APPEND configure_args -G ${TENSR_GENERATOR})
endif()
if(TENSR_CXX_COMPILER)
  list(APPEND configure_args -DCMAKE_CXX_COMPILER=${TENSR_CXX_COMPILER})
endif()
if(DEFINED TENSR_CONSUMER_OPENMP)
  list(APPEND configure_args -DTENSR_OPENMP=${TENSR_CONSUMER_OPENMP})
endif()
if(DEFINED TENSR_CONSUMER_THREADS)
  list(APPEND configure_args -DTENSR_CONSUMER_THREADS=${TENSR_CONSUMER_THREADS})
endif()
if(TENSR_CONSUMER_PRECOMPILED)
  list(APPEND configure_args -DTENSR_CONSUMER_PRECOMPILED=ON)
endif()
run(configure ${CMAKE_COMMAND} ${configure_args})
run(build ${CMAKE_COMMAND} --build ${build} --config ${TENSR_CONFIG})

find_program(app NAMES app PATHS ${build} ${build}/${TENSR_CONFIG} NO_DEFAULT_PATH
             NO_CACHE REQUIRED)
set(ENV{OMP_NUM_THREADS} 2)
run(run ${app})
if(TENSR_CONSUMER_PRECOMPILED)
  find_program(app_precompiled NAMES app_precompiled PATHS ${build} ${build}/${TENSR_CONFIG}
               NO_DEFAULT_PATH NO_CACHE REQUIRED)
  run(run_precompiled ${app_precompiled})
endif()
message(STATUS "consumer: ok")
