// The operations an einsum is lowered to, on tensors described by label -> stride maps, and
// the driver that runs an einsum's plan (einsum_plan.hpp) with them. Each operation runs on
// one of tensr's shared engines, the labels gathered into rank-erased axes in the order of
// their strides: summing labels out is the reduction kernel (ops/reduce_kernel.hpp, pairwise
// for floats, wrapping for integers), a permuted copy is core's strided copy, an elementwise
// (outer or broadcast) product is the elementwise loop (ops/loop.hpp), and a pairwise
// contraction is one batched problem for the GEMM entry point (linalg/gemm_dispatch.hpp):
// batch = the shared kept labels, M and N = the labels of one side only, K = the shared
// labels summed over. An operand is copied only when its M/K (or K/N) labels cannot be read
// as one strided axis each.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <vector>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/iterate.hpp"
#include "tensr/core/layout.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/linalg/einsum_parse.hpp"
#include "tensr/linalg/einsum_plan.hpp"
#include "tensr/linalg/gemm_dispatch.hpp"
#include "tensr/ops/elementwise.hpp"
#include "tensr/ops/loop.hpp"
#include "tensr/ops/reduce_kernel.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

/// The layout of a tensor during an einsum: for each label in `mask`, a stride (the strides
/// of labels outside the mask are never read, and left uninitialized). Sizes are per label
/// and shared by all tensors of one einsum.
struct einsum_layout {
  einsum_mask mask;
  std::array<index_t, einsum_max_labels> stride;

  index_t at(std::size_t l) const noexcept { return mask & einsum_bit(l) ? stride[l] : 0; }
};

/// A layout and a pointer.
template <class P>
struct einsum_tensor : einsum_layout {
  P* p;
};

template <class T>
einsum_tensor<const T> einsum_const(const einsum_tensor<T>& t) noexcept {
  return {{t}, t.p};
}

/// Labels in a chosen order (outer to inner).
struct einsum_order {
  std::array<std::uint8_t, einsum_max_labels> l;
  std::size_t n = 0;
};

/// The labels of `mask`, outermost first: by decreasing |stride| in `t` (label order on ties).
inline einsum_order einsum_by_stride(einsum_mask mask, const einsum_layout& t) noexcept {
  einsum_order o;
  einsum_each(mask, [&](std::size_t l) {
    const index_t s = std::abs(t.stride[l]);
    std::size_t i = o.n++;
    for (; i > 0 && std::abs(t.stride[o.l[i - 1]]) < s; --i) o.l[i] = o.l[i - 1];
    o.l[i] = static_cast<std::uint8_t>(l);
  });
  return o;
}

/// One strided axis standing for several labels.
struct einsum_axis {
  index_t n = 1, stride = 0;
};

/// The labels of `o` as axes (outer to inner): their sizes, and each tensor's strides (0
/// where a tensor lacks the label).
template <std::size_t N>
void einsum_gather(const einsum_order& o, const index_t* size, index_t* shape,
                   const std::array<const einsum_layout*, N>& t,
                   const std::array<index_t*, N>& strides) noexcept {
  for (std::size_t i = 0; i < o.n; ++i) {
    shape[i] = size[o.l[i]];
    for (std::size_t k = 0; k < N; ++k) strides[k][i] = t[k]->at(o.l[i]);
  }
}

/// The labels of `o` of tensor `t` read as one axis, if its layout allows (size-1 labels do
/// not matter).
inline bool einsum_merge(const einsum_order& o, const einsum_layout& t, const index_t* size,
                         einsum_axis& out) noexcept {
  axes_buffer sh{}, st{};
  einsum_gather<1>(o, size, sh.data(), {&t}, {st.data()});
  return merge_axes(o.n, sh.data(), st.data(), out.n, out.stride);
}

/// Sizes, and owned storage for intermediates and copies, of one einsum.
template <class T>
struct einsum_workspace {
  std::array<index_t, einsum_max_labels> size;
  std::vector<Tensor<T, 1>> hold;

