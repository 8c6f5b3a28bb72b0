// gemm(alpha, A, B, beta, C): C = alpha * A B + beta * C on rank-2 views of any strides, and
// the form with an epilogue run on finished blocks of C. The checks and the overlap handling
// live here; the product itself is gemm_run's (linalg/gemm_dispatch.hpp).
#pragma once

#include "tensr/core/internal.hpp"

#include <string>
#include <type_traits>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/linalg/gemm_dispatch.hpp"
#include "tensr/linalg/gemm_engine.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

template <class X>
inline constexpr bool is_writable_view_v = !std::is_const_v<typename decltype(as_view(
    std::declval<std::remove_reference_t<X>&>()))::element_type>;

}  // namespace detail

namespace detail {

/// gemm's checks and overlap handling, shared by both public forms.
template <class Alpha, class XA, class XB, class Beta, class XC>
void gemm_views(Alpha alpha, const XA& a, const XB& b, Beta beta, XC&& c,
                const gemm_epilogue<value_type_of<XC>>& ep) {
  static_assert(rank_of<XA> == 2 && rank_of<XB> == 2 && rank_of<XC> == 2,
                "tensr::gemm: A, B and C must be rank-2 tensors or views");
  static_assert(is_writable_view_v<XC>, "tensr::gemm: C must be writable (not const)");
  using T = value_type_of<XC>;
  static_assert(!std::is_same_v<T, bool>, "tensr::gemm: bool matrices are not supported");
  static_assert(std::is_arithmetic_v<Alpha> && std::is_arithmetic_v<Beta>,
                "tensr::gemm: alpha and beta must be numbers");
  const auto av = as_view(a);
  const auto bv = as_view(b);
  const auto cv = as_view(c);
  if (av.shape()[1] != bv.shape()[0])
    throw shape_error("gemm: shapes " + shape_str(av.shape()) + " and " + shape_str(bv.shape()) +
                      " not aligned: " + std::to_string(av.shape()[1]) +
                      " (dim 1) != " + std::to_string(bv.shape()[0]) + " (dim 0)");
  if (cv.shape()[0] != av.shape()[0] || cv.shape()[1] != bv.shape()[1])
    throw shape_error("gemm: output of shape " + shape_str(cv.shape()) +
                      " does not fit the product of " + shape_str(av.shape()) + " and " +
                      shape_str(bv.shape()) + ", which has shape " +
                      shape_str(shape_t<2>{av.shape()[0], bv.shape()[1]}));
  using SA = value_type_of<XA>;
  using SB = value_type_of<XB>;
  const index_t m = cv.shape()[0], n = cv.shape()[1], k = av.shape()[1];
  const auto run = [&](const auto& ta, const auto& tb) {
    using PA = std::remove_const_t<std::remove_pointer_t<decltype(ta.data())>>;
    using PB = std::remove_const_t<std::remove_pointer_t<decltype(tb.data())>>;
    gemm_run<T>(m, n, k, static_cast<T>(alpha),
                gemm_operand<PA>{ta.data(), ta.strides()[0], ta.strides()[1]},
                gemm_operand<PB>{tb.data(), tb.strides()[0], tb.strides()[1]}, static_cast<T>(beta),
                cv.data(), cv.strides()[0], cv.strides()[1], ep);
  };
  const bool oa =
      may_overlap(cv.data(), cv.shape(), cv.strides(), av.data(), av.shape(), av.strides());
  const bool ob =
      may_overlap(cv.data(), cv.shape(), cv.strides(), bv.data(), bv.shape(), bv.strides());
  if (oa && ob) {
    const Tensor<SA, 2> ta(av);
    const Tensor<SB, 2> tb(bv);
    run(ta.view(), tb.view());
  } else if (oa) {
    const Tensor<SA, 2> ta(av);
    run(ta.view(), bv);
  } else if (ob) {
    const Tensor<SB, 2> tb(bv);
    run(av, tb.view());
  } else {
    run(av, bv);
  }
}

}  // namespace detail

/// C = alpha * A B + beta * C (BLAS's gemm) on rank-2 tensors or views of any strides,
/// including transposed (`W.t()`), sliced and flipped ones; allocates nothing unless C
/// overlaps A or B, in which case the result is NumPy's (the inputs are read first).
/// A and B may have other element types than C; they are converted while packing.
/// beta == 0 never reads C. Throws shape_error when the shapes do not fit.
template <class Alpha, tensor_like XA, tensor_like XB, class Beta, view_source XC>
void gemm(Alpha alpha, const XA& a, const XB& b, Beta beta, XC&& c) {
  detail::gemm_views(alpha, a, b, beta, c, {});
}

/// gemm with an epilogue: `ep(row0, col0, block)` is called exactly once for every block of
/// C after the block holds its final value alpha*A*B + beta*C, with `block` a writable
/// TensorView<T, 2> of C starting at (row0, col0). Blocks are disjoint and cover C; they may
/// be visited from several threads at once, so `ep` must only touch its block (and read
/// shared data). This is how nn::Linear adds its bias and activation while C is in cache:
/// the blocked engine hands over each MR-row strip of a cache block as soon as its last
/// depth block is added, the small-product paths hand over all of C once. An empty C has
/// no blocks.
template <class Alpha, tensor_like XA, tensor_like XB, class Beta, view_source XC, class Epilogue>
void gemm(Alpha alpha, const XA& a, const XB& b, Beta beta, XC&& c, const Epilogue& ep) {
  using T = value_type_of<XC>;
  static_assert(std::is_invocable_v<const Epilogue&, index_t, index_t, TensorView<T, 2>>,
                "tensr::gemm: the epilogue must be callable as ep(row0, col0, TensorView<T, 2>)");
  detail::gemm_epilogue<T> e;
  e.ctx = &ep;
  e.fn = [](const void* ctx, index_t row0, index_t col0, TensorView<T, 2> block) {
    (*static_cast<const Epilogue*>(ctx))(row0, col0, block);
  };
  detail::gemm_views(alpha, a, b, beta, c, e);
}

TENSR_NAMESPACE_END
