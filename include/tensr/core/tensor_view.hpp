// TensorView<T, Rank>: a pointer, a shape and strides (in elements) -- no ownership,
// no allocation. Every algorithm in tensr is written once against it. T may be const.
//
// Views of views are O(1): t(), transpose, swapaxes, moveaxis, slicing with
// range/all/newaxis/ellipsis, reshape (when the layout allows), expand_dims, squeeze,
// flip, diagonal. Copying a view makes another view of the same memory; assigning to
// a view writes elements through it, broadcasting the right-hand side.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/iterate.hpp"
#include "tensr/core/layout.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/slice.hpp"
#include "tensr/core/threads.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/core/transpose_kernels.hpp"

TENSR_NAMESPACE_BEGIN

namespace detail {

/// Tag for constructing a view from a layout that needs no validation.
struct trusted_t {
  explicit constexpr trusted_t() = default;
};
inline constexpr trusted_t trusted{};

/// Element offset of an index tuple; unchecked (asserts in debug builds).
template <std::size_t Rank, class... I>
TENSR_ALWAYS_INLINE index_t offset_of(const shape_t<Rank>& shape, const shape_t<Rank>& strides,
                                      I... idx) noexcept {
  static_cast<void>(shape);
  index_t off = 0;
  std::size_t k = 0;
  ((TENSR_ASSERT(static_cast<index_t>(idx) >= 0 && static_cast<index_t>(idx) < shape[k]),
    off += static_cast<index_t>(idx) * strides[k], ++k),
   ...);
  return off;
}

/// The strides of `src` laid on `dst_shape` (NumPy's broadcasting); throws NumPy's
/// "could not broadcast input array from shape … into shape …".
template <std::size_t DstRank, std::size_t SrcRank>
shape_t<DstRank> broadcast_strides(const shape_t<SrcRank>& src_shape,
                                   const shape_t<SrcRank>& src_strides,
                                   const shape_t<DstRank>& dst_shape) {
  shape_t<DstRank> st{};
  const layout src = layout_of(src_shape, src_strides);
  if (!broadcast_strides(src, DstRank, dst_shape.data(), st.data()))
    throw broadcast_into_error(src, DstRank, dst_shape.data());
  return st;
}

/// Whether two typed layouts may share memory (core/layout.hpp's overlap test).
template <class A, class B, std::size_t RA, std::size_t RB>
TENSR_ALWAYS_INLINE bool may_overlap(const A* a, const shape_t<RA>& sa, const shape_t<RA>& ta,
                                     const B* b, const shape_t<RB>& sb,
                                     const shape_t<RB>& tb) noexcept {
  return may_overlap(a, sizeof(A), layout_of(sa, ta), b, sizeof(B), layout_of(sb, tb));
}

/// A transposing copy: the source runs along memory on one axis (p) and the destination on
/// another (q). Element by element one side would touch a new cache line per element, so the
/// (p, q) plane is walked in square tiles whose lines both sides then use whole. Same-type
/// copies of 4- or 8-byte elements transpose blocks in vector registers instead
/// (core/transpose_kernels.hpp), when the CPU has them.
/// Returns false (nothing done) when the layout is not such a transpose.
template <class D, class S>
bool strided_copy_transposing(D* dst, std::size_t rank, const index_t* shape, const index_t* ds,
                              const S* src, const index_t* ss) {
  constexpr index_t tile = 16;
  std::size_t p = rank, q = rank;
  for (std::size_t i = 0; i < rank; ++i) {
    if (shape[i] < tile) continue;
    if (p == rank && (ss[i] == 1 || ss[i] == -1)) p = i;
    if (q == rank && (ds[i] == 1 || ds[i] == -1)) q = i;
  }
  if (p == rank || q == rank || p == q) return false;
  for (std::size_t i = 0; i < rank; ++i)
    if (shape[i] == 0) return false;
  axes_buffer outer{};
  for (std::size_t i = 0; i < rank; ++i) outer[i] = i == p || i == q ? 1 : shape[i];
  const index_t np = shape[p], nq = shape[q];
  const index_t dp = ds[p], dq = ds[q], sp = ss[p], sq = ss[q];
  // Same element type of 4 or 8 bytes, both unit strides +1: whole planes go through the
  // register-transposing kernel, which handles its own edges.
  if constexpr (std::is_same_v<D, std::remove_const_t<S>> && (sizeof(D) == 4 || sizeof(D) == 8)) {
    const transpose_plane_fn kernel = sp == 1 && dq == 1 ? transpose_select(sizeof(D)) : nullptr;
    if (kernel) {
      for_each_run<2>(rank, outer.data(), {ds, ss}, [&](auto off, index_t n, auto st) {
        for (index_t r = 0; r < n; ++r)
          kernel(dst + off[0] + r * st[0], dp, src + off[1] + r * st[1], sq, nq, np);
      });
      return true;
    }
  }
  for_each_run<2>(rank, outer.data(), {ds, ss}, [&](auto off, index_t n, auto st) {
    for (index_t r = 0; r < n; ++r) {
      D* d = dst + off[0] + r * st[0];
      const S* s = src + off[1] + r * st[1];
      for (index_t j0 = 0; j0 < np; j0 += tile) {
        const index_t je = std::min(np, j0 + tile);
        for (index_t i0 = 0; i0 < nq; i0 += tile) {
          const index_t ie = std::min(nq, i0 + tile);
          for (index_t j = j0; j < je; ++j)
            for (index_t i = i0; i < ie; ++i) d[i * dq + j * dp] = convert<D>(s[i * sq + j * sp]);
        }
      }
    }
  });
  return true;
}

/// dst[...] = src[...] elementwise over `shape`, src already laid out on it (broadcast
/// strides). Rank-erased: compiled once per pair of element types.
template <class D, class S>
void strided_copy(D* dst, std::size_t rank, const index_t* shape, const index_t* dst_strides,
                  const S* src, const index_t* src_strides) {
  if (strided_copy_transposing(dst, rank, shape, dst_strides, src, src_strides)) return;
  parallel_for_each_run<2>(rank, shape, {dst_strides, src_strides},
                           [&](auto off, index_t n, auto st) {
                             D* d = dst + off[0];
                             const S* s = src + off[1];
                             if constexpr (std::is_same_v<D, S>) {
                               if (st[0] == 1 && st[1] == 1) {
                                 std::memmove(d, s, static_cast<std::size_t>(n) * sizeof(D));
                                 return;
                               }
                             }
                             if (st[0] == 1 && st[1] == 0) {
                               std::fill_n(d, n, convert<D>(*s));
                               return;
                             }
                             for (index_t k = 0; k < n; ++k)
                               d[k * st[0]] = convert<D>(s[k * st[1]]);
                           });
}

template <class D, class S, std::size_t Rank>
void strided_copy(D* dst, const shape_t<Rank>& shape, const shape_t<Rank>& dst_strides,
                  const S* src, const shape_t<Rank>& src_strides) {
  strided_copy(dst, Rank, shape.data(), dst_strides.data(), src, src_strides.data());
}

/// reshape<NewRank> given K sizes, K != NewRank: stops with a sentence that states both
/// counts, "tensr: reshape<2> was given 3 sizes". A static_assert's message must be a string
/// literal, so each pair of counts up to rank 8 has its own; larger ranks get the sentence
/// without numbers (the instantiation shown with it has them).
template <std::size_t NewRank, std::size_t K>
struct reshape_size_count {
// clang-format off
#define TENSR_RESHAPE_COUNT(r, k, sizes) \
  static_assert(NewRank != r || K != k, "tensr: reshape<" #r "> was given " #k " " sizes);
#define TENSR_RESHAPE_COUNTS(r) \
  TENSR_RESHAPE_COUNT(r, 0, "sizes") TENSR_RESHAPE_COUNT(r, 1, "size") \
  TENSR_RESHAPE_COUNT(r, 2, "sizes") TENSR_RESHAPE_COUNT(r, 3, "sizes") \
  TENSR_RESHAPE_COUNT(r, 4, "sizes") TENSR_RESHAPE_COUNT(r, 5, "sizes") \
  TENSR_RESHAPE_COUNT(r, 6, "sizes") TENSR_RESHAPE_COUNT(r, 7, "sizes") \
  TENSR_RESHAPE_COUNT(r, 8, "sizes")
  TENSR_RESHAPE_COUNTS(0) TENSR_RESHAPE_COUNTS(1) TENSR_RESHAPE_COUNTS(2)
  TENSR_RESHAPE_COUNTS(3) TENSR_RESHAPE_COUNTS(4) TENSR_RESHAPE_COUNTS(5)
  TENSR_RESHAPE_COUNTS(6) TENSR_RESHAPE_COUNTS(7) TENSR_RESHAPE_COUNTS(8)
  static_assert(NewRank == K || (NewRank <= 8 && K <= 8),
                "tensr: reshape<NewRank> was given a number of sizes other than NewRank");
#undef TENSR_RESHAPE_COUNTS
#undef TENSR_RESHAPE_COUNT
  // clang-format on
};

}  // namespace detail

/// A pointer, a shape and strides (in elements; 0 broadcasts, negative flips): a view of
/// memory it does not own, O(1) to copy. Copying a view makes another view; assigning to one
/// writes its elements (NumPy's `v[...] = x`). T may be const (a read-only view).
template <class T, std::size_t Rank>
class TensorView {
  static_assert(element<T>, "tensr: TensorView<T, Rank> needs an arithmetic or bool element type");

