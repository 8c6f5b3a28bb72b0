// The matrix-product family with NumPy's rules, each one problem for the GEMM entry point
// (linalg/gemm_dispatch.hpp): matmul (numpy.matmul), dot (numpy.dot), inner, vdot, bmm
// (torch.bmm); and outer, an elementwise product on the elementwise loop.
// Results are owning Tensors of std::common_type_t of the operands' element types; operands
// are consumed through their strides (transposed, sliced, broadcast) without copies, except
// when an out-parameter overlaps an operand (then the operand is copied first, as NumPy).
// matmul, dot, inner and outer also write into a given `out` of any strides, allocating
// nothing.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/layout.hpp"
#include "tensr/ops/elementwise.hpp"
#include "tensr/ops/loop.hpp"
#include "tensr/linalg/gemm.hpp"
#include "tensr/linalg/gemm_dispatch.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

/// Rank of numpy.matmul(a, b) for operands of ranks RA and RB (both >= 1).
template <std::size_t RA, std::size_t RB>
inline constexpr std::size_t matmul_rank = RA == 1 && RB == 1 ? 0
                                           : RA == 1          ? RB - 1
                                           : RB == 1          ? RA - 1
                                                              : std::max(RA, RB);

/// Rank of numpy.dot(a, b) and numpy.inner(a, b): RA + RB - 2.
template <std::size_t RA, std::size_t RB>
inline constexpr std::size_t dot_rank = RA + RB - 2;

template <class A, class B>
using product_t = std::common_type_t<value_type_of<A>, value_type_of<B>>;

/// Rank-2-or-more form of a matmul operand: a 1-D `a` is (1,k) on the left, (k,1) on the
/// right (the added axis has stride 0 and is removed again from the result).
template <bool Left, class T, std::size_t R>
auto matmul_promote(const TensorView<T, R>& v) {
  if constexpr (R >= 2) {
    return v;
  } else if constexpr (Left) {
    return TensorView<T, 2>(v.data(), {1, v.shape()[0]}, {0, v.strides()[0]});
  } else {
    return TensorView<T, 2>(v.data(), {v.shape()[0], 1}, {v.strides()[0], 0});
  }
}

/// The result viewed with the promoted axes put back: rank max(RA, RB, 2).
template <std::size_t RA, std::size_t RB, class T, std::size_t RC>
auto matmul_promote_out(const TensorView<T, RC>& c) {
  constexpr std::size_t R = std::max({RA, RB, std::size_t{2}});
  shape_t<R> s{}, st{};
  if constexpr (RA == 1 && RB == 1) {
    s = {1, 1};
    st = {0, 0};
  } else if constexpr (RA == 1) {  // (..., m) -> (..., 1, m)
    for (std::size_t i = 0; i + 1 < RC; ++i) s[i] = c.shape()[i], st[i] = c.strides()[i];
    s[R - 2] = 1, st[R - 2] = 0;
    s[R - 1] = c.shape()[RC - 1], st[R - 1] = c.strides()[RC - 1];
  } else if constexpr (RB == 1) {  // (..., n) -> (..., n, 1)
    for (std::size_t i = 0; i < RC; ++i) s[i] = c.shape()[i], st[i] = c.strides()[i];
    s[R - 1] = 1, st[R - 1] = 0;
  } else {
    s = c.shape(), st = c.strides();
  }
  return TensorView<T, R>(c.data(), s, st);
}

