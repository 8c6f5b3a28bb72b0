// The matrix-product family with NumPy's rules, on top of the GEMM engine:
// matmul (numpy.matmul), dot (numpy.dot), inner, outer, vdot, and bmm (torch.bmm).
// Results are owning Tensors of std::common_type_t of the operands' element types; operands
// are consumed through their strides (transposed, sliced, broadcast) without copies, except
// when an out-parameter overlaps an operand (then the operand is copied first, as NumPy).
// matmul, dot, inner and outer also write into a given `out` of any strides, allocating
// nothing.
#pragma once

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
#include "tensr/linalg/threads.hpp"
#include "tensr/linalg/gemm.hpp"

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
    bool ok = true;
    for (std::size_t i = 0; i < BR; ++i) {
      const index_t da = i < BA ? a[BA - 1 - i] : 1;
      const index_t db = i < BB ? b[BB - 1 - i] : 1;
      if (da != db && da != 1 && db != 1) ok = false;
      out[BR - 1 - i] = da == 1 ? db : da;
    }
    if (!ok) {
      const auto remapped = [](const auto& s, std::size_t nb) {
        std::string r = "(";
        for (std::size_t i = 0; i < nb; ++i) r += std::to_string(s[i]) + ",";
        return r + "newaxis,newaxis)";
      };
      throw shape_error(
          "operands could not be broadcast together with remapped shapes "
          "[original->remapped]: " +
          shape_str(a) + "->" + remapped(a, BA) + " " + shape_str(b) + "->" + remapped(b, BB) +
          "  and requested shape (" + std::to_string(a[RA - 2]) + "," + std::to_string(b[RB - 1]) +
          ")");
    }
    out[R - 2] = a[RA - 2];
    out[R - 1] = b[RB - 1];
    return out;
  }
}

/// Merges axes [0, cnt) of a layout into one axis of `rows` elements and stride `rs`; false
/// when the layout does not allow it. Size-1 axes are ignored.
template <std::size_t R>
bool merge_axes(const shape_t<R>& s, const shape_t<R>& st, std::size_t cnt, index_t& rows,
                index_t& rs) {
  rows = 1;
  rs = 0;
  bool first = true;
  index_t expect = 0;
  for (std::size_t i = cnt; i-- > 0;) {
    if (s[i] == 1) continue;
    if (first) {
      rs = st[i];
      first = false;
    } else if (st[i] != expect) {
      return false;
    }
    rows *= s[i];
    expect = st[i] * s[i];
  }
  return true;
}

/// Batches at or below this many multiply-adds each run one matrix per thread.
inline constexpr double matmul_batch_parallel_threshold = 64.0 * 64.0 * 64.0;