 public:
  using element_type = T;
  using value_type = std::remove_const_t<T>;
  static constexpr std::size_t rank = Rank;

  /// An empty view (all sizes 0; for rank 0, a null scalar that must not be read).
  constexpr TensorView() noexcept = default;

  /// A row-major contiguous view of `shape` starting at `data`.
  TensorView(T* data, const shape_t<Rank>& shape)
      : TensorView(data, shape, row_major_strides_checked(shape)) {}

  /// A view with explicit strides (in elements; may be 0 or negative).
  TensorView(T* data, const shape_t<Rank>& shape, const shape_t<Rank>& strides)
      : data_(data), shape_(shape), strides_(strides) {
    detail::checked_size(shape);
  }

  /// A view of mutable elements converts to a view of const elements.
  template <class U>
  requires detail::is_const_of<U, T>
  constexpr TensorView(const TensorView<U, Rank>& other) noexcept
      : data_(other.data()), shape_(other.shape()), strides_(other.strides()) {}

  constexpr TensorView(const TensorView&) noexcept = default;

  /// Writes the elements of `other` through this view (NumPy's `v[...] = other`).
  TensorView& operator=(const TensorView& other) requires(!std::is_const_v<T>) {
    return assign(other);
  }
  template <tensor_like Src>
  requires(!std::is_const_v<T>) TensorView& operator=(const Src& src) {
    return assign(as_view(src));
  }
  /// Sets every element to `value` (NumPy's `v[...] = value`).
  template <class V>
  requires(!std::is_const_v<T> && std::is_arithmetic_v<V>) TensorView& operator=(V value) {
    fill(detail::convert<value_type>(value));
    return *this;
  }