/// numpy.matmul's result shape; throws NumPy's errors (with both shapes added to the
/// core-dimension one).
template <std::size_t RA, std::size_t RB>
shape_t<matmul_rank<RA, RB>> matmul_shape(const shape_t<RA>& a, const shape_t<RB>& b) {
  const index_t ka = a[RA - 1];
  const index_t kb = RB == 1 ? b[0] : b[RB - 2];
  if (ka != kb)
    throw shape_error(
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
        "(n?,k),(k,m?)->(n?,m?) (size " +
        std::to_string(kb) + " is different from " + std::to_string(ka) + "); shapes " +
        shape_str(a) + " and " + shape_str(b));
  constexpr std::size_t R = matmul_rank<RA, RB>;
  shape_t<R> out{};
  if constexpr (RA == 1 && RB == 1) {
    return out;
  } else if constexpr (RA == 1) {
    for (std::size_t i = 0; i + 2 < RB; ++i) out[i] = b[i];
    out[R - 1] = b[RB - 1];  // b's k axis and a's promoted axis are gone
    return out;
  } else if constexpr (RB == 1) {
    for (std::size_t i = 0; i + 1 < RA; ++i) out[i] = a[i];
    return out;
  } else {
    constexpr std::size_t BA = RA - 2, BB = RB - 2, BR = R - 2;
    // The batch axes broadcast as NumPy's; its error names the shapes with their core axes
    // remapped to newaxis.
    if (!broadcast_shape(BR, out.data(),
                         {layout{BA, a.data(), nullptr}, layout{BB, b.data(), nullptr}})) {
      const auto remapped = [](const auto& s, std::size_t nb) {
        std::string r = "->(";
        for (std::size_t i = 0; i < nb; ++i) r += std::to_string(s[i]) + ",";
        return r + "newaxis,newaxis)";
      };
      const shape_t<2> requested{a[RA - 2], b[RB - 1]};
      throw remapped_broadcast_error({{layout{RA, a.data(), nullptr}, remapped(a, BA)},
                                      {layout{RB, b.data(), nullptr}, remapped(b, BB)}},
                                     2, requested.data());
    }
    out[R - 2] = a[RA - 2];
    out[R - 1] = b[RB - 1];
    return out;
  }
}

/// C[β] = A[β] B[β] for every batch index β of C (rank R >= 2), A and B already promoted to
/// rank >= 2 and checked: one batched problem for gemm_run, the operands' batch axes laid on
/// C's (stride 0 where an operand broadcasts). C must not overlap A or B.
template <class T, class SA, std::size_t RA, class SB, std::size_t RB, std::size_t R>
void matmul_stack(const TensorView<const SA, RA>& a, const TensorView<const SB, RB>& b,
                  const TensorView<T, R>& c) {
  constexpr std::size_t BR = R - 2;
  if constexpr (BR == 0) {
    return gemm_run<T>(c.shape()[0], c.shape()[1], a.shape()[1], T(1),
                       gemm_operand<SA>{a.data(), a.strides()[0], a.strides()[1]},
                       gemm_operand<SB>{b.data(), b.strides()[0], b.strides()[1]}, T(0), c.data(),
                       c.strides()[0], c.strides()[1]);
  }
  gemm_problem<T, SA, SB> p;
  p.m = c.shape()[R - 2], p.n = c.shape()[R - 1], p.k = a.shape()[RA - 1];
  p.a = {a.data(), a.strides()[RA - 2], a.strides()[RA - 1]};
  p.b = {b.data(), b.strides()[RB - 2], b.strides()[RB - 1]};
  p.c = c.data(), p.rsc = c.strides()[R - 2], p.csc = c.strides()[R - 1];
  std::array<index_t, BR + 1> sa{}, sb{};  // (+1: a zero-size array has no data())
  broadcast_strides(layout{RA - 2, a.shape().data(), a.strides().data()}, BR, c.shape().data(),
                    sa.data());
  broadcast_strides(layout{RB - 2, b.shape().data(), b.strides().data()}, BR, c.shape().data(),
                    sb.data());
  p.batch_rank = BR;
  p.batch = c.shape().data();
  p.batch_strides = {sa.data(), sb.data(), c.strides().data()};
  gemm_run(p);
}

/// matmul into a new tensor's view `c` (which overlaps nothing).
template <std::size_t RA, std::size_t RB, class T, class SA, class SB, std::size_t RC>
void matmul_fresh(const TensorView<const SA, RA>& a, const TensorView<const SB, RB>& b,
                  const TensorView<T, RC>& c) {
  matmul_stack<T>(matmul_promote<true>(a), matmul_promote<false>(b), matmul_promote_out<RA, RB>(c));
}

/// matmul into a checked destination view `c` of the result's shape.
template <class T, class SA, std::size_t RA, class SB, std::size_t RB, std::size_t RC>
void matmul_views(const TensorView<const SA, RA>& a, const TensorView<const SB, RB>& b,
                  const TensorView<T, RC>& c) {
  const bool oa = may_overlap(c.data(), c.shape(), c.strides(), a.data(), a.shape(), a.strides());
  const bool ob = may_overlap(c.data(), c.shape(), c.strides(), b.data(), b.shape(), b.strides());
  if (oa || ob) {  // NumPy's result: read the inputs before writing the output
    const Tensor<SA, RA> ta(a);
    const Tensor<SB, RB> tb(b);
    matmul_stack<T>(matmul_promote<true>(TensorView<const SA, RA>(ta.view())),
                    matmul_promote<false>(TensorView<const SB, RB>(tb.view())),
                    matmul_promote_out<RA, RB>(c));
    return;
  }
  matmul_stack<T>(matmul_promote<true>(a), matmul_promote<false>(b), matmul_promote_out<RA, RB>(c));
}

}  // namespace detail

