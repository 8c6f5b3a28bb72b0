// Set operations on the flattened elements, NumPy's: unique (and unique_all, with first
// indices, inverse and counts), isin, intersect1d, union1d, setdiff1d and setxor1d. Results
// are sorted rank-1 tensors (NaN last); two operands are compared in their common type.
// unique keeps one NaN (NumPy's equal_nan=True); elsewhere NaN equals nothing, as NumPy's.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <cstddef>
#include <type_traits>
#include <vector>

#include "tensr/core/config.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/ops/elementwise.hpp"
#include "tensr/ops/sorting.hpp"

TENSR_NAMESPACE_BEGIN

/// unique_all's result: the sorted unique values, the index of each one's first occurrence
/// in the flattened input, the inverse (for each flattened input element, the index of its
/// value in values; rank 1, as NumPy 1.24's return_inverse) and each value's count.
template <class T>
struct unique_result {
  Tensor<T, 1> values;
  Tensor<index_t, 1> indices;
  Tensor<index_t, 1> inverse;
  Tensor<index_t, 1> counts;
};

namespace detail {

/// The element type of the work vectors: bool as a byte (std::vector<bool> packs bits).
template <class T>
using slot_t = std::conditional_t<std::is_same_v<T, bool>, unsigned char, T>;

/// The elements of a in C order, converted to C.
template <class C, tensor_like A>
std::vector<slot_t<C>> flat_values(const A& a) {
  const Tensor<value_type_of<A>, rank_of<A>> t(as_view(a));
  std::vector<slot_t<C>> v(static_cast<std::size_t>(t.size()));
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<slot_t<C>>(static_cast<C>(t.data()[i]));
  return v;
}

/// v as a rank-1 Tensor<T>.
template <class T, class S>
Tensor<T, 1> to_tensor(const std::vector<S>& v) {
  Tensor<T, 1> t(shape_t<1>{static_cast<index_t>(v.size())}, Storage<T>::uninitialized);
  for (std::size_t i = 0; i < v.size(); ++i) t.data()[i] = static_cast<T>(v[i]);
  return t;
}

/// x and y are one value for unique: equal, or both NaN.
template <class T>
bool same_value(T x, T y) noexcept {
  if constexpr (std::is_floating_point_v<T>)
    return x == y || (x != x && y != y);
  else
    return x == y;
}

/// Sorted (NaN last), with one of each value (one NaN).
template <class T>
std::vector<T> unique_sorted(std::vector<T> v) {
  std::stable_sort(v.begin(), v.end(), sort_less{});
  v.erase(std::unique(v.begin(), v.end(), same_value<T>), v.end());
  return v;
}

/// a and b together, sorted (NaN last).
template <class T>
std::vector<T> sorted_concat(std::vector<T> a, const std::vector<T>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::stable_sort(a.begin(), a.end(), sort_less{});
  return a;
}

/// Whether each of xs is among test (== in C; NaN never), as sorted lookups.
template <class C>
std::vector<bool> contained(const std::vector<C>& xs, std::vector<C> test) {
  std::sort(test.begin(), test.end(), sort_less{});
  std::vector<bool> out(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const auto it = std::lower_bound(test.begin(), test.end(), xs[i], sort_less{});
    out[i] = it != test.end() && *it == xs[i];
  }
  return out;
}

}  // namespace detail

/// np.unique(a): the sorted unique elements of the flattened a, rank 1 (one NaN, last).
template <tensor_like A>
Tensor<value_type_of<A>, 1> unique(const A& a) {
  using T = value_type_of<A>;
  return detail::to_tensor<T>(detail::unique_sorted(detail::flat_values<T>(a)));
}