  // ---- layout -------------------------------------------------------------------
  constexpr T* data() const noexcept { return data_; }
  constexpr const shape_t<Rank>& shape() const noexcept { return shape_; }
  /// Size of one axis; negative axes count from the end.
  index_t shape(index_t axis) const { return shape_[detail::normalize_axis(axis, Rank)]; }
  constexpr const shape_t<Rank>& strides() const noexcept { return strides_; }
  index_t strides(index_t axis) const { return strides_[detail::normalize_axis(axis, Rank)]; }
  constexpr index_t size() const noexcept { return detail::product(shape_); }
  constexpr bool empty() const noexcept { return size() == 0; }
  constexpr bool is_contiguous() const noexcept { return detail::is_row_major(shape_, strides_); }

  // ---- element access -------------------------------------------------------------
  /// a(i, j, ...) with Rank integers: the element, unchecked. With slice arguments
  /// (range, all, newaxis, ellipsis, or fewer integers than Rank): a view.
  template <slice_arg... I>
  decltype(auto) operator()(I... idx) const {
    if constexpr (detail::is_element_access<Rank, I...>)
      return static_cast<T&>(data_[detail::offset_of(shape_, strides_, idx...)]);
    else
      return slice(idx...);
  }

  /// Checked element access; negative indices count from the end.
  template <int_index... I>
  requires(sizeof...(I) == Rank) T& at(I... idx) const {
    index_t off = 0;
    std::size_t k = 0;
    ((off += detail::checked_index_of(idx, shape_[k], k) * strides_[k], ++k), ...);
    return data_[off];
  }

