// Sorting and searching: sort, argsort, partition and argpartition along an axis (copies of
// the input's shape) or over the flattened elements (`none`, NumPy's axis=None, 1-D),
// searchsorted, and lexsort. The order is NumPy's: NaN after every number; every kind sorts
// stably, so equal elements (0.0 and -0.0 too) keep their order.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <numeric>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/slice.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/ops/elementwise.hpp"

TENSR_NAMESPACE_BEGIN

/// NumPy's kind= of sort, argsort and lexsort. Every kind sorts stably (NumPy allows a
/// stable sort for any kind), so results never depend on it; it is accepted for NumPy's
/// spelling.
enum class sort_kind { quicksort, mergesort, heapsort, stable };

/// NumPy's side= of searchsorted: left gives the first suitable index, right the last.
enum class search_side { left, right };

namespace detail {

/// NumPy's sort order: operator<, with NaN after every number (and equal to NaN).
struct sort_less {
  template <class T>
  bool operator()(const T& a, const T& b) const noexcept {
    if constexpr (std::is_floating_point_v<T>)
      return a < b || (b != b && a == a);
    else
      return a < b;
  }
};

/// v with axis ax moved last, copied row-major: every line along ax is a run of memory.
template <class T, std::size_t R>
Tensor<std::remove_const_t<T>, R> lines_last(const TensorView<T, R>& v, std::size_t ax) {
  return Tensor<std::remove_const_t<T>, R>(v.moveaxis(static_cast<index_t>(ax), -1));
}

/// The inverse of lines_last: the last axis back to ax.
template <class T, std::size_t R>
Tensor<T, R> lines_back(Tensor<T, R>&& t, std::size_t ax) {
  if (ax + 1 == R) return std::move(t);
  return Tensor<T, R>(t.moveaxis(-1, static_cast<index_t>(ax)));
}

/// f(first element of a line) for each line of n elements of a row-major buffer.
template <class T, class F>
void for_each_line(T* p, index_t size, index_t n, F f) {
  if (n == 0) return;
  for (index_t off = 0; off < size; off += n) f(p + off);
}

/// kth in [-n, n) as an index in [0, n), with NumPy's error.
inline index_t normalize_kth(index_t kth, index_t n) {
  const index_t k = kth < 0 ? kth + n : kth;
  if (k < 0 || k >= n)
    throw shape_error("partition: kth(=" + std::to_string(k) + ") out of bounds (" +
                      std::to_string(n) + ")");
  return k;
}

/// Partitions [first, last) at every kth (normalized, ascending), comparing by less.
template <class It, class Less>
void partition_at(It first, It last, const std::vector<index_t>& kth, Less less) {
  It from = first;
  for (index_t k : kth) {
    if (first + k < from) continue;  // a repeated kth
    std::nth_element(from, first + k, last, less);
    from = first + k + 1;
  }
}

/// The kth positions normalized and ascending.
inline std::vector<index_t> kth_list(std::span<const index_t> kth, index_t n) {
  std::vector<index_t> ks;
  for (index_t k : kth) ks.push_back(normalize_kth(k, n));
  std::sort(ks.begin(), ks.end());
  return ks;
}

/// sort (Arg = false) or argsort (Arg = true) of every line along ax.
template <bool Arg, class T, std::size_t R>
auto sort_axis(const TensorView<const T, R>& v, std::size_t ax) {
  Tensor<T, R> t = lines_last(v, ax);
  const index_t n = v.shape()[ax];
  if constexpr (!Arg) {
    for_each_line(t.data(), t.size(), n, [&](T* p) { std::stable_sort(p, p + n, sort_less{}); });
    return lines_back(std::move(t), ax);
  } else {
    Tensor<index_t, R> idx(t.shape(), Storage<index_t>::uninitialized);
    const T* base = t.data();
    for_each_line(idx.data(), idx.size(), n, [&](index_t* q) {
      const T* p = base + (q - idx.data());
      std::iota(q, q + n, index_t{0});
      std::stable_sort(q, q + n, [p](index_t i, index_t j) { return sort_less{}(p[i], p[j]); });
    });
    return lines_back(std::move(idx), ax);
  }
}

/// partition (Arg = false) or argpartition (Arg = true) of every line along ax at kth.
template <bool Arg, class T, std::size_t R>
auto partition_axis(const TensorView<const T, R>& v, std::span<const index_t> kth, std::size_t ax) {
  const index_t n = v.shape()[ax];
  const std::vector<index_t> ks = kth_list(kth, n);
  Tensor<T, R> t = lines_last(v, ax);
  if constexpr (!Arg) {
    for_each_line(t.data(), t.size(), n, [&](T* p) { partition_at(p, p + n, ks, sort_less{}); });
    return lines_back(std::move(t), ax);
  } else {
    Tensor<index_t, R> idx(t.shape(), Storage<index_t>::uninitialized);
    const T* base = t.data();
    for_each_line(idx.data(), idx.size(), n, [&](index_t* q) {
      const T* p = base + (q - idx.data());
      std::iota(q, q + n, index_t{0});
      partition_at(q, q + n, ks, [p](index_t i, index_t j) { return sort_less{}(p[i], p[j]); });
    });
    return lines_back(std::move(idx), ax);
  }
}

/// The elements of a in C order, as a rank-1 view of the row-major copy flat.
template <class T, std::size_t R>
TensorView<const T, 1> flat_view(const Tensor<T, R>& flat) {
  return TensorView<const T, 1>(flat.data(), shape_t<1>{flat.size()});
}

/// The position of x in the sorted line at(0..n) for side s (NumPy's order).
template <class C, class At>
index_t search_one(index_t n, const At& at, C x, search_side s) {
  index_t lo = 0, hi = n;
  while (lo < hi) {
    const index_t mid = lo + (hi - lo) / 2;
    const bool go_right =
        s == search_side::left ? sort_less{}(at(mid), x) : !sort_less{}(x, at(mid));
    if (go_right)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/// searchsorted of every element of v (C order) into sorted, writing out; sorter (n indices
/// or null) orders sorted.
template <class T, class V, std::size_t Rv>
void search_all(const TensorView<const T, 1>& sorted, const TensorView<const V, Rv>& v,
                search_side s, const index_t* sorter, index_t* out) {
  using C = std::common_type_t<T, V>;
  const T* p = sorted.data();
  const index_t st = sorted.strides()[0];
  const auto at = [&](index_t i) { return static_cast<C>(p[(sorter ? sorter[i] : i) * st]); };
  const Tensor<V, Rv> vs(v);
  const index_t n = sorted.size();
  for (index_t i = 0; i < vs.size(); ++i)
    out[i] = search_one<C>(n, at, static_cast<C>(vs.data()[i]), s);
}

/// sorter as index_t, checked against a's length n with NumPy's errors.
template <tensor_like S>
std::vector<index_t> checked_sorter(const S& sorter, index_t n) {
  static_assert(rank_of<S> == 1 && std::is_integral_v<value_type_of<S>>,
                "tensr: searchsorted's sorter is a rank-1 tensor of integers");
  const Tensor<value_type_of<S>, 1> s(as_view(sorter));
  if (s.size() != n) throw shape_error("searchsorted: sorter.size must equal a.size");
  std::vector<index_t> out(static_cast<std::size_t>(n));
  for (index_t i = 0; i < n; ++i) {
    const auto k = static_cast<index_t>(s.data()[i]);
    if (k < 0 || k >= n) throw shape_error("searchsorted: Sorter index out of range.");
    out[static_cast<std::size_t>(i)] = k;
  }
  return out;
}

template <class V>
concept search_scalar = std::is_arithmetic_v<V>;

/// searchsorted with an optional checked sorter.
template <tensor_like A, class V>
auto searchsorted_impl(const A& a, const V& v, search_side s, const index_t* sorter) {
  static_assert(rank_of<A> == 1, "tensr: searchsorted needs a rank-1 sorted tensor");
  const TensorView<const value_type_of<A>, 1> sa = as_view(a);
  if constexpr (tensor_like<V>) {
    Tensor<index_t, rank_of<V>> out(as_view(v).shape(), Storage<index_t>::uninitialized);
    search_all(sa, TensorView<const value_type_of<V>, rank_of<V>>(as_view(v)), s, sorter,
               out.data());
    return out;
  } else {
    index_t out = 0;
    const Tensor<V, 0> t(v);
    search_all(sa, t.view(), s, sorter, &out);
    return out;
  }
}

/// lexsort of k keys of equal length, the last primary.
template <tensor_like K>
Tensor<index_t, 1> lexsort_impl(const K* keys, std::size_t k) {
  static_assert(rank_of<K> == 1, "tensr: lexsort takes rank-1 keys");
  using T = value_type_of<K>;
  if (k == 0) throw shape_error("need sequence of keys with len > 0 in lexsort");
  std::vector<Tensor<T, 1>> ks;
  for (std::size_t i = 0; i < k; ++i) {
    ks.emplace_back(as_view(keys[i]));
    if (ks.back().size() != ks.front().size())
      throw shape_error("lexsort: all keys need to be the same shape");
  }
  const index_t n = ks.front().size();
  Tensor<index_t, 1> idx(shape_t<1>{n}, Storage<index_t>::uninitialized);
  std::iota(idx.data(), idx.data() + n, index_t{0});
  std::stable_sort(idx.data(), idx.data() + n, [&](index_t i, index_t j) {
    for (std::size_t m = k; m-- > 0;) {
      const T* p = ks[m].data();
      if (sort_less{}(p[i], p[j])) return true;
      if (sort_less{}(p[j], p[i])) return false;
    }
    return false;
  });
  return idx;
}

}  // namespace detail

/// np.sort(a, axis=-1, kind): a sorted copy along an axis (negative counts from the end), NaN
/// last. Rank >= 1.
template <tensor_like A>
auto sort(const A& a, index_t axis = -1, sort_kind kind = sort_kind::quicksort) {
  constexpr std::size_t R = rank_of<A>;
  static_assert(R >= 1, "tensr: sort along an axis needs a tensor of rank >= 1");
  (void)kind;
  const TensorView<const value_type_of<A>, R> v = as_view(a);
  return detail::sort_axis<false>(v, detail::normalize_axis(axis, R));
}
/// np.sort(a, axis=None): the flattened elements sorted, rank 1.
template <tensor_like A>
auto sort(const A& a, none_t, sort_kind kind = sort_kind::quicksort) {
  const Tensor<value_type_of<A>, rank_of<A>> flat(as_view(a));
  return sort(detail::flat_view(flat), 0, kind);
}

/// np.argsort(a, axis=-1, kind): the indices that sort a along an axis, Tensor<index_t, R>;
/// stable for every kind (equal elements keep their order, NaN last).
template <tensor_like A>
auto argsort(const A& a, index_t axis = -1, sort_kind kind = sort_kind::quicksort) {
  constexpr std::size_t R = rank_of<A>;
  static_assert(R >= 1, "tensr: argsort along an axis needs a tensor of rank >= 1");
  (void)kind;
  const TensorView<const value_type_of<A>, R> v = as_view(a);
  return detail::sort_axis<true>(v, detail::normalize_axis(axis, R));
}
/// np.argsort(a, axis=None): indices into the flattened elements, rank 1.
template <tensor_like A>
auto argsort(const A& a, none_t, sort_kind kind = sort_kind::quicksort) {
  const Tensor<value_type_of<A>, rank_of<A>> flat(as_view(a));
  return argsort(detail::flat_view(flat), 0, kind);
}

/// np.partition(a, kth, axis=-1): a copy in which, along the axis, the element at kth is the
/// one a sort would put there, none before it is greater and none after it is smaller (the
/// order within each side is unspecified, as NumPy's). kth may be negative, or a braced list
/// (each such position is then in place); out of range throws NumPy's "kth(=k) out of
/// bounds (n)".
template <tensor_like A>
auto partition(const A& a, std::initializer_list<index_t> kth, index_t axis = -1) {
  constexpr std::size_t R = rank_of<A>;
  static_assert(R >= 1, "tensr: partition along an axis needs a tensor of rank >= 1");
  const TensorView<const value_type_of<A>, R> v = as_view(a);
  return detail::partition_axis<false>(v, std::span(kth.begin(), kth.size()),
                                       detail::normalize_axis(axis, R));
}
template <tensor_like A>
auto partition(const A& a, index_t kth, index_t axis = -1) {
  return partition(a, {kth}, axis);
}
/// np.partition(a, kth, axis=None): over the flattened elements, rank 1.
template <tensor_like A>
auto partition(const A& a, index_t kth, none_t) {
  const Tensor<value_type_of<A>, rank_of<A>> flat(as_view(a));
  return partition(detail::flat_view(flat), {kth}, 0);
}

/// np.argpartition(a, kth, axis=-1): the indices that partition a (see partition),
/// Tensor<index_t, R>.
template <tensor_like A>
auto argpartition(const A& a, std::initializer_list<index_t> kth, index_t axis = -1) {
  constexpr std::size_t R = rank_of<A>;
  static_assert(R >= 1, "tensr: argpartition along an axis needs a tensor of rank >= 1");
  const TensorView<const value_type_of<A>, R> v = as_view(a);
  return detail::partition_axis<true>(v, std::span(kth.begin(), kth.size()),
                                      detail::normalize_axis(axis, R));
}
template <tensor_like A>
auto argpartition(const A& a, index_t kth, index_t axis = -1) {
  return argpartition(a, {kth}, axis);
}
/// np.argpartition(a, kth, axis=None): indices into the flattened elements, rank 1.
template <tensor_like A>
auto argpartition(const A& a, index_t kth, none_t) {
  const Tensor<value_type_of<A>, rank_of<A>> flat(as_view(a));
  return argpartition(detail::flat_view(flat), {kth}, 0);
}

/// np.searchsorted(a, v, side): where v would go in the sorted rank-1 a to keep it sorted
/// (NaN sorts last; compared in the common type). A scalar v gives an index_t, a tensor v a
/// Tensor<index_t> of its shape. With sorter (rank-1 integers, a's length), a[sorter] is
/// the sorted sequence; NumPy's errors for a wrong length or an index out of range.
template <tensor_like A, class V>
requires(tensor_like<V> ||
         detail::search_scalar<V>) auto searchsorted(const A& a, const V& v,
                                                     search_side side = search_side::left) {
  return detail::searchsorted_impl(a, v, side, nullptr);
}
template <tensor_like A, class V, tensor_like S>
requires(tensor_like<V> || detail::search_scalar<V>) auto searchsorted(const A& a, const V& v,
                                                                       search_side side,
                                                                       const S& sorter) {
  const std::vector<index_t> s = detail::checked_sorter(sorter, as_view(a).size());
  return detail::searchsorted_impl(a, v, side, s.data());
}

/// np.lexsort(keys): the stable order that sorts by the last key, ties by the one before,
/// and so on; keys are rank-1 tensors or views of one type and length, braced or in a
/// std::vector. Returns Tensor<index_t, 1>.
template <tensor_like K>
Tensor<index_t, 1> lexsort(std::initializer_list<K> keys) {
  return detail::lexsort_impl(keys.begin(), keys.size());
}
template <tensor_like K>
Tensor<index_t, 1> lexsort(const std::vector<K>& keys) {
  return detail::lexsort_impl(keys.data(), keys.size());
}

TENSR_NAMESPACE_END