/// numpy.matmul: a 1-D operand is promoted to a matrix and the added axis removed from the
/// result; N-D operands are stacks of matrices whose batch axes broadcast. The result rank is
/// known at compile time. Shape mismatches throw shape_error with NumPy's message.
template <tensor_like XA, tensor_like XB>
auto matmul(const XA& a, const XB& b) {
  constexpr std::size_t RA = rank_of<XA>, RB = rank_of<XB>;
  static_assert(RA >= 1 && RB >= 1,
                "tensr::matmul: operands must have rank >= 1 (use multiply for scalars)");
  using T = detail::product_t<XA, XB>;
  static_assert(!std::is_same_v<T, bool>, "tensr::matmul: bool operands are not supported");
  const auto av = detail::const_view(a);
  const auto bv = detail::const_view(b);
  constexpr std::size_t R = detail::matmul_rank<RA, RB>;
  Tensor<T, R> out(detail::matmul_shape(av.shape(), bv.shape()), Storage<T>::uninitialized);
  detail::matmul_fresh<RA, RB>(av, bv, out.view());
  return out;
}

/// numpy.matmul(a, b, out=out): writes into `out` (which must have the result's shape) and
/// allocates nothing unless `out` overlaps an operand.
template <tensor_like XA, tensor_like XB, view_source XC>
void matmul(const XA& a, const XB& b, XC&& out) {
  constexpr std::size_t RA = rank_of<XA>, RB = rank_of<XB>;
  static_assert(RA >= 1 && RB >= 1,
                "tensr::matmul: operands must have rank >= 1 (use multiply for scalars)");
  static_assert(rank_of<XC> == detail::matmul_rank<RA, RB>,
                "tensr::matmul: out has the wrong rank for these operands");
  static_assert(detail::is_writable_view_v<XC>, "tensr::matmul: out must be writable");
  using T = value_type_of<XC>;
  static_assert(!std::is_same_v<T, bool>, "tensr::matmul: bool operands are not supported");
  const auto av = detail::const_view(a);
  const auto bv = detail::const_view(b);
  const auto cv = as_view(out);
  const auto s = detail::matmul_shape(av.shape(), bv.shape());
  if (s != cv.shape())
    throw shape_error("matmul: out has shape " + detail::shape_str(cv.shape()) +
                      " but the product of " + detail::shape_str(av.shape()) + " and " +
                      detail::shape_str(bv.shape()) + " has shape " + detail::shape_str(s));
  detail::matmul_views(av, bv, cv);
}

/// torch.bmm: strictly rank 3 with equal batch sizes, (B,n,k) @ (B,k,m) -> (B,n,m).
template <tensor_like XA, tensor_like XB>
auto bmm(const XA& a, const XB& b) {
  static_assert(rank_of<XA> == 3 && rank_of<XB> == 3,
                "tensr::bmm: both operands must be rank 3 (batch, rows, columns)");
  using T = detail::product_t<XA, XB>;
  static_assert(!std::is_same_v<T, bool>, "tensr::bmm: bool operands are not supported");
  const auto av = detail::const_view(a);
  const auto bv = detail::const_view(b);
  if (av.shape()[0] != bv.shape()[0])
    throw shape_error("bmm: batch sizes differ: " + detail::shape_str(av.shape()) + " and " +
                      detail::shape_str(bv.shape()));
  if (av.shape()[2] != bv.shape()[1])
    throw shape_error("bmm: shapes " + detail::shape_str(av.shape()) + " and " +
                      detail::shape_str(bv.shape()) +
                      " not aligned: " + std::to_string(av.shape()[2]) +
                      " (dim 2) != " + std::to_string(bv.shape()[1]) + " (dim 1)");
  Tensor<T, 3> out(shape_t<3>{av.shape()[0], av.shape()[1], bv.shape()[2]},
                   Storage<T>::uninitialized);
  detail::matmul_fresh<3, 3>(av, bv, out.view());
  return out;
}

