// The layout algebra, rank-erased: a strided layout is a rank known at run time, sizes and
// strides (in elements). Everything that reasons about layouts lives here once -- NumPy's
// broadcasting with its error texts, collapsing axes that are contiguous in every operand,
// merging a group of axes into one, permuting, dropping an axis, and the overlap test -- and
// is written against pointers to sizes and strides, so TensorView<T, Rank> (and einsum's
// label layouts) lower to it without copies and the code is compiled once for every rank.
#pragma once

#include "tensr/core/internal.hpp"

#include <array>
#include <cstddef>
#include <cstdlib>
#include <functional>
#include <initializer_list>
#include <string>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/shape.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

/// The most axes a rank-erased layout takes: einsum's label count (52 letters and 12 axes
/// under '...'), which bounds every loop tensr runs.
inline constexpr std::size_t max_axes = 64;

/// A layout without its rank in the type: `rank` sizes and strides, not owned.
struct layout {
  std::size_t rank = 0;
  const index_t* shape = nullptr;
  const index_t* strides = nullptr;
};

template <std::size_t R>
layout layout_of(const shape_t<R>& shape, const shape_t<R>& strides) noexcept {
  return {R, shape.data(), strides.data()};
}

/// Sizes or strides of up to max_axes axes, owned (uninitialized past what is written).
using axes_buffer = std::array<index_t, max_axes>;

// ---- broadcasting -----------------------------------------------------------------------------

/// NumPy's broadcast of `shapes` (trailing axes aligned; sizes equal or 1) into `out`, which has
/// `rank` axes (at least the largest rank). False when they do not broadcast.
inline bool broadcast_shape(std::size_t rank, index_t* out,
                            std::initializer_list<layout> shapes) noexcept {
  for (std::size_t i = 0; i < rank; ++i) out[i] = 1;
  bool ok = true;
  for (const layout& s : shapes)
    for (std::size_t i = 0; i < s.rank; ++i) {
      const index_t d = s.shape[s.rank - 1 - i];
      index_t& o = out[rank - 1 - i];
      if (d == 1 || d == o) continue;
      if (o == 1)
        o = d;
      else
        ok = false;
    }
  return ok;
}

/// NumPy's ufunc error: "operands could not be broadcast together with shapes (2,3) (4,)".
inline shape_error broadcast_error(std::initializer_list<layout> shapes) {
  std::string msg = "operands could not be broadcast together with shapes";
  for (const layout& s : shapes) msg += ' ' + shape_str(s.shape, s.rank);
  return shape_error(msg);
}

/// The strides that lay `src` on a shape of `rank` axes as NumPy broadcasts it: trailing axes
/// aligned, stride 0 where src has size 1 or lacks the axis. Extra leading axes of src must have
/// size 1. False when src does not fit the shape.
inline bool broadcast_strides(const layout& src, std::size_t rank, const index_t* shape,
                              index_t* out) noexcept {
  for (std::size_t i = 0; i < rank; ++i) out[i] = 0;
  bool ok = true;
  for (std::size_t i = 0; i < src.rank; ++i) {
    const index_t s = src.shape[src.rank - 1 - i];
    if (i >= rank) {
      ok = ok && s == 1;
      continue;
    }
    const std::size_t d = rank - 1 - i;
    if (s == shape[d])
      out[d] = s == 1 ? 0 : src.strides[src.rank - 1 - i];
    else if (s != 1)
      ok = false;
  }
  return ok;
}

/// NumPy's error for an assignment that does not broadcast:
/// "could not broadcast input array from shape (3,) into shape (2,4)".
inline shape_error broadcast_into_error(const layout& src, std::size_t rank, const index_t* shape) {
  return shape_error("could not broadcast input array from shape " +
                     shape_str(src.shape, src.rank) + " into shape " + shape_str(shape, rank));
}

/// NumPy's error for operands that do not broadcast to a requested shape (np.broadcast_to and
/// the batch axes of np.matmul): "operands could not be broadcast together with remapped shapes
/// [original->remapped]: (3,)  and requested shape (2,4)". `remapped` is each operand's text
/// after its shape ("" or "->(2,newaxis,newaxis)").
inline shape_error remapped_broadcast_error(
    std::initializer_list<std::pair<layout, std::string>> ops, std::size_t rank,
    const index_t* requested) {
  std::string msg =
      "operands could not be broadcast together with remapped shapes "
      "[original->remapped]:";
  for (const auto& [s, remapped] : ops) msg += ' ' + shape_str(s.shape, s.rank) + remapped;
  return shape_error(msg + "  and requested shape " + shape_str(requested, rank));
}

// ---- merging axes -------------------------------------------------------------------------

/// True when an axis of stride `outer` followed by one of `inner_size` elements at stride
/// `inner` walk memory as one axis.
constexpr bool mergeable(index_t outer, index_t inner, index_t inner_size) noexcept {
  return outer == inner * inner_size;
}

/// Axes [0, n) (outermost first) read as one axis of `size` elements at `stride` (the
/// innermost one's), when the layout allows it; size-1 axes do not matter. False otherwise.
inline bool merge_axes(std::size_t n, const index_t* shape, const index_t* strides, index_t& size,
                       index_t& stride) noexcept {
  size = 1;
  stride = 0;
  bool first = true;
  for (std::size_t i = n; i-- > 0;) {
    if (shape[i] == 1) continue;
    if (first) {
      stride = strides[i];
      first = false;
    } else if (!mergeable(strides[i], stride, size)) {
      return false;
    }
    size *= shape[i];
  }
  return true;
}

