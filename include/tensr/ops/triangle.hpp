// Matrices built from tensors, with NumPy's names and semantics: tril and triu (on the last
// two axes), diag and diagflat, and meshgrid. Every result is a new Tensor.
#pragma once

#include "tensr/core/internal.hpp"

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/creation.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/ops/elementwise.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

/// a with zeros outside the triangle of each matrix (the last two axes), as NumPy's
/// where(mask, a, 0).
template <tensor_like A>
auto keep_triangle(const A& a, index_t k, bool upper) {
  constexpr std::size_t R = rank_of<A>;
  static_assert(R >= 2, "tensr: tril and triu need a tensor of rank 2 or more");
  const auto v = const_view(a);
  return where(triangle_mask<bool>(v.shape()[R - 2], v.shape()[R - 1], k, upper), v,
               value_type_of<A>(0));
}

/// The grids of meshgrid: output i repeats input i along its axis, which is i except that
/// "xy" swaps the first two.
template <class T, class... V>
std::array<Tensor<T, sizeof...(V)>, sizeof...(V)> meshgrid_of(std::string_view indexing,
                                                              const TensorView<const V, 1>&... xs) {
  constexpr std::size_t N = sizeof...(V);
  if (indexing != "xy" && indexing != "ij")
    throw shape_error("meshgrid: Valid values for `indexing` are 'xy' and 'ij'.");
  std::array<std::size_t, N> axis{};
  for (std::size_t i = 0; i < N; ++i) axis[i] = i;
  if (indexing == "xy") std::swap(axis[0], axis[1]);
  shape_t<N> shape{};
  {
    std::size_t i = 0;
    ((shape[axis[i++]] = xs.shape()[0]), ...);
  }
  std::array<Tensor<T, N>, N> out;
  std::size_t i = 0;
  const auto grid = [&](const auto& x) {
    using X = typename std::remove_cvref_t<decltype(x)>::value_type;
    shape_t<N> strides{};  // stride 0 repeats x along every other axis
    strides[axis[i]] = x.strides()[0];
    out[i] = Tensor<T, N>(TensorView<const X, N>(x.data(), shape, strides, trusted));
    ++i;
  };
  (grid(xs), ...);
  return out;
}

}  // namespace detail

/// np.tril(a, k): a copy of a with the elements above diagonal k of each matrix (the last two
/// axes) set to zero; k > 0 keeps diagonals above the main one, k < 0 clears more.
template <tensor_like A>
auto tril(const A& a, index_t k = 0) {
  return detail::keep_triangle(a, k, false);
}
/// np.triu(a, k): a copy of a with the elements below diagonal k of each matrix set to zero.
template <tensor_like A>
auto triu(const A& a, index_t k = 0) {
  return detail::keep_triangle(a, k, true);
}

/// np.diag(v, k). A 1-D v gives the square matrix with v on diagonal k (size len(v) + |k|,
/// zeros elsewhere); a 2-D v gives its k-th diagonal (empty beyond the matrix) as a new
/// Tensor -- a copy, where NumPy returns a read-only view.
template <tensor_like A>
auto diag(const A& v, index_t k = 0) {
  constexpr std::size_t R = rank_of<A>;
  static_assert(R == 1 || R == 2, "tensr: diag: Input must be 1- or 2-d.");
  const auto x = detail::const_view(v);
  if constexpr (R == 1) {
    const index_t n = x.shape()[0] + (k < 0 ? -k : k);
    Tensor<value_type_of<A>, 2> out(shape_t<2>{n, n});
    out.view().diagonal(k) = x;
    return out;
  } else {
    return x.diagonal(k).copy();
  }
}

/// np.diagflat(v, k): diag of v's elements in row-major order, for v of any rank.
template <tensor_like A>
Tensor<value_type_of<A>, 2> diagflat(const A& v, index_t k = 0) {
  if constexpr (rank_of<A> == 1) {
    return diag(v, k);
  } else {
    const auto flat = detail::const_view(v).copy();
    return diag(flat.reshape(shape_t<1>{flat.size()}), k);
  }
}

/// np.meshgrid(x, y, indexing) and np.meshgrid(x, y, z, indexing) of 1-D tensors or views:
/// the coordinate grids as a std::array of new Tensors (NumPy's default copy=True), of the
/// inputs' common element type. indexing "xy" (Cartesian, the default) gives the shape
/// (len(y), len(x), len(z)...), "ij" (matrix) gives (len(x), len(y), len(z)...); any other
/// indexing throws shape_error.
template <tensor_like X, tensor_like Y>
auto meshgrid(const X& x, const Y& y, std::string_view indexing = "xy") {
  static_assert(rank_of<X> == 1 && rank_of<Y> == 1, "tensr: meshgrid takes 1-D tensors");
  using T = std::common_type_t<value_type_of<X>, value_type_of<Y>>;
  return detail::meshgrid_of<T>(indexing, detail::const_view(x), detail::const_view(y));
}
template <tensor_like X, tensor_like Y, tensor_like Z>
auto meshgrid(const X& x, const Y& y, const Z& z, std::string_view indexing = "xy") {
  static_assert(rank_of<X> == 1 && rank_of<Y> == 1 && rank_of<Z> == 1,
                "tensr: meshgrid takes 1-D tensors");
  using T = std::common_type_t<value_type_of<X>, value_type_of<Y>, value_type_of<Z>>;
  return detail::meshgrid_of<T>(indexing, detail::const_view(x), detail::const_view(y),
                                detail::const_view(z));
}

TENSR_NAMESPACE_END