  /// The single element of a rank-0 view.
  T& item() const requires(Rank == 0) { return *data_; }
  operator value_type() const requires(Rank == 0) { return *data_; }

  /// Sets every element to value.
  void fill(value_type value) const requires(!std::is_const_v<T>) {
    detail::for_each_run<1>(shape_, {strides_}, [&](auto off, index_t n, auto st) {
      if (st[0] == 1) return void(std::fill_n(data_ + off[0], n, value));  // vectorized runs
      for (index_t k = 0; k < n; ++k) data_[off[0] + k * st[0]] = value;
    });
  }

  // ---- views ------------------------------------------------------------------------
  /// All axes reversed (NumPy's a.T).
  TensorView t() const noexcept {
    TensorView v = *this;
    std::reverse(v.shape_.begin(), v.shape_.end());
    std::reverse(v.strides_.begin(), v.strides_.end());
    return v;
  }
  TensorView transpose() const noexcept { return t(); }

  /// Axes permuted: axis i of the result is axis axes[i] of this view.
  TensorView transpose(const shape_t<Rank>& axes) const {
    TensorView v = *this;
    detail::permute_axes(Rank, shape_.data(), strides_.data(), axes.data(), v.shape_.data(),
                         v.strides_.data());
    return v;
  }
  TensorView permute(const shape_t<Rank>& axes) const { return transpose(axes); }

  TensorView swapaxes(index_t axis1, index_t axis2) const {
    const std::size_t a = detail::normalize_axis(axis1, Rank, "axis1");
    const std::size_t b = detail::normalize_axis(axis2, Rank, "axis2");
    TensorView v = *this;
    std::swap(v.shape_[a], v.shape_[b]);
    std::swap(v.strides_[a], v.strides_[b]);
    return v;
  }

  /// Moves axis `source` to position `destination`, keeping the others in order.
  TensorView moveaxis(index_t source, index_t destination) const {
    const std::size_t s = detail::normalize_axis(source, Rank, "source");
    const std::size_t d = detail::normalize_axis(destination, Rank, "destination");
    shape_t<Rank> order{};
    std::size_t k = 0;
    for (std::size_t i = 0; i < Rank; ++i)
      if (i != s) order[k++] = static_cast<index_t>(i);
    std::copy_backward(order.begin() + static_cast<index_t>(d), order.begin() + (Rank - 1),
                       order.end());
    order[d] = static_cast<index_t>(s);
    return transpose(order);
  }

  /// Axis reversed (negative stride), NumPy's np.flip(a, axis).
  TensorView flip(index_t axis) const {
    TensorView v = *this;
    v.reverse_axis(detail::normalize_axis(axis, Rank));
    return v;
  }
  /// Every axis reversed.
  TensorView flip() const noexcept {
    TensorView v = *this;
    for (std::size_t a = 0; a < Rank; ++a) v.reverse_axis(a);
    return v;
  }

  /// New axis of size 1 at `axis` (in [-(Rank+1), Rank]).
  TensorView<T, Rank + 1> expand_dims(index_t axis) const {
    const std::size_t a = detail::normalize_axis(axis, Rank + 1);
    shape_t<Rank + 1> s{};
    for (std::size_t i = 0, j = 0; i <= Rank; ++i) s[i] = i == a ? 1 : shape_[j++];
    // NumPy's expand_dims is a.reshape(s): the same strides, and never a copy.
    return reshape(s);
  }