  /// A new row-major tensor whose axes are the labels of `o` in that order (uninitialized).
  einsum_tensor<T> alloc(const einsum_order& o) {
    einsum_tensor<T> t;
    t.mask = 0;
    index_t n = 1;
    bool overflow = false;
    for (std::size_t i = o.n; i-- > 0;) {
      const std::size_t l = o.l[i];
      t.mask |= einsum_bit(l);
      t.stride[l] = n;
      overflow = __builtin_mul_overflow(n, size[l], &n) || overflow;
    }
    if (overflow && n != 0)
      throw shape_error("einsum: an intermediate result has more elements than index_t holds");
    hold.emplace_back(shape_t<1>{n}, Storage<T>::uninitialized);
    t.p = hold.back().data();
    return t;
  }

  index_t count(einsum_mask m) const noexcept {
    index_t n = 1;
    einsum_each(m, [&](std::size_t l) { n *= size[l]; });
    return n;
  }
};

/// out = in with the labels of in.mask that out lacks summed over (the reduction kernel), or
/// a permuted copy when there are none. out's labels must be in's; out must not share memory
/// with in.
template <class T>
void einsum_sum(const einsum_tensor<const T>& in, const einsum_tensor<T>& out,
                const index_t* size) {
  const einsum_order o = einsum_by_stride(in.mask, in);
  axes_buffer sh{}, st{}, ost{};
  einsum_gather<1>(o, size, sh.data(), {&in}, {st.data()});
  if (in.mask == out.mask) {
    einsum_gather<1>(o, size, sh.data(), {&out}, {ost.data()});
    strided_copy(out.p, o.n, sh.data(), ost.data(), in.p, st.data());
    return;
  }
  axis_mask summed = 0;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < o.n; ++i) {
    if (out.mask & einsum_bit(o.l[i]))
      ost[kept++] = out.stride[o.l[i]];
    else
      summed |= axis_mask{1} << i;
  }
  reduce_axes<sum_op<T>, T, T>(in.p, layout{o.n, sh.data(), st.data()}, summed, out.p, ost.data());
}

/// out = a * b elementwise on the elementwise loop, a and b broadcast (stride 0) along the
/// labels they lack. Integer products wrap, as NumPy's.
template <class T>
void einsum_multiply(const einsum_tensor<const T>& a, const einsum_tensor<const T>& b,
                     const einsum_tensor<T>& out, const index_t* size) {
  const einsum_order o = einsum_by_stride(out.mask, out);
  axes_buffer sh{}, so{}, sa{}, sb{};
  einsum_gather<3>(o, size, sh.data(), {&out, &a, &b}, {so.data(), sa.data(), sb.data()});
  multiply_fn<T> f;
  run_loop<loop_alias::none>(f, o.n, sh.data(), out.p, so.data(), loop_input<T>{a.p, sa.data()},
                             loop_input<T>{b.p, sb.data()});
}

/// Concatenation of label orders.
inline einsum_order einsum_concat(const einsum_order& a, const einsum_order& b,
                                  const einsum_order& c) noexcept {
  einsum_order o;
  for (const einsum_order* x : {&a, &b, &c})
    for (std::size_t i = 0; i < x->n; ++i) o.l[o.n++] = x->l[i];
  return o;
}

