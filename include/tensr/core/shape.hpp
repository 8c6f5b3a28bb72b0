// Shapes and strides: index_t, shape_t<Rank>, row-major strides, overflow-checked
// element counts, axis normalization, NumPy's tuple text for printing ("(2, 3)") and the
// compact form of NumPy's error messages ("(2,3)").
#pragma once

#include "tensr/core/internal.hpp"

#include <array>
#include <concepts>
#include <cstddef>
#include <string>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"

TENSR_NAMESPACE_BEGIN

/// Signed index and size type: negative strides (flip) and negative indices need it.
using index_t = std::ptrdiff_t;

/// A shape or a set of strides (in elements) for a tensor of rank Rank: what shape() and
/// strides() return. It is a std::array<index_t, Rank> (derived from one, no members of its
/// own, so the same layout) and converts from one, so it goes wherever an array does; being
/// a tensr type, `std::cout << a.shape()` finds tensr's operator<< and prints "(2, 3)".
/// Brace it like the array: `shape_t<2>{3, 4}` (missing trailing sizes are 0), `shape_t<2>{}`.
template <std::size_t Rank>
struct shape_t : std::array<index_t, Rank> {
  using array_type = std::array<index_t, Rank>;

  constexpr shape_t() noexcept = default;
  /// Any std::array<index_t, Rank>, implicitly, as before shapes had a type of their own.
  constexpr shape_t(const array_type& sizes) noexcept : array_type(sizes) {}
  /// `shape_t<2>{3, 4}`: integers, at most Rank of them (the array's aggregate rule).
  template <std::integral... I>
  requires(sizeof...(I) >= 1 && sizeof...(I) <= Rank) constexpr shape_t(I... sizes) noexcept
      : array_type{static_cast<index_t>(sizes)...} {}
};

namespace detail {

/// A tuple of sizes with a separator: NumPy's error texts use ",", its printed tuples ", ".
/// A 1-tuple keeps its trailing comma, "(4,)"; the empty tuple is "()".
inline std::string shape_str(const index_t* s, std::size_t rank, const char* sep = ",") {
  std::string out = "(";
  for (std::size_t i = 0; i < rank; ++i) {
    if (i) out += sep;
    out += std::to_string(s[i]);
  }
  if (rank == 1) out += ',';
  return out + ')';
}

/// The compact form for error messages, "(2,3)", as NumPy's broadcasting error writes it.
template <std::size_t Rank>
std::string shape_str(const std::array<index_t, Rank>& s) {
  return shape_str(s.data(), Rank);
}

/// Number of elements of a shape; throws on negative sizes and on overflow of index_t.
template <std::size_t Rank>
index_t checked_size(const std::array<index_t, Rank>& s) {
  index_t n = 1;
  bool overflow = false;
  for (std::size_t i = 0; i < Rank; ++i) {
    if (s[i] < 0)
      throw shape_error("negative dimension " + std::to_string(s[i]) + " on axis " +
                        std::to_string(i) + " of shape " + shape_str(s));
    overflow = overflow || __builtin_mul_overflow(n, s[i], &n);
  }
  // A zero anywhere makes the product 0 even if a partial product overflowed.
  for (std::size_t i = 0; i < Rank; ++i)
    if (s[i] == 0) return 0;
  if (overflow)
    throw shape_error("shape " + shape_str(s) + " has more elements than index_t holds");
  return n;
}

/// True when some size is 0. The other sizes of such a shape may multiply past index_t
/// (checked_size allows it), so layout arithmetic must look for a zero first.
template <std::size_t Rank>
constexpr bool has_zero(const std::array<index_t, Rank>& s) noexcept {
  for (index_t d : s)
    if (d == 0) return true;
  return false;
}

/// Product of sizes, for shapes already validated.
template <std::size_t Rank>
constexpr index_t product(const std::array<index_t, Rank>& s) noexcept {
  if (has_zero(s)) return 0;
  index_t n = 1;
  for (index_t d : s) n *= d;
  return n;
}

/// Row-major (C-order) strides of a shape. An empty shape gets all-zero strides, as a
/// fresh empty NumPy array does: no element is addressed, and nothing can overflow.
template <std::size_t Rank>
constexpr shape_t<Rank> row_major_strides(const std::array<index_t, Rank>& s) noexcept {
  shape_t<Rank> st{};
  if (has_zero(s)) return st;
  index_t acc = 1;
  for (std::size_t i = Rank; i-- > 0;) {
    st[i] = acc;
    acc *= s[i];
  }
  return st;
}

/// True when a (shape, strides) layout is row-major contiguous; size-1 axes' strides
/// do not matter, and an empty layout counts as contiguous.
template <std::size_t Rank>
constexpr bool is_row_major(const std::array<index_t, Rank>& s,
                            const std::array<index_t, Rank>& st) noexcept {
  if (has_zero(s)) return true;
  index_t acc = 1;
  for (std::size_t i = Rank; i-- > 0;) {
    if (s[i] != 1 && st[i] != acc) return false;
    acc *= s[i];
  }
  return true;
}

/// Maps a possibly negative axis into [0, rank); throws shape_error naming the axis, with
/// NumPy's AxisError text ("axis2: axis 3 is out of bounds for array of dimension 2").
inline std::size_t normalize_axis(index_t axis, std::size_t rank, const char* what = "axis") {
  const auto r = static_cast<index_t>(rank);
  if (axis < -r || axis >= r)
    throw shape_error((std::string(what) == "axis" ? std::string() : std::string(what) + ": ") +
                      "axis " + std::to_string(axis) + " is out of bounds for array of dimension " +
                      std::to_string(rank));
  return static_cast<std::size_t>(axis < 0 ? axis + r : axis);
}

}  // namespace detail

/// A shape (or strides) as NumPy prints a tuple: "(2, 3)", "(5,)", "()". Takes a shape_t or
/// any std::array<index_t, Rank>; `std::cout << a.shape()` prints the same text.
template <std::size_t Rank>
std::string format(const std::array<index_t, Rank>& shape) {
  return detail::shape_str(shape.data(), Rank, ", ");
}

TENSR_NAMESPACE_END

// shape_t is tuple-like, as std::array is: `auto [rows, cols] = a.shape();` (std::get finds
// the array base).
namespace std {
template <std::size_t Rank>
struct tuple_size<tensr::shape_t<Rank>> : std::integral_constant<std::size_t, Rank> {};
template <std::size_t I, std::size_t Rank>
struct tuple_element<I, tensr::shape_t<Rank>> {
  static_assert(I < Rank, "tensr: structured binding index out of range for shape_t");
  using type = tensr::index_t;
};
}  // namespace std