  /// Removes `axis`, which must have size 1.
  TensorView<T, Rank - 1> squeeze(index_t axis) const requires(Rank > 0) {
    const std::size_t a = detail::normalize_axis(axis, Rank);
    if (shape_[a] != 1)
      throw shape_error(
          "cannot select an axis to squeeze out which has size not equal to one "
          "(axis " +
          std::to_string(a) + " of shape " + detail::shape_str(shape_) + ")");
    return drop_axis(a);
  }
  /// Removes every size-1 axis; NewRank must equal the number of the others.
  template <std::size_t NewRank>
  TensorView<T, NewRank> squeeze() const {
    static_assert(NewRank <= Rank, "tensr: squeeze<NewRank>() cannot add axes");
    shape_t<NewRank> s{}, st{};
    std::size_t k = 0;
    for (std::size_t i = 0; i < Rank; ++i) {
      if (shape_[i] == 1) continue;
      if (k == NewRank) break;
      s[k] = shape_[i];
      st[k++] = strides_[i];
    }
    const auto kept = static_cast<std::size_t>(
        std::count_if(shape_.begin(), shape_.end(), [](index_t d) { return d != 1; }));
    if (kept != NewRank)
      throw shape_error("squeeze<" + std::to_string(NewRank) + ">: shape " +
                        detail::shape_str(shape_) + " has " + std::to_string(kept) +
                        " axes of size other than 1");
    return {data_, s, st, detail::trusted};
  }

  /// Diagonal of the (axis1, axis2) planes as the last axis; NumPy's a.diagonal().
  TensorView<T, Rank - 1> diagonal(index_t offset = 0, index_t axis1 = 0, index_t axis2 = 1) const
      requires(Rank >= 2) {
    const std::size_t a = detail::normalize_axis(axis1, Rank, "axis1");
    const std::size_t b = detail::normalize_axis(axis2, Rank, "axis2");
    if (a == b) throw shape_error("diagonal: axis1 and axis2 cannot be the same");
    index_t n1 = shape_[a], n2 = shape_[b];
    T* p = data_;
    // An empty result keeps the pointer (which may be null for an empty view).
    if (offset >= 0) {
      n2 = std::max<index_t>(n2 - offset, 0);
      if (n2 > 0 && n1 > 0 && size() > 0) p += offset * strides_[b];
    } else {
      n1 = std::max<index_t>(n1 + offset, 0);
      if (n1 > 0 && n2 > 0 && size() > 0) p -= offset * strides_[a];
    }
    shape_t<Rank - 1> s{}, st{};
    std::size_t k = 0;
    for (std::size_t i = 0; i < Rank; ++i) {
      if (i == a || i == b) continue;
      s[k] = shape_[i];
      st[k++] = strides_[i];
    }
    s[Rank - 2] = std::min(n1, n2);
    st[Rank - 2] = strides_[a] + strides_[b];
    return {p, s, st, detail::trusted};
  }

  /// The same elements with another shape; one entry may be -1 (inferred). A view when
  /// the layout allows it (always for contiguous views); otherwise shape_error.
  template <std::size_t NewRank>
  TensorView<T, NewRank> reshape(const shape_t<NewRank>& new_shape) const {
    const shape_t<NewRank> s = infer_shape(new_shape);
    shape_t<NewRank> st{};
    if (!reshape_strides(s, st))
      throw shape_error("reshape: a view of shape " + detail::shape_str(shape_) + " and strides " +
                        detail::shape_str(strides_) + " cannot be reshaped to " +
                        detail::shape_str(s) + " without copying; call .copy() first");
    return {data_, s, st, detail::trusted};
  }

  /// reshape<NewRank> with K braced sizes, K != NewRank: a compile error that states both
  /// counts (detail::reshape_size_count). Without it the braces would not convert and the
  /// compiler would say only that no reshape matches.
  template <std::size_t NewRank, std::size_t K>
  requires(K != NewRank) auto reshape(const index_t (&)[K]) const {
    (void)detail::reshape_size_count<NewRank, K>{};
    return TensorView<T, NewRank>();
  }

