# Cross build for 64-bit ARM Linux (AArch64) with Debian's cross compiler
# (g++-aarch64-linux-gnu), tests run under qemu-user:
#
#   cmake -S . -B build/arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
#   cmake --build build/arm64 --target tensr_arm64_tests && ctest --test-dir build/arm64 -L arm64
#
# TENSR_AARCH64_PREFIX (default aarch64-linux-gnu) names the compiler's prefix,
# TENSR_AARCH64_SYSROOT (default /usr/aarch64-linux-gnu) where the target's libraries live.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

if(NOT DEFINED TENSR_AARCH64_PREFIX)
  set(TENSR_AARCH64_PREFIX aarch64-linux-gnu)
endif()
if(NOT DEFINED TENSR_AARCH64_SYSROOT)
  set(TENSR_AARCH64_SYSROOT /usr/${TENSR_AARCH64_PREFIX})
endif()
# try_compile projects see the toolchain file again; these carry the choice into them.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES TENSR_AARCH64_PREFIX TENSR_AARCH64_SYSROOT)

set(CMAKE_C_COMPILER ${TENSR_AARCH64_PREFIX}-gcc)
set(CMAKE_CXX_COMPILER ${TENSR_AARCH64_PREFIX}-g++)

# ctest runs each test executable through qemu; -L points its dynamic loader at the target's
# libc, libstdc++ and libgomp (libgomp1-arm64-cross).
find_program(TENSR_QEMU_AARCH64 qemu-aarch64)
if(TENSR_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${TENSR_QEMU_AARCH64} -L ${TENSR_AARCH64_SYSROOT})
endif()

# Libraries and headers come from the target's tree only; programs (python3, the tools the
# tests call) from the host.
set(CMAKE_FIND_ROOT_PATH ${TENSR_AARCH64_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# Package configs from both: doctest is header-only and installs an architecture-independent
# config (/usr/lib/cmake/doctest), which must be found here too. The host's compiled packages
# (Google Benchmark, OpenBLAS) keep theirs under /usr/lib/<host triplet>/cmake, which a
# search for this target (library architecture aarch64-linux-gnu) does not visit.
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
