// Opt-in precompiled kernels: the float and double instantiations that cost the most to compile
// (the GEMM engine with its micro-kernels for every instruction-set level, the arithmetic and
// copy loops, the pairwise sums, printing), compiled once for a program instead of once per
// translation unit. Off unless asked for:
//   TENSR_EXTERN_TEMPLATES       defined in every translation unit of the program: tensr's
//                                headers declare these instantiations and do not compile them
//   TENSR_INSTANTIATE_TEMPLATES  defined in exactly one translation unit, which includes tensr
//                                and compiles them all
// CMake's tensr::precompiled target is that one translation unit and defines
// TENSR_EXTERN_TEMPLATES for whatever links it. Both macros must see the same tensr version
// and the same configuration macros (TENSR_OPENMP, TENSR_USE_CBLAS) in every translation unit.
// Included last by tensr/tensr.hpp.
#pragma once

#include "tensr/core/internal.hpp"
#include "tensr/core/print.hpp"
#include "tensr/ops/elementwise.hpp"
#include "tensr/ops/reduce_kernel.hpp"
#include "tensr/linalg/gemm_dispatch.hpp"

#if defined(TENSR_INSTANTIATE_TEMPLATES) || defined(TENSR_EXTERN_TEMPLATES)

#if defined(TENSR_INSTANTIATE_TEMPLATES)
#define TENSR_PRECOMPILED_ template
#else
#define TENSR_PRECOMPILED_ extern template
#endif

// What is precompiled for one element type T. Each entry is a rank-erased entry point: the
// layouts it serves are run-time values, so one instantiation covers every rank and view.
#define TENSR_PRECOMPILED_FOR_(T)                                                                 \
  TENSR_PRECOMPILED_ void detail::gemm_run<T, T, T>(const detail::gemm_problem<T, T, T>&);        \
  TENSR_PRECOMPILED_ void detail::gemm_run<T, T, T>(                                              \
      index_t, index_t, index_t, T, detail::gemm_operand<T>, detail::gemm_operand<T>, T, T*,      \
      index_t, index_t, const detail::gemm_epilogue<T>&);                                         \
  TENSR_PRECOMPILED_ void detail::strided_copy<T, T>(T*, std::size_t, const index_t*,             \
                                                     const index_t*, const T*, const index_t*);   \
  TENSR_PRECOMPILED_ T detail::pairwise_sum<T, T>(const T*, index_t, index_t, detail::isa_level); \
  TENSR_PRECOMPILED_ std::string detail::print::repr_impl<const T>(const T*, const index_t*,      \
                                                                   const index_t*, std::size_t);  \
  TENSR_PRECOMPILED_FOR_LOOP_(T, detail::add_fn<T>)                                               \
  TENSR_PRECOMPILED_FOR_LOOP_(T, detail::subtract_fn<T>)                                          \
  TENSR_PRECOMPILED_FOR_LOOP_(T, detail::multiply_fn<T>)                                          \
  TENSR_PRECOMPILED_FOR_LOOP_(T, detail::divide_fn<T>)

// A binary arithmetic loop, as the eager operators (fresh result) and the out= / in-place forms
// (results that may share memory with an input) call it.
#define TENSR_PRECOMPILED_FOR_LOOP_(T, F)                                                \
  TENSR_PRECOMPILED_ void detail::run_loop<detail::loop_alias::none, F, T, T, T>(        \
      F&, std::size_t, const index_t*, T*, const index_t*, const detail::loop_input<T>&, \
      const detail::loop_input<T>&);                                                     \
  TENSR_PRECOMPILED_ void detail::run_loop<detail::loop_alias::maybe, F, T, T, T>(       \
      F&, std::size_t, const index_t*, T*, const index_t*, const detail::loop_input<T>&, \
      const detail::loop_input<T>&);

TENSR_NAMESPACE_BEGIN
TENSR_PRECOMPILED_FOR_(float)
TENSR_PRECOMPILED_FOR_(double)
TENSR_NAMESPACE_END

#undef TENSR_PRECOMPILED_FOR_LOOP_
#undef TENSR_PRECOMPILED_FOR_
#undef TENSR_PRECOMPILED_

#endif