/// c = a contracted with b on the GEMM: c's labels are the kept ones, the labels a and b
/// share and c lacks are summed over. Every label of a and b is in c or in the other one.
template <class T>
void einsum_gemm(einsum_tensor<const T> a, einsum_tensor<const T> b, const einsum_tensor<T>& c,
                 einsum_workspace<T>& ws) {
  const index_t* size = ws.size.data();
  const einsum_mask shared = a.mask & b.mask;
  const einsum_order batch = einsum_by_stride(shared & c.mask, c);
  const einsum_order m = einsum_by_stride(a.mask & ~b.mask, c);
  const einsum_order n = einsum_by_stride(b.mask & ~a.mask, c);
  const einsum_order k = einsum_by_stride(shared & ~c.mask, a);
  einsum_axis am, ak, bk, bn, cm, cn;
  // An operand whose groups do not merge is copied to a (batch, rows, columns) layout.
  const auto merge_or_copy = [&](einsum_tensor<const T>& x, const einsum_order& rows,
                                 const einsum_order& cols, einsum_axis& xr, einsum_axis& xc) {
    if (einsum_merge(rows, x, size, xr) && einsum_merge(cols, x, size, xc)) return;
    const einsum_tensor<T> t = ws.alloc(einsum_concat(batch, rows, cols));
    einsum_sum<T>(x, t, size);
    x = einsum_const(t);
    einsum_merge(rows, x, size, xr);
    einsum_merge(cols, x, size, xc);
  };
  merge_or_copy(a, m, k, am, ak);
  merge_or_copy(b, k, n, bk, bn);
  if (!einsum_merge(m, c, size, cm) || !einsum_merge(n, c, size, cn)) {
    const einsum_tensor<T> t = ws.alloc(einsum_concat(batch, m, n));
    einsum_gemm<T>(a, b, t, ws);
    einsum_sum<T>(einsum_const(t), c, size);
    return;
  }
  // The batch labels as axes: gemm_run collapses them, folds a batch that shares B into the
  // rows, and runs the whole batch on the path it picks.
  axes_buffer bsh{}, bsa{}, bsb{}, bsc{};
  einsum_gather<3>(batch, size, bsh.data(), {&a, &b, &c}, {bsa.data(), bsb.data(), bsc.data()});
  gemm_problem<T, T, T> p;
  p.m = cm.n, p.n = cn.n, p.k = ak.n;
  p.a = {a.p, am.stride, ak.stride};
  p.b = {b.p, bk.stride, bn.stride};
  p.c = c.p, p.rsc = cm.stride, p.csc = cn.stride;
  p.batch_rank = batch.n;
  p.batch = bsh.data();
  p.batch_strides = {bsa.data(), bsb.data(), bsc.data()};
  gemm_run(p);
}

/// The label of `mask` along which t steps by the smallest stride (its memory's fast axis),
/// ignoring size-1 labels; einsum_max_labels when there is none.
inline std::size_t einsum_inner(einsum_mask mask, const einsum_layout& t, const index_t* size) {
  std::size_t best = einsum_max_labels;
  einsum_each(mask, [&](std::size_t l) {
    if (size[l] != 1 &&
        (best == einsum_max_labels || std::abs(t.stride[l]) < std::abs(t.stride[best])))
      best = l;
  });
  return best;
}

/// Whether c = a b runs better as c = b a: the GEMM streams best when the left operand's
/// fast axis is summed over and the right operand's (and the result's) is one of its
/// columns. `c` is null for an intermediate, whose layout follows the operands.
inline bool einsum_swap(const einsum_layout& a, const einsum_layout& b, const einsum_layout* c,
                        const index_t* size) {
  const auto has = [](einsum_mask m, std::size_t l) {
    return l < einsum_max_labels && (m & einsum_bit(l));
  };
  const std::size_t ia = einsum_inner(a.mask, a, size), ib = einsum_inner(b.mask, b, size);
  const std::size_t ic = c ? einsum_inner(c->mask, *c, size) : einsum_max_labels;
  const einsum_mask k = a.mask & b.mask, only_a = a.mask & ~b.mask, only_b = b.mask & ~a.mask;
  // (left's fast axis summed) + (right's fast axis a column) + (result's fast axis a column)
  const int as_is = has(k, ia) + has(only_b, ib) + has(only_b, ic);
  const int swapped = has(k, ib) + has(only_a, ia) + has(only_a, ic);
  return swapped > as_is;
}

/// c = a contracted with b: the GEMM when they share a summed label, else an elementwise
/// (outer or broadcast) product.
template <class T>
void einsum_pair(const einsum_tensor<const T>& a, const einsum_tensor<const T>& b,
                 const einsum_tensor<T>& c, einsum_workspace<T>& ws) {
  if (!(a.mask & b.mask & ~c.mask))
    einsum_multiply<T>(a, b, c, ws.size.data());
  else if (einsum_swap(a, b, &c, ws.size.data()))
    einsum_gemm<T>(b, a, c, ws);
  else
    einsum_gemm<T>(a, b, c, ws);
}