  /// numpy's a @ b (tensr::matmul) and a.dot(b) (tensr::dot), as members.
  template <tensor_like B>
  auto matmul(const B& b) const {
    return detail::adl_matmul(*this, b);
  }
  template <tensor_like B>
  auto dot(const B& b) const {
    return detail::adl_dot(*this, b);
  }

  /// A new row-major Tensor holding these elements.
  Tensor<value_type, Rank> copy() const { return Tensor<value_type, Rank>(*this); }
  /// A row-major Tensor of these elements: always a copy (see README, "Differences").
  Tensor<value_type, Rank> contiguous() const { return copy(); }

  /// Internal: a layout already known valid (derived from a valid view), not checked.
  constexpr TensorView(T* data, const shape_t<Rank>& shape, const shape_t<Rank>& strides,
                       detail::trusted_t) noexcept
      : data_(data), shape_(shape), strides_(strides) {}

 private:
  template <class, std::size_t>
  friend class TensorView;

  static shape_t<Rank> row_major_strides_checked(const shape_t<Rank>& shape) {
    detail::checked_size(shape);
    return detail::row_major_strides(shape);
  }

  template <class U, std::size_t SrcRank>
  TensorView& assign(const TensorView<U, SrcRank>& src) {
    const auto bst = detail::broadcast_strides(src.shape(), src.strides(), shape_);
    // NumPy's result for operands that share memory in another order: read everything first.
    // (The same elements in the same order are read just before they are written.)
    if (detail::overlap_of(data_, sizeof(T), detail::layout_of(shape_, strides_), src.data(),
                           sizeof(U), detail::layout_of(shape_, bst)) == detail::overlap::partial) {
      const Tensor<std::remove_const_t<U>, SrcRank> tmp(src);
      const auto tst = detail::broadcast_strides(tmp.shape(), tmp.strides(), shape_);
      detail::strided_copy(data_, shape_, strides_, tmp.data(), tst);
    } else {
      detail::strided_copy(data_, shape_, strides_, src.data(), bst);
    }
    return *this;
  }

  /// Re-seats this view on axis a reversed. (A view is re-seated by mutating its members:
  /// assigning to a view writes elements.) An empty view keeps its pointer, maybe null.
  void reverse_axis(std::size_t a) noexcept {
    if (size() > 0) data_ += (shape_[a] - 1) * strides_[a];
    strides_[a] = -strides_[a];
  }

  TensorView<T, Rank - 1> drop_axis(std::size_t a) const {
    return {data_, detail::drop_axis(shape_, a), detail::drop_axis(strides_, a), detail::trusted};
  }

  template <std::size_t NewRank>
  shape_t<NewRank> infer_shape(shape_t<NewRank> s) const {
    const index_t n = size();
    std::size_t unknown = NewRank;
    index_t known = 1;
    auto fail = [&] {
      return shape_error("cannot reshape array of size " + std::to_string(n) + " into shape " +
                         detail::shape_str(s));
    };
    bool overflow = false, zero = false;
    for (std::size_t i = 0; i < NewRank; ++i) {
      if (s[i] == -1) {
        if (unknown != NewRank)
          throw shape_error("reshape: can only specify one unknown dimension");
        unknown = i;
      } else if (s[i] < 0) {
        throw shape_error("reshape: negative dimension in " + detail::shape_str(s));
      } else {
        zero = zero || s[i] == 0;
        overflow = __builtin_mul_overflow(known, s[i], &known) || overflow;
      }
    }
    // As in checked_size, a zero makes the count 0 even when the other sizes overflow.
    if (zero)
      known = 0;
    else if (overflow)
      throw fail();
    if (unknown != NewRank) {
      if (known == 0 || n % known != 0) throw fail();
      s[unknown] = n / known;
    } else if (known != n) {
      throw fail();
    }
    return s;
  }