/// C[β] = A[β] B[β] for every batch index β of C (rank R >= 2), A and B already promoted to
/// rank >= 2 and checked. C must not overlap A or B.
template <class T, class SA, std::size_t RA, class SB, std::size_t RB, std::size_t R>
void matmul_stack(const TensorView<const SA, RA>& a, const TensorView<const SB, RB>& b,
                  const TensorView<T, R>& c) {
  constexpr std::size_t BR = R - 2, BA = RA - 2, BB = RB - 2;
  const index_t n = c.shape()[R - 2], m = c.shape()[R - 1], k = a.shape()[RA - 1];
  const gemm_operand<SA> a0{a.data(), a.strides()[RA - 2], a.strides()[RA - 1]};
  const gemm_operand<SB> b0{b.data(), b.strides()[RB - 2], b.strides()[RB - 1]};
  const index_t crs = c.strides()[R - 2], ccs = c.strides()[R - 1];
  if constexpr (BR == 0) {
    gemm_raw<T>(n, m, k, T(1), a0, b0, T(0), c.data(), crs, ccs);
  } else {
    if (has_zero(c.shape())) return;
    // Batch strides aligned to C's batch axes (0 where an operand broadcasts).
    shape_t<BR> bs{}, sa{}, sb{}, sc{};
    bool b_broadcast = true;
    for (std::size_t i = 0; i < BR; ++i) {
      bs[i] = c.shape()[i];
      sc[i] = c.strides()[i];
      const std::size_t ia = i + BA, ib = i + BB;  // index + operand batch rank - BR
      sa[i] = (ia >= BR && a.shape()[ia - BR] != 1) ? a.strides()[ia - BR] : 0;
      sb[i] = (ib >= BR && b.shape()[ib - BR] != 1) ? b.strides()[ib - BR] : 0;
      if (sb[i] != 0 && bs[i] != 1) b_broadcast = false;
    }
    // (B, n, k) @ (k, m): one (B*n, k) @ (k, m) product when A's and C's batch and row axes
    // merge into one strided axis each; no tiling, no copy of B.
    if (b_broadcast) {
      shape_t<BR + 1> s{}, tsa{}, tsc{};
      for (std::size_t i = 0; i < BR; ++i) s[i] = bs[i], tsa[i] = sa[i], tsc[i] = sc[i];
      s[BR] = n, tsa[BR] = a0.rs, tsc[BR] = crs;
      index_t rows_a = 0, rs_a = 0, rows_c = 0, rs_c = 0;
      if (merge_axes(s, tsa, BR + 1, rows_a, rs_a) && merge_axes(s, tsc, BR + 1, rows_c, rs_c)) {
        gemm_raw<T>(rows_c, m, k, T(1), gemm_operand<SA>{a0.p, rs_a, a0.cs}, b0, T(0), c.data(),
                    rs_c, ccs);
        return;
      }
    }
    const index_t batches = product(bs);
    [[maybe_unused]] const int nt = get_num_threads();
    // Many small products: one call of the unpacked kernel runs a whole (merged) batch axis.
    if constexpr (std::is_same_v<SA, T> && std::is_same_v<SB, T>) {
      index_t ba = 0, bsa = 0, bb = 0, bsb = 0, bc = 0, bsc = 0;
      const double work = static_cast<double>(n) * static_cast<double>(m) * static_cast<double>(k);
      if (work <= double(gemm_small_simd_threshold) && b0.cs == 1 && ccs == 1 &&
          merge_axes(bs, sa, BR, ba, bsa) && merge_axes(bs, sb, BR, bb, bsb) &&
          merge_axes(bs, sc, BR, bc, bsc)) {
        if (const auto f = gemm_select_small<T>(m)) {
          const auto part = [&](index_t q0, index_t q1) {
            f(q1 - q0, n, m, k, T(1), a0.p + q0 * bsa, a0.rs, a0.cs, bsa, b0.p + q0 * bsb, b0.rs,
              bsb, T(0), c.data() + q0 * bsc, crs, bsc);
          };
#if defined(TENSR_OPENMP)
          if (nt > 1 && work * static_cast<double>(batches) >= gemm_parallel_threshold) {
#pragma omp parallel num_threads(nt)
            {
              const index_t t = omp_get_thread_num(), tn = omp_get_num_threads();
              part(batches * t / tn, batches * (t + 1) / tn);
            }
            return;
          }
#endif
          part(0, batches);
          return;
        }
      }
    }
    const auto run = [&](index_t q) {
      index_t oa = 0, ob = 0, oc = 0;
      for (std::size_t i = BR; i-- > 0;) {
        const index_t idx = q % bs[i];
        q /= bs[i];
        oa += idx * sa[i], ob += idx * sb[i], oc += idx * sc[i];
      }
      gemm_raw<T>(n, m, k, T(1), gemm_operand<SA>{a0.p + oa, a0.rs, a0.cs},
                  gemm_operand<SB>{b0.p + ob, b0.rs, b0.cs}, T(0), c.data() + oc, crs, ccs);
    };
    [[maybe_unused]] const bool par =
        batches > 1 &&
        static_cast<double>(n) * static_cast<double>(m) * static_cast<double>(k) <=
            matmul_batch_parallel_threshold &&
        static_cast<double>(n) * static_cast<double>(m) * static_cast<double>(k) *
                static_cast<double>(batches) >=
            gemm_parallel_threshold &&
        nt > 1;
#if defined(TENSR_OPENMP)
    if (par) {
#pragma omp parallel for num_threads(nt) schedule(static)
      for (index_t q = 0; q < batches; ++q) run(q);
      return;
    }
#endif
    for (index_t q = 0; q < batches; ++q) run(q);
  }
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
/// https://numpy.org/doc/stable/reference/generated/numpy.matmul.html
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
  detail::matmul_views(av, bv, out.view());
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
  detail::matmul_views(av, bv, out.view());
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
/// c[..., β, :] = a @ b[β], a (..., k) @ (k, m) product that matmul_stack folds into one GEMM
/// when a's leading axes merge; nothing is allocated unless c overlaps an operand.
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
    shape_t<RB - 2> bb{};
    for (std::size_t i = 0; i + 2 < RB; ++i) bb[i] = b.shape()[i];
    shape_t<RA> cs{}, cst{};  // one slice c[..., β, :]
    for (std::size_t i = 0; i + 1 < RA; ++i) cs[i] = c.shape()[i], cst[i] = c.strides()[i];
    cs[RA - 1] = c.shape()[RC - 1], cst[RA - 1] = c.strides()[RC - 1];
    const index_t nb = product(bb);
    for (index_t q = 0; q < nb; ++q) {
      index_t ob = 0, oc = 0, r = q;
      for (std::size_t i = RB - 2; i-- > 0;) {
        ob += (r % bb[i]) * b.strides()[i];
        oc += (r % bb[i]) * c.strides()[RA - 1 + i];
        r /= bb[i];
      }
      const TensorView<const SB, 2> bq(b.data() + ob, {b.shape()[RB - 2], b.shape()[RB - 1]},
                                       {b.strides()[RB - 2], b.strides()[RB - 1]});
      matmul_stack<T>(a, bq, TensorView<T, RA>(c.data() + oc, cs, cst));
    }
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

/// numpy.outer into a checked (na, nb) destination. An operand whose axes do not merge into
/// one strided axis (or that overlaps c) is copied first.
template <class T, class SA, std::size_t RA, class SB, std::size_t RB>
void outer_views(const TensorView<const SA, RA>& a, const TensorView<const SB, RB>& b,
                 const TensorView<T, 2>& c) {
  index_t na = 0, sa = 0, nb = 0, sb = 0;
  const bool oa = may_overlap(c.data(), c.shape(), c.strides(), a.data(), a.shape(), a.strides());
  const bool ob = may_overlap(c.data(), c.shape(), c.strides(), b.data(), b.shape(), b.strides());
  if (oa || !merge_axes(a.shape(), a.strides(), RA, na, sa)) {
    const Tensor<SA, RA> ta(a);
    return outer_views(TensorView<const SA, RA>(ta.view()), b, c);
  }
  if (ob || !merge_axes(b.shape(), b.strides(), RB, nb, sb)) {
    const Tensor<SB, RB> tb(b);
    return outer_views(a, TensorView<const SB, RB>(tb.view()), c);
  }
  const SA* pa = a.data();
  const SB* pb = b.data();
  const index_t crs = c.strides()[0], ccs = c.strides()[1];
  for (index_t i = 0; i < na; ++i) {
    const T x = static_cast<T>(pa[i * sa]);
    T* ci = c.data() + i * crs;
    for (index_t j = 0; j < nb; ++j) ci[j * ccs] = static_cast<T>(x * static_cast<T>(pb[j * sb]));
  }
}

}  // namespace detail

/// numpy.dot: for N-D operands, a sum product over the last axis of a and the
/// second-to-last of b: dot(a, b)[i,j,k,m] = sum(a[i,j,:] * b[k,:,m]); rank RA + RB - 2.
/// For 1-D and 2-D operands it is matmul.
/// https://numpy.org/doc/stable/reference/generated/numpy.dot.html
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
/// https://numpy.org/doc/stable/reference/generated/numpy.inner.html
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
/// https://numpy.org/doc/stable/reference/generated/numpy.outer.html
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
/// https://numpy.org/doc/stable/reference/generated/numpy.vdot.html
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
  detail::gemm_raw<T>(1, 1, ta.size(), T(1), detail::gemm_operand<SA>{ta.data(), 0, 1},
                      detail::gemm_operand<SB>{tb.data(), 1, 0}, T(0), &r, 0, 0);
  return r;
}

TENSR_NAMESPACE_END