namespace detail {

[[noreturn]] inline void throw_not_aligned(const std::string& sa, const std::string& sb, index_t ka,
                                           std::size_t da, index_t kb, std::size_t db) {
  throw shape_error("shapes " + sa + " and " + sb + " not aligned: " + std::to_string(ka) +
                    " (dim " + std::to_string(da) + ") != " + std::to_string(kb) + " (dim " +
                    std::to_string(db) + ")");
}

/// numpy.dot's result shape, a.shape[:-1] + b.shape[:-2] + b.shape[-1:]; throws NumPy's
/// "not aligned" error.
template <std::size_t RA, std::size_t RB>
shape_t<dot_rank<RA, RB>> dot_shape(const shape_t<RA>& a, const shape_t<RB>& b) {
  constexpr std::size_t kdb = RB == 1 ? 0 : RB - 2;
  if (a[RA - 1] != b[kdb])
    throw_not_aligned(shape_str(a), shape_str(b), a[RA - 1], RA - 1, b[kdb], kdb);
  shape_t<dot_rank<RA, RB>> s{};
  for (std::size_t i = 0; i + 1 < RA; ++i) s[i] = a[i];
  for (std::size_t i = 0; i + 2 < RB; ++i) s[RA - 1 + i] = b[i];
  if constexpr (RB >= 2) s[RA + RB - 3] = b[RB - 1];
  return s;
}

/// Throws unless an out-parameter has the result's shape.
template <std::size_t R>
void check_out(const char* fn, const shape_t<R>& out, const shape_t<R>& want, const std::string& sa,
               const std::string& sb) {
  if (out != want)
    throw shape_error(std::string(fn) + ": out has shape " + shape_str(out) +
                      " but the product of " + sa + " and " + sb + " has shape " + shape_str(want));
}

/// numpy.dot into a checked destination `c`. For N-D b, each matrix b[β] gives the slice
/// c[..., β, :] = a @ b[β]: one batched problem for gemm_run over b's batch axes, A shared by
/// the batch and its leading axes read as the rows. Nothing is allocated unless c overlaps an
/// operand or a's (or c's) leading axes cannot be read as one strided axis.
template <class T, class SA, std::size_t RA, class SB, std::size_t RB, std::size_t RC>
void dot_views(const TensorView<const SA, RA>& a, const TensorView<const SB, RB>& b,
               const TensorView<T, RC>& c) {
  if constexpr (RA == 1 || RB <= 2) {
    matmul_views(a, b, c);  // numpy.dot and numpy.matmul agree here
  } else {
    if (may_overlap(c.data(), c.shape(), c.strides(), a.data(), a.shape(), a.strides()) ||
        may_overlap(c.data(), c.shape(), c.strides(), b.data(), b.shape(), b.strides())) {
      const Tensor<SA, RA> ta(a);
      const Tensor<SB, RB> tb(b);
      dot_views(TensorView<const SA, RA>(ta.view()), TensorView<const SB, RB>(tb.view()), c);
      return;
    }
    if (has_zero(c.shape())) return;
    index_t rows = 0, ars = 0, crs = 0;
    if (!merge_axes(RA - 1, a.shape().data(), a.strides().data(), rows, ars)) {
      const Tensor<SA, RA> ta(a);
      return dot_views(TensorView<const SA, RA>(ta.view()), b, c);
    }
    if (!merge_axes(RA - 1, c.shape().data(), c.strides().data(), rows, crs)) {
      Tensor<T, RC> tmp(c.shape(), Storage<T>::uninitialized);
      dot_views(a, b, tmp.view());
      TensorView<T, RC> dst = c;
      dst = tmp;
      return;
    }
    gemm_problem<T, SA, SB> p;
    p.m = rows, p.n = b.shape()[RB - 1], p.k = a.shape()[RA - 1];
    p.a = {a.data(), ars, a.strides()[RA - 1]};
    p.b = {b.data(), b.strides()[RB - 2], b.strides()[RB - 1]};
    p.c = c.data(), p.rsc = crs, p.csc = c.strides()[RC - 1];
    const std::array<index_t, RB - 2> shared{};  // A: the same matrix for every β
    p.batch_rank = RB - 2;
    p.batch = b.shape().data();
    p.batch_strides = {shared.data(), b.strides().data(), c.strides().data() + (RA - 1)};
    gemm_run(p);
  }
}

/// b with its last two axes swapped: numpy.inner(a, b) is numpy.dot(a, that).
template <class S, std::size_t R>
TensorView<const S, R> swap_last_two(const TensorView<const S, R>& b) {
  if constexpr (R < 2) {
    return b;
  } else {
    shape_t<R> s = b.shape(), st = b.strides();
    std::swap(s[R - 1], s[R - 2]);
    std::swap(st[R - 1], st[R - 2]);
    return TensorView<const S, R>(b.data(), s, st);
  }
}

/// numpy.inner's "not aligned" error: the last axes differ.
template <class SA, std::size_t RA, class SB, std::size_t RB>
void check_inner(const TensorView<const SA, RA>& a, const TensorView<const SB, RB>& b) {
  if (a.shape()[RA - 1] != b.shape()[RB - 1])
    throw_not_aligned(shape_str(a.shape()), shape_str(b.shape()), a.shape()[RA - 1], RA - 1,
                      b.shape()[RB - 1], RB - 1);
}

/// numpy.outer into a checked (na, nb) destination: c[i, j] = a[i] * b[j] on the elementwise
/// loop (integer products wrap, as NumPy's). An operand whose axes do not merge into one
/// strided axis (or that overlaps c) is copied first.
template <class T, class SA, std::size_t RA, class SB, std::size_t RB>
void outer_views(const TensorView<const SA, RA>& a, const TensorView<const SB, RB>& b,
                 const TensorView<T, 2>& c) {
  index_t na = 0, sa = 0, nb = 0, sb = 0;
  const bool oa = may_overlap(c.data(), c.shape(), c.strides(), a.data(), a.shape(), a.strides());
  const bool ob = may_overlap(c.data(), c.shape(), c.strides(), b.data(), b.shape(), b.strides());
  if (oa || !merge_axes(RA, a.shape().data(), a.strides().data(), na, sa)) {
    const Tensor<SA, RA> ta(a);
    return outer_views(TensorView<const SA, RA>(ta.view()), b, c);
  }
  if (ob || !merge_axes(RB, b.shape().data(), b.strides().data(), nb, sb)) {
    const Tensor<SB, RB> tb(b);
    return outer_views(a, TensorView<const SB, RB>(tb.view()), c);
  }
  const shape_t<2> st_a{sa, 0}, st_b{0, sb};
  multiply_fn<T> f;
  run_loop<loop_alias::none>(f, 2, c.shape().data(), c.data(), c.strides().data(),
                             loop_input<SA>{a.data(), st_a.data()},
                             loop_input<SB>{b.data(), st_b.data()});
}

}  // namespace detail