  /// NumPy's no-copy reshape: groups of old axes whose product matches a group of new
  /// axes must be contiguous among themselves; then the new strides follow from them.
  template <std::size_t NewRank>
  bool reshape_strides(const shape_t<NewRank>& ns, shape_t<NewRank>& nst) const {
    if (size() == 0 || is_contiguous()) {
      nst = detail::row_major_strides(ns);
      return true;
    }
    std::array<index_t, Rank> od{}, ost{};
    std::size_t on = 0;
    for (std::size_t i = 0; i < Rank; ++i)
      if (shape_[i] != 1) {
        od[on] = shape_[i];
        ost[on++] = strides_[i];
      }
    std::size_t oi = 0, oj = 1, ni = 0, nj = 1;
    while (ni < NewRank && oi < on) {
      index_t np = ns[ni], op = od[oi];
      // Equal element counts keep nj <= NewRank and oj <= Rank; the explicit bounds below
      // only say so to the compiler (g++ -O3 -Warray-bounds warns otherwise).
      while (np != op) {
        if (np < op) {
          if (nj >= NewRank) return false;
          np *= ns[nj++];
        } else {
          if (oj >= on) return false;
          op *= od[oj++];
        }
      }
      for (std::size_t ok = oi; ok + 1 < oj && ok + 1 < Rank; ++ok)
        if (ost[ok] != od[ok + 1] * ost[ok + 1]) return false;
      nst[nj - 1] = ost[oj - 1];
      for (std::size_t nk = nj - 1; nk > ni && nk < NewRank; --nk) nst[nk - 1] = nst[nk] * ns[nk];
      ni = nj++;
      oi = oj++;
    }
    const index_t last = ni >= 1 ? nst[ni - 1] : 1;
    for (std::size_t nk = ni; nk < NewRank; ++nk) nst[nk] = last;
    return true;
  }

  template <class... I>
  auto slice(I... idx) const {
    static_assert(detail::ellipsis_args<I...> <= 1,
                  "tensr: an index can only have a single ellipsis");
    static_assert(detail::consumed_axes<I...> <= Rank,
                  "tensr: too many indices for this tensor's rank");
    // Clamped so that a failed static_assert above is the only error reported.
    constexpr bool fits = detail::consumed_axes<I...> <= Rank;
    constexpr std::size_t R = fits ? detail::slice_rank<Rank, I...> : 0;
    constexpr std::size_t fill = fits ? Rank - detail::consumed_axes<I...> : 0;
    shape_t<R> s{}, st{};
    index_t off = 0;
    std::size_t in = 0, out = 0;
    auto keep = [&](index_t size, index_t stride) {
      s[out] = size;
      st[out++] = stride;
    };
    [[maybe_unused]] auto one = [&](auto arg) {  // unused for a() with no arguments
      using A = decltype(arg);
      if constexpr (detail::is_int_index<A>) {
        off += detail::checked_index_of(arg, shape_[in], in) * strides_[in];
        ++in;
      } else if constexpr (std::is_same_v<A, range>) {
        const auto r = detail::resolve(arg, shape_[in], in);
        // NumPy gives an empty slice step 1 (and start 0). stride * step can only overflow
        // for a huge step, and then the axis has one element, whose stride is never used.
        if (r.length > 0) off += r.start * strides_[in];
        index_t stride = strides_[in];
        if (r.length > 0 && __builtin_mul_overflow(strides_[in], r.step, &stride))
          stride = strides_[in];
        keep(r.length, stride);
        ++in;
      } else if constexpr (std::is_same_v<A, all_t>) {
        keep(shape_[in], strides_[in]);
        ++in;
      } else if constexpr (std::is_same_v<A, newaxis_t>) {
        keep(1, 0);
      } else {  // ellipsis
        for (std::size_t k = 0; k < fill; ++k, ++in) keep(shape_[in], strides_[in]);
      }
    };
    (one(idx), ...);
    while (in < Rank) {  // trailing axes not indexed are taken whole
      keep(shape_[in], strides_[in]);
      ++in;
    }
    // An empty result keeps the pointer: an empty source's may be null.
    return TensorView<T, R>(detail::product(s) > 0 ? data_ + off : data_, s, st, detail::trusted);
  }

  T* data_ = nullptr;
  shape_t<Rank> shape_{};
  shape_t<Rank> strides_{};
};

TENSR_NAMESPACE_END