/// The axes of one shape shared by N operands (each with its own strides), with size-1 axes
/// dropped and neighbours merged wherever every operand steps across them as one axis: the
/// layout an N-ary loop runs over, innermost axis last. A shape with a zero has rank 0 and
/// `empty` set.
template <std::size_t N>
struct collapsed {
  std::size_t rank = 0;
  bool empty = false;
  axes_buffer shape{};
  std::array<axes_buffer, N> strides;
};

template <std::size_t N>
void collapse(std::size_t rank, const index_t* shape, const std::array<const index_t*, N>& strides,
              collapsed<N>& out) noexcept {
  out.rank = 0;
  out.empty = false;
  for (std::size_t i = 0; i < rank; ++i)
    if (shape[i] == 0) {
      out.empty = true;  // before any stride * size product, which could overflow
      return;
    }
  std::size_t nd = 0;
  for (std::size_t i = 0; i < rank; ++i) {
    if (shape[i] == 1) continue;
    bool merge = nd > 0;
    for (std::size_t k = 0; k < N && merge; ++k)
      merge = mergeable(out.strides[k][nd - 1], strides[k][i], shape[i]);
    if (merge) {
      out.shape[nd - 1] *= shape[i];
      for (std::size_t k = 0; k < N; ++k) out.strides[k][nd - 1] = strides[k][i];
    } else {
      out.shape[nd] = shape[i];
      for (std::size_t k = 0; k < N; ++k) out.strides[k][nd] = strides[k][i];
      ++nd;
    }
  }
  out.rank = nd;
}

// ---- permuting and dropping axes ---------------------------------------------------------------

/// Axis i of the result is axis axes[i] (negative counts from the end) of the input; each
/// axis exactly once, or shape_error "transpose: repeated axis in (1,1,0)".
inline void permute_axes(std::size_t rank, const index_t* shape, const index_t* strides,
                         const index_t* axes, index_t* out_shape, index_t* out_strides) {
  std::array<bool, max_axes> seen{};
  for (std::size_t i = 0; i < rank; ++i) {
    const std::size_t a = normalize_axis(axes[i], rank);
    if (seen[a]) throw shape_error("transpose: repeated axis in " + shape_str(axes, rank));
    seen[a] = true;
  }
  // Written after the checks, so out may be the input.
  axes_buffer s{}, st{};
  for (std::size_t i = 0; i < rank; ++i) {
    const std::size_t a = normalize_axis(axes[i], rank);
    s[i] = shape[a];
    st[i] = strides[a];
  }
  for (std::size_t i = 0; i < rank; ++i) out_shape[i] = s[i], out_strides[i] = st[i];
}

/// `in` without axis `ax` (rank - 1 entries written to out).
inline void drop_axis(std::size_t rank, const index_t* in, std::size_t ax, index_t* out) noexcept {
  for (std::size_t i = 0, k = 0; i < rank; ++i)
    if (i != ax) out[k++] = in[i];
}

template <std::size_t R>
shape_t<R - 1> drop_axis(const shape_t<R>& s, std::size_t ax) noexcept {
  shape_t<R - 1> r{};
  drop_axis(R, s.data(), ax, r.data());
  return r;
}

/// The axis along which a layout steps by the smallest |stride| among axes of size > 1 (the
/// fastest in memory; the first on ties), or `rank` when there is none.
inline std::size_t fastest_axis(const layout& l) noexcept {
  std::size_t best = l.rank;
  for (std::size_t i = 0; i < l.rank; ++i)
    if (l.shape[i] > 1 && (best == l.rank || std::abs(l.strides[i]) < std::abs(l.strides[best])))
      best = i;
  return best;
}

// ---- overlap ----------------------------------------------------------------------------------

/// How two layouts in memory relate (inlined: with a rank known where it is called, the
/// loops unroll): no byte in common, exactly the same elements in the same
/// order (same address, element size, shape and strides: an elementwise op may read each just
/// before it writes it), or anything else that may share bytes.
enum class overlap { disjoint, same, partial };

/// The byte range [lo, hi) a layout of elements of `size` bytes touches; lo == hi when empty.
TENSR_ALWAYS_INLINE std::pair<const char*, const char*> byte_range(const void* p, std::size_t size,
                                                                   const layout& l) noexcept {
  for (std::size_t i = 0; i < l.rank; ++i)
    if (l.shape[i] == 0) return {nullptr, nullptr};
  index_t lo = 0, hi = 0;
  for (std::size_t i = 0; i < l.rank; ++i) {
    const index_t span = (l.shape[i] - 1) * l.strides[i];
    (span < 0 ? lo : hi) += span;
  }
  const char* c = static_cast<const char*>(p);
  const auto s = static_cast<index_t>(size);
  return {c + lo * s, c + (hi + 1) * s};
}

TENSR_ALWAYS_INLINE overlap overlap_of(const void* a, std::size_t asize, const layout& la,
                                       const void* b, std::size_t bsize,
                                       const layout& lb) noexcept {
  const auto [a0, a1] = byte_range(a, asize, la);
  const auto [b0, b1] = byte_range(b, bsize, lb);
  const std::less<const char*> lt;
  if (a0 == a1 || b0 == b1 || !(lt(a0, b1) && lt(b0, a1))) return overlap::disjoint;
  bool same = a == b && asize == bsize && la.rank == lb.rank;
  for (std::size_t i = 0; same && i < la.rank; ++i)
    same = la.shape[i] == lb.shape[i] && (la.shape[i] == 1 || la.strides[i] == lb.strides[i]);
  return same ? overlap::same : overlap::partial;
}

/// True when the two layouts may share a byte (anything but disjoint).
TENSR_ALWAYS_INLINE bool may_overlap(const void* a, std::size_t asize, const layout& la,
                                     const void* b, std::size_t bsize, const layout& lb) noexcept {
  return overlap_of(a, asize, la, b, bsize, lb) != overlap::disjoint;
}

}  // namespace detail
TENSR_NAMESPACE_END
