# The Python 3 interpreters tensr's tests run, found without assuming a path:
#   TENSR_PYTHON      a Python 3 (scripts/amalgamate.py --check needs only the standard library)
#   TENSR_NPY_PYTHON  a Python 3 that imports numpy, or empty when there is none
# Candidates, in order: values given with -DTENSR_NPY_PYTHON=... / -DTENSR_PYTHON=..., the
# interpreter CMake's FindPython3 picks, then every python3 and python on PATH. The first that
# imports numpy becomes TENSR_NPY_PYTHON, and TENSR_PYTHON prefers it. Several are tried
# because the first Python on PATH is often a virtualenv or pyenv one without NumPy while the
# system's has it.
function(tensr_find_python)
  set(candidates)
  foreach(var TENSR_NPY_PYTHON TENSR_PYTHON)
    if(${var})
      list(APPEND candidates "${${var}}")
    endif()
  endforeach()
  find_package(Python3 COMPONENTS Interpreter QUIET)
  if(Python3_Interpreter_FOUND)
    list(APPEND candidates "${Python3_EXECUTABLE}")
  endif()
  if(CMAKE_HOST_WIN32)
    set(dirs "$ENV{PATH}")
  else()
    string(REPLACE ":" ";" dirs "$ENV{PATH}")
  endif()
  foreach(dir IN LISTS dirs)
    foreach(name python3 python)
      if(dir AND EXISTS "${dir}/${name}" AND NOT IS_DIRECTORY "${dir}/${name}")
        list(APPEND candidates "${dir}/${name}")
      endif()
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES candidates)

  set(python "")
  set(npy_python "")
  set(tried "")
  foreach(py IN LISTS candidates)
    execute_process(COMMAND "${py}" -c "import sys; sys.exit(sys.version_info[0] != 3)"
                    RESULT_VARIABLE is_not_3 OUTPUT_QUIET ERROR_QUIET)
    if(NOT is_not_3 STREQUAL "0")
      continue()
    endif()
    list(APPEND tried "${py}")
    if(NOT python)
      set(python "${py}")
    endif()
    execute_process(COMMAND "${py}" -c "import numpy; print(numpy.__version__)"
                    RESULT_VARIABLE no_numpy OUTPUT_VARIABLE numpy_version ERROR_QUIET
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(no_numpy STREQUAL "0")
      set(npy_python "${py}")
      set(python "${py}")
      message(STATUS "tensr tests: Python 3 with NumPy ${numpy_version}: ${py}")
      break()
    endif()
  endforeach()

  if(NOT python)
    message(STATUS "tensr tests: no Python 3 found; single_header_current, "
                   "npy_numpy_reads_tensr and numpy_differential are skipped")
  elseif(NOT npy_python)
    string(REPLACE ";" ", " tried "${tried}")
    message(STATUS "tensr tests: no Python 3 with NumPy (tried ${tried}); npy_numpy_reads_tensr "
                   "and numpy_differential are skipped. Install NumPy (Debian: python3-numpy) "
                   "or pass -DTENSR_NPY_PYTHON=<python with numpy>")
  endif()
  set(TENSR_PYTHON "${python}" PARENT_SCOPE)
  set(TENSR_NPY_PYTHON "${npy_python}" PARENT_SCOPE)
endfunction()
