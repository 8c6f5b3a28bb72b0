// The operations an einsum is lowered to, on tensors described by label -> stride maps:
// sums over labels (and permuted copies) by one strided loop, elementwise products through
// the same loop, and pairwise contractions on the GEMM engine (batch = shared kept labels,
// M and N = the labels of one side only, K = the shared labels summed over). An operand is
// copied only when its M/K (or K/N) labels cannot be read as one strided axis each.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/iterate.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/linalg/einsum_parse.hpp"
#include "tensr/linalg/gemm.hpp"
#include "tensr/linalg/matmul.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

using einsum_mask = std::uint64_t;

constexpr einsum_mask einsum_bit(std::size_t label) noexcept { return einsum_mask{1} << label; }

/// f(label) for each label of a mask, in increasing order (the set bits only).
template <class F>
void einsum_each(einsum_mask m, F&& f) {
  for (; m; m &= m - 1) f(static_cast<std::size_t>(__builtin_ctzll(m)));
}

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

/// The labels of `o` (outer to inner) of tensor `t` read as one axis, if its layout allows
/// (size-1 labels do not matter).
inline bool einsum_merge(const einsum_order& o, const einsum_layout& t, const index_t* size,
                         einsum_axis& out) noexcept {
  out = {};
  bool first = true;
  index_t expect = 0;
  for (std::size_t i = o.n; i-- > 0;) {
    const std::size_t l = o.l[i];
    if (size[l] == 1) continue;
    const index_t st = t.at(l);
    if (first) {
      out.stride = st;
      first = false;
    } else if (st != expect) {
      return false;
    }
    out.n *= size[l];
    expect = st * size[l];
  }
  return true;
}

/// f(offsets, n, inner_strides) over the labels of `o` for N tensors (a tensor without a
/// label steps by 0 along it): the strided loop of core/iterate.hpp, at a rank chosen by
/// the label count so that small einsums pay for small arrays.
template <std::size_t Rank, std::size_t N, class F>
void einsum_loop_at(const einsum_order& o, const index_t* size,
                    const std::array<const einsum_layout*, N>& t, F& f) {
  shape_t<Rank> shape;
  shape.fill(1);
  std::array<shape_t<Rank>, N> st{};
  for (std::size_t i = 0; i < o.n; ++i) {
    shape[i] = size[o.l[i]];
    for (std::size_t k = 0; k < N; ++k) st[k][i] = t[k]->at(o.l[i]);
  }
  for_each_run<N>(shape, st, f);
}

template <std::size_t N, class F>
void einsum_loop(const einsum_order& o, const index_t* size,
                 const std::array<const einsum_layout*, N>& t, F f) {
  if (o.n <= 6)
    einsum_loop_at<6>(o, size, t, f);
  else
    einsum_loop_at<einsum_max_labels>(o, size, t, f);
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

/// out = in with the labels of in.mask that out lacks summed over (a permuted copy when
/// there are none). out's labels must be in's.
template <class T>
void einsum_sum(const einsum_tensor<const T>& in, const einsum_tensor<T>& out,
                const index_t* size) {
  const einsum_order o = einsum_by_stride(in.mask, in);
  const T* a = in.p;
  T* c = out.p;
  if (in.mask == out.mask) {
    einsum_loop<2>(o, size, {&out, &in}, [&](auto off, index_t n, auto st) {
      for (index_t k = 0; k < n; ++k) c[off[0] + k * st[0]] = a[off[1] + k * st[1]];
    });
    return;
  }
  einsum_loop<1>(einsum_by_stride(out.mask, out), size, {&out}, [&](auto off, index_t n, auto st) {
    for (index_t k = 0; k < n; ++k) c[off[0] + k * st[0]] = T(0);
  });
  einsum_loop<2>(o, size, {&out, &in}, [&](auto off, index_t n, auto st) {
    if (st[0] == 0) {  // a run along a summed label: one accumulator
      T acc = c[off[0]];
      for (index_t k = 0; k < n; ++k) acc += a[off[1] + k * st[1]];
      c[off[0]] = acc;
    } else {
      for (index_t k = 0; k < n; ++k) c[off[0] + k * st[0]] += a[off[1] + k * st[1]];
    }
  });
}

/// out = a * b elementwise, a and b broadcast (stride 0) along the labels they lack.
template <class T>
void einsum_multiply(const einsum_tensor<const T>& a, const einsum_tensor<const T>& b,
                     const einsum_tensor<T>& out, const index_t* size) {
  const T* pa = a.p;
  const T* pb = b.p;
  T* c = out.p;
  einsum_loop<3>(einsum_by_stride(out.mask, out), size, {&out, &a, &b},
                 [&](auto off, index_t n, auto st) {
                   T* o = c + off[0];
                   const T* x = pa + off[1];
                   const T* y = pb + off[2];
                   if (st[0] == 1 && st[1] == 1 && st[2] == 1) {
                     for (index_t k = 0; k < n; ++k) o[k] = static_cast<T>(x[k] * y[k]);
                   } else if (st[0] == 1 && st[1] == 0) {
                     const T xv = *x;
                     for (index_t k = 0; k < n; ++k) o[k] = static_cast<T>(xv * y[k * st[2]]);
                   } else {
                     for (index_t k = 0; k < n; ++k)
                       o[k * st[0]] = static_cast<T>(x[k * st[1]] * y[k * st[2]]);
                   }
                 });
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
  einsum_axis ba, bb, bc;
  if (batch.n == 0) {
    gemm_raw<T>(cm.n, cn.n, ak.n, T(1), gemm_operand<T>{a.p, am.stride, ak.stride},
                gemm_operand<T>{b.p, bk.stride, bn.stride}, T(0), c.p, cm.stride, cn.stride);
  } else if (einsum_merge(batch, a, size, ba) && einsum_merge(batch, b, size, bb) &&
             einsum_merge(batch, c, size, bc)) {
    // One batch axis: matmul's batched path (small-matrix kernel, threads over batches).
    const index_t nb = bc.n;
    matmul_stack<T>(
        TensorView<const T, 3>(a.p, {nb, cm.n, ak.n}, {ba.stride, am.stride, ak.stride}, trusted),
        TensorView<const T, 3>(b.p, {nb, ak.n, cn.n}, {bb.stride, bk.stride, bn.stride}, trusted),
        TensorView<T, 3>(c.p, {nb, cm.n, cn.n}, {bc.stride, cm.stride, cn.stride}, trusted));
  } else {
    // Batch labels that do not merge: one GEMM per batch index.
    einsum_loop<3>(batch, size, {&c, &a, &b}, [&](auto off, index_t cnt, auto st) {
      for (index_t q = 0; q < cnt; ++q)
        gemm_raw<T>(cm.n, cn.n, ak.n, T(1),
                    gemm_operand<T>{a.p + off[1] + q * st[1], am.stride, ak.stride},
                    gemm_operand<T>{b.p + off[2] + q * st[2], bk.stride, bn.stride}, T(0),
                    c.p + off[0] + q * st[0], cm.stride, cn.stride);
    });
  }
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

}  // namespace detail
TENSR_NAMESPACE_END