/// np.unique(a, return_index=True, return_inverse=True, return_counts=True) as one struct
/// (unique_result): values, first indices, inverse, counts. The NaNs count as one value.
template <tensor_like A>
unique_result<value_type_of<A>> unique_all(const A& a) {
  using T = value_type_of<A>;
  const std::vector<detail::slot_t<T>> x = detail::flat_values<T>(a);
  const auto n = static_cast<index_t>(x.size());
  // A stable argsort: the first element of each run of equal values is its first occurrence.
  std::vector<index_t> perm(x.size());
  for (index_t i = 0; i < n; ++i) perm[static_cast<std::size_t>(i)] = i;
  std::stable_sort(perm.begin(), perm.end(), [&](index_t i, index_t j) {
    return detail::sort_less{}(x[static_cast<std::size_t>(i)], x[static_cast<std::size_t>(j)]);
  });
  std::vector<detail::slot_t<T>> values;
  std::vector<index_t> first, counts, inverse(x.size());
  for (index_t k = 0; k < n; ++k) {
    const index_t i = perm[static_cast<std::size_t>(k)];
    const auto xi = x[static_cast<std::size_t>(i)];
    if (values.empty() || !detail::same_value(values.back(), xi)) {
      values.push_back(xi);
      first.push_back(i);
      counts.push_back(0);
    }
    ++counts.back();
    inverse[static_cast<std::size_t>(i)] = static_cast<index_t>(values.size()) - 1;
  }
  return {detail::to_tensor<T>(values), detail::to_tensor<index_t>(first),
          detail::to_tensor<index_t>(inverse), detail::to_tensor<index_t>(counts)};
}

/// np.isin(a, test, invert): whether each element of a equals some element of test
/// (any shape), Tensor<bool> of a's shape; NaN is in nothing. invert negates.
template <tensor_like A, tensor_like B>
Tensor<bool, rank_of<A>> isin(const A& a, const B& test, bool invert = false) {
  using C = detail::promote_t<A, B>;
  const std::vector<bool> in =
      detail::contained(detail::flat_values<C>(a), detail::flat_values<C>(test));
  Tensor<bool, rank_of<A>> out(as_view(a).shape(), Storage<bool>::uninitialized);
  for (std::size_t i = 0; i < in.size(); ++i) out.data()[i] = in[i] != invert;
  return out;
}

/// np.intersect1d(a, b): the sorted unique values in both (NaN never), rank 1.
template <tensor_like A, tensor_like B>
auto intersect1d(const A& a, const B& b) {
  using C = detail::promote_t<A, B>;
  const std::vector<detail::slot_t<C>> aux =
      detail::sorted_concat(detail::unique_sorted(detail::flat_values<C>(a)),
                            detail::unique_sorted(detail::flat_values<C>(b)));
  std::vector<detail::slot_t<C>> out;
  for (std::size_t i = 0; i + 1 < aux.size(); ++i)
    if (aux[i] == aux[i + 1]) out.push_back(aux[i]);
  return detail::to_tensor<C>(out);
}

/// np.union1d(a, b): the sorted unique values in either (one NaN), rank 1.
template <tensor_like A, tensor_like B>
auto union1d(const A& a, const B& b) {
  using C = detail::promote_t<A, B>;
  return detail::to_tensor<C>(detail::unique_sorted(
      detail::sorted_concat(detail::flat_values<C>(a), detail::flat_values<C>(b))));
}

/// np.setdiff1d(a, b): the sorted unique values of a not in b (a NaN of a stays), rank 1.
template <tensor_like A, tensor_like B>
auto setdiff1d(const A& a, const B& b) {
  using C = detail::promote_t<A, B>;
  const std::vector<detail::slot_t<C>> ua = detail::unique_sorted(detail::flat_values<C>(a));
  const std::vector<bool> in = detail::contained(ua, detail::flat_values<C>(b));
  std::vector<detail::slot_t<C>> out;
  for (std::size_t i = 0; i < ua.size(); ++i)
    if (!in[i]) out.push_back(ua[i]);
  return detail::to_tensor<C>(out);
}

/// np.setxor1d(a, b): the sorted unique values in exactly one of a and b, rank 1. As
/// NumPy's, a NaN of each operand stays (NaN equals nothing).
template <tensor_like A, tensor_like B>
auto setxor1d(const A& a, const B& b) {
  using C = detail::promote_t<A, B>;
  const std::vector<detail::slot_t<C>> aux =
      detail::sorted_concat(detail::unique_sorted(detail::flat_values<C>(a)),
                            detail::unique_sorted(detail::flat_values<C>(b)));
  std::vector<detail::slot_t<C>> out;
  for (std::size_t i = 0; i < aux.size(); ++i) {
    const bool differs_before = i == 0 || aux[i] != aux[i - 1];
    const bool differs_after = i + 1 == aux.size() || aux[i] != aux[i + 1];
    if (differs_before && differs_after) out.push_back(aux[i]);
  }
  return detail::to_tensor<C>(out);
}

TENSR_NAMESPACE_END
