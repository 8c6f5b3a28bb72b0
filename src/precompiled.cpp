// The translation unit behind CMake's tensr::precompiled: compiles the kernels that
// include/tensr/precompiled.hpp lists (TENSR_INSTANTIATE_TEMPLATES is set by CMake), so that
// the translation units linking it (TENSR_EXTERN_TEMPLATES) do not.
#include <tensr/tensr.hpp>
