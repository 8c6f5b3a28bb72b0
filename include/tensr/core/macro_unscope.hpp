// Undefines tensr's internal macros at the end of the umbrella header, so they do not
// leak into user code. The TENSR_VERSION_* macros stay: they are public.
#pragma once

#include "tensr/core/internal.hpp"

#undef TENSR_ABI_CONCAT_EX
#undef TENSR_ABI_CONCAT
#undef TENSR_ABI_NAMESPACE
#undef TENSR_NAMESPACE_BEGIN
#undef TENSR_NAMESPACE_END
#undef TENSR_ASSERT
#undef TENSR_ALWAYS_INLINE
#undef TENSR_TARGET_X86
#undef TENSR_TARGET_AVX2
#undef TENSR_TARGET_AVX512