/// Runs the plan on tensors: `terms` holds the n operands and is used as scratch.
template <class T>
struct einsum_runner {
  einsum_workspace<T>& ws;
  einsum_tensor<const T>* terms;
  std::size_t n;
  const einsum_tensor<T>& out;

  void sum(std::size_t i, einsum_mask kept) {
    if (kept == out.mask && n == 1) return einsum_sum<T>(terms[0], out, ws.size.data());
    const einsum_tensor<T> t = ws.alloc(einsum_by_stride(kept, terms[i]));
    einsum_sum<T>(terms[i], t, ws.size.data());
    terms[i] = einsum_const(t);
  }
  void pair(std::size_t i, std::size_t j, einsum_mask kept, bool last) {
    if (last) return einsum_pair<T>(terms[0], terms[1], out, ws);
    const bool swap = einsum_swap(terms[i], terms[j], nullptr, ws.size.data());
    const einsum_tensor<const T>& a = swap ? terms[j] : terms[i];
    const einsum_tensor<const T>& b = swap ? terms[i] : terms[j];
    // The intermediate's layout follows the GEMM's (batch, rows, columns), so it merges.
    const einsum_tensor<T> c = ws.alloc(einsum_concat(einsum_by_stride(a.mask & b.mask & kept, a),
                                                      einsum_by_stride(a.mask & ~b.mask, a),
                                                      einsum_by_stride(b.mask & ~a.mask, b)));
    einsum_pair<T>(a, b, c, ws);
    terms[i] = einsum_const(c);
    terms[j] = terms[n - 1];
    --n;
  }
};

/// The labels of a tensor as axes in label order (an order that does not matter for `f`), for
/// the layout algebra of core/layout.hpp.
template <class P, class F>
decltype(auto) einsum_as_layout(const einsum_tensor<P>& t, const index_t* size, F&& f) {
  axes_buffer sh{}, st{};
  std::size_t r = 0;
  einsum_each(t.mask, [&](std::size_t l) {
    sh[r] = size[l];
    st[r++] = t.stride[l];
  });
  return f(layout{r, sh.data(), st.data()});
}

/// Whether two tensors (label layouts over the sizes of one einsum) may share memory.
template <class A, class B>
bool einsum_overlap(const einsum_tensor<A>& a, const einsum_tensor<B>& b, const index_t* size) {
  return einsum_as_layout(a, size, [&](const layout& la) {
    return einsum_as_layout(b, size, [&](const layout& lb) {
      return may_overlap(a.p, sizeof(A), la, b.p, sizeof(B), lb);
    });
  });
}

/// Sums private labels, contracts pairwise in the plan's order, writes `out`. An operand that
/// overlaps `out` (an out-parameter; `fresh` says out is a new tensor, which overlaps nothing)
/// is copied first, so that the result is NumPy's.
template <class T>
void einsum_execute(einsum_workspace<T>& ws, einsum_tensor<const T>* terms, std::size_t n,
                    const einsum_tensor<T>& out, bool fresh) {
  if (ws.count(out.mask) == 0) return;
  for (std::size_t i = 0; i < n && !fresh; ++i) {
    if (ws.count(terms[i].mask) == 0 || !einsum_overlap(terms[i], out, ws.size.data())) continue;
    const einsum_tensor<T> t = ws.alloc(einsum_by_stride(terms[i].mask, terms[i]));
    einsum_sum<T>(terms[i], t, ws.size.data());
    terms[i] = einsum_const(t);
  }
  std::array<einsum_mask, einsum_max_operands> masks;
  for (std::size_t i = 0; i < n; ++i) masks[i] = terms[i].mask;
  einsum_schedule(masks.data(), n, out.mask, ws.size.data(), einsum_runner<T>{ws, terms, n, out});
}

}  // namespace detail
TENSR_NAMESPACE_END