/// numpy.dot: for N-D operands, a sum product over the last axis of a and the
/// second-to-last of b: dot(a, b)[i,j,k,m] = sum(a[i,j,:] * b[k,:,m]); rank RA + RB - 2.
/// For 1-D and 2-D operands it is matmul.
template <tensor_like XA, tensor_like XB>
auto dot(const XA& a, const XB& b) {
  constexpr std::size_t RA = rank_of<XA>, RB = rank_of<XB>;
  static_assert(RA >= 1 && RB >= 1,
                "tensr::dot: operands must have rank >= 1 (use multiply for scalars)");
  using T = detail::product_t<XA, XB>;
  static_assert(!std::is_same_v<T, bool>, "tensr::dot: bool operands are not supported");
  Tensor<T, detail::dot_rank<RA, RB>> out(
      detail::dot_shape(detail::const_view(a).shape(), detail::const_view(b).shape()),
      Storage<T>::uninitialized);
  dot(a, b, out);
  return out;
}

/// numpy.dot(a, b, out=out): writes into `out` (any strides, the result's shape, any element
/// type) and allocates nothing unless `out` overlaps an operand (then the result is NumPy's:
/// the operands are read first).
template <tensor_like XA, tensor_like XB, view_source XC>
void dot(const XA& a, const XB& b, XC&& out) {
  constexpr std::size_t RA = rank_of<XA>, RB = rank_of<XB>;
  static_assert(RA >= 1 && RB >= 1,
                "tensr::dot: operands must have rank >= 1 (use multiply for scalars)");
  static_assert(rank_of<XC> == detail::dot_rank<RA, RB>,
                "tensr::dot: out has the wrong rank for these operands");
  static_assert(detail::is_writable_view_v<XC>, "tensr::dot: out must be writable");
  static_assert(!std::is_same_v<value_type_of<XC>, bool>,
                "tensr::dot: bool operands are not supported");
  const auto av = detail::const_view(a);
  const auto bv = detail::const_view(b);
  const auto cv = as_view(out);
  detail::check_out("dot", cv.shape(), detail::dot_shape(av.shape(), bv.shape()),
                    detail::shape_str(av.shape()), detail::shape_str(bv.shape()));
  detail::dot_views(av, bv, cv);
}

