// Index arguments for slicing, NumPy's a[1:5, :, 2, None, ...]:
//   a(range(1, 5), all, 2, newaxis, ellipsis)
// plus the compile-time arithmetic that gives the rank of a slice and Python's rule
// for clamping a start:stop:step triple to an axis.
#pragma once

#include "tensr/core/internal.hpp"

#include <concepts>
#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/shape.hpp"

TENSR_NAMESPACE_BEGIN

/// Python's None as a slice bound: `range(none, none, -1)` is `[::-1]`.
struct none_t {
  explicit constexpr none_t() = default;
};
inline constexpr none_t none{};

/// `:`, the whole axis.
struct all_t {
  explicit constexpr all_t() = default;
};
inline constexpr all_t all{};

/// `None` / `np.newaxis` inside an index: inserts an axis of size 1.
struct newaxis_t {
  explicit constexpr newaxis_t() = default;
};
inline constexpr newaxis_t newaxis{};

/// `...`: as many `all` as needed to index every axis.
struct ellipsis_t {
  explicit constexpr ellipsis_t() = default;
};
inline constexpr ellipsis_t ellipsis{};

/// A slice start:stop:step. Bounds may be negative (counted from the end) or `none`.
struct range {
  index_t start = 0, stop = 0, step = 1;
  bool has_start = false, has_stop = false;

  constexpr range(index_t start_, index_t stop_, index_t step_ = 1)
      : start(start_), stop(stop_), step(step_), has_start(true), has_stop(true) {}
  constexpr range(none_t, index_t stop_, index_t step_ = 1)
      : stop(stop_), step(step_), has_stop(true) {}
  constexpr range(index_t start_, none_t, index_t step_ = 1)
      : start(start_), step(step_), has_start(true) {}
  constexpr range(none_t, none_t, index_t step_ = 1) : step(step_) {}
  /// `range(start)` is `start:` (to the end).
  explicit constexpr range(index_t start_) : start(start_), has_start(true) {}
};

namespace detail {

template <class A>
using arg_t = std::remove_cvref_t<A>;

template <class A>
inline constexpr bool is_int_index =
    std::is_integral_v<arg_t<A>> && !std::is_same_v<arg_t<A>, bool>;

template <class A>
inline constexpr bool is_slice_arg =
    is_int_index<A> || std::is_same_v<arg_t<A>, range> || std::is_same_v<arg_t<A>, all_t> ||
    std::is_same_v<arg_t<A>, newaxis_t> || std::is_same_v<arg_t<A>, ellipsis_t>;

/// a(i, j, ...) with one integer per axis reads an element rather than making a view.
template <std::size_t Rank, class... A>
inline constexpr bool is_element_access = sizeof...(A) == Rank && (is_int_index<A> && ...);

/// Arguments that consume an axis of the source (integers, ranges, all).
template <class... A>
inline constexpr std::size_t consumed_axes = ((is_int_index<A> || std::is_same_v<arg_t<A>, range> ||
                                               std::is_same_v<arg_t<A>, all_t>)+... +
                                              0);
template <class... A>
inline constexpr std::size_t int_args = ((is_int_index<A> ? 1 : 0) + ... + 0);
template <class... A>
inline constexpr std::size_t newaxis_args = ((std::is_same_v<arg_t<A>, newaxis_t> ? 1 : 0) + ... +
                                             0);
template <class... A>
inline constexpr std::size_t ellipsis_args = ((std::is_same_v<arg_t<A>, ellipsis_t> ? 1 : 0) + ... +
                                              0);

/// Rank of a(args...) for a source of rank Rank.
template <std::size_t Rank, class... A>
inline constexpr std::size_t slice_rank = Rank - int_args<A...> + newaxis_args<A...>;

/// Start, length and step of a slice on an axis of size n: Python's slice.indices().
struct resolved_range {
  index_t start, length, step;
};

inline resolved_range resolve(const range& r, index_t n, std::size_t axis) {
  const index_t step = r.step;
  if (step == 0) throw shape_error("slice step cannot be zero (axis " + std::to_string(axis) + ")");
  auto clamp = [&](index_t v, bool has, index_t dflt) {
    if (!has) return dflt;
    if (v < 0) {
      v += n;
      if (v < 0) v = step < 0 ? -1 : 0;
    } else if (v >= n) {
      v = step < 0 ? n - 1 : n;
    }
    return v;
  };
  const index_t start = clamp(r.start, r.has_start, step < 0 ? n - 1 : 0);
  const index_t stop = clamp(r.stop, r.has_stop, step < 0 ? -1 : n);
  // Written so that no step, however large (even the most negative), overflows.
  index_t len = 0;
  if (step > 0 && stop > start) len = (stop - start - 1) / step + 1;
  if (step < 0 && start > stop) len = (stop - start + 1) / step + 1;
  return {start, len, step};
}

/// Maps a possibly negative index into [0, n); throws std::out_of_range naming axis and size.
inline index_t checked_index(index_t i, index_t n, std::size_t axis) {
  if (i < -n || i >= n)
    throw std::out_of_range("index " + std::to_string(i) + " is out of bounds for axis " +
                            std::to_string(axis) + " with size " + std::to_string(n));
  return i < 0 ? i + n : i;
}

/// The same for an index of any integer type: an unsigned index is never negative, so one past
/// index_t's range (an unsigned 0 - 1, say) is out of bounds, as in NumPy, not a count from the
/// end.
template <class I>
index_t checked_index_of(I i, index_t n, std::size_t axis) {
  if constexpr (std::is_unsigned_v<I>) {
    if (i > static_cast<std::make_unsigned_t<index_t>>(std::numeric_limits<index_t>::max()))
      throw std::out_of_range("index " + std::to_string(i) + " is out of bounds for axis " +
                              std::to_string(axis) + " with size " + std::to_string(n));
  }
  return checked_index(static_cast<index_t>(i), n, axis);
}

}  // namespace detail

/// An argument of a(...): an integer, range, all, newaxis or ellipsis.
template <class A>
concept slice_arg = detail::is_slice_arg<A>;
/// An integer index (bool is not one).
template <class A>
concept int_index = detail::is_int_index<A>;

TENSR_NAMESPACE_END