/// numpy.inner: sum product over the last axes; shape a.shape[:-1] + b.shape[:-1].
template <tensor_like XA, tensor_like XB>
auto inner(const XA& a, const XB& b) {
  constexpr std::size_t RA = rank_of<XA>, RB = rank_of<XB>;
  static_assert(RA >= 1 && RB >= 1,
                "tensr::inner: operands must have rank >= 1 (use multiply for scalars)");
  using T = detail::product_t<XA, XB>;
  static_assert(!std::is_same_v<T, bool>, "tensr::inner: bool operands are not supported");
  const auto av = detail::const_view(a);
  const auto bv = detail::const_view(b);
  detail::check_inner(av, bv);  // before dot_shape reads b's shape for the result
  Tensor<T, detail::dot_rank<RA, RB>> out(
      detail::dot_shape(av.shape(), detail::swap_last_two(bv).shape()), Storage<T>::uninitialized);
  inner(a, b, out);
  return out;
}

/// inner(a, b) into `out` (numpy.inner has no out argument; this is the dot-like form):
/// `out` must have the result's shape; nothing is allocated unless it overlaps an operand.
template <tensor_like XA, tensor_like XB, view_source XC>
void inner(const XA& a, const XB& b, XC&& out) {
  constexpr std::size_t RA = rank_of<XA>, RB = rank_of<XB>;
  static_assert(RA >= 1 && RB >= 1,
                "tensr::inner: operands must have rank >= 1 (use multiply for scalars)");
  static_assert(rank_of<XC> == detail::dot_rank<RA, RB>,
                "tensr::inner: out has the wrong rank for these operands");
  static_assert(detail::is_writable_view_v<XC>, "tensr::inner: out must be writable");
  static_assert(!std::is_same_v<value_type_of<XC>, bool>,
                "tensr::inner: bool operands are not supported");
  const auto av = detail::const_view(a);
  const auto bv = detail::const_view(b);
  const auto cv = as_view(out);
  detail::check_inner(av, bv);
  const auto bt = detail::swap_last_two(bv);
  detail::check_out("inner", cv.shape(), detail::dot_shape(av.shape(), bt.shape()),
                    detail::shape_str(av.shape()), detail::shape_str(bv.shape()));
  detail::dot_views(av, bt, cv);
}

/// numpy.outer: both operands are flattened; out[i, j] = a_flat[i] * b_flat[j].
template <tensor_like XA, tensor_like XB>
auto outer(const XA& a, const XB& b) {
  using T = detail::product_t<XA, XB>;
  Tensor<T, 2> out(shape_t<2>{detail::const_view(a).size(), detail::const_view(b).size()},
                   Storage<T>::uninitialized);
  outer(a, b, out);
  return out;
}

/// numpy.outer(a, b, out=out): `out` must have shape (a.size(), b.size()); nothing is
/// allocated unless it overlaps an operand or an operand cannot be flattened in place.
template <tensor_like XA, tensor_like XB, view_source XC>
void outer(const XA& a, const XB& b, XC&& out) {
  static_assert(rank_of<XC> == 2, "tensr::outer: out must have rank 2");
  static_assert(detail::is_writable_view_v<XC>, "tensr::outer: out must be writable");
  const auto av = detail::const_view(a);
  const auto bv = detail::const_view(b);
  const auto cv = as_view(out);
  detail::check_out("outer", cv.shape(), shape_t<2>{av.size(), bv.size()},
                    detail::shape_str(av.shape()), detail::shape_str(bv.shape()));
  detail::outer_views(av, bv, cv);
}

/// numpy.vdot (real types): both operands flattened, the sum of their products as a scalar.
template <tensor_like XA, tensor_like XB>
auto vdot(const XA& a, const XB& b) {
  using T = detail::product_t<XA, XB>;
  static_assert(!std::is_same_v<T, bool>, "tensr::vdot: bool operands are not supported");
  using SA = value_type_of<XA>;
  using SB = value_type_of<XB>;
  const auto av = detail::const_view(a);
  const auto bv = detail::const_view(b);
  if (av.size() != bv.size())
    throw shape_error("vdot: vectors have different lengths: shapes " +
                      detail::shape_str(av.shape()) + " and " + detail::shape_str(bv.shape()));
  const Tensor<SA, rank_of<XA>> ta(av);
  const Tensor<SB, rank_of<XB>> tb(bv);
  T r{};
  detail::gemm_run<T>(1, 1, ta.size(), T(1), detail::gemm_operand<SA>{ta.data(), 0, 1},
                      detail::gemm_operand<SB>{tb.data(), 1, 0}, T(0), &r, 0, 0);
  return r;
}

TENSR_NAMESPACE_END
