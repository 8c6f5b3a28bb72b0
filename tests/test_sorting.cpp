// sort, argsort, partition, argpartition, searchsorted and lexsort. Expected values are
// NumPy 1.24's (the call is given beside each; argsort's with kind='stable').
#include "test_ops_common.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

using namespace tensr;
using ops_test::check_values;

namespace {
constexpr double NAN_ = std::numeric_limits<double>::quiet_NaN();

/// partition's property along the last axis of a 2-D result: p[r, k] is s[r, k] (s sorted),
/// nothing before it greater, nothing after it smaller.
template <class T>
void check_partitioned(const Tensor<T, 2>& p, const Tensor<T, 2>& sorted, index_t k) {
  REQUIRE(p.shape() == sorted.shape());
  for (index_t r = 0; r < p.shape(0); ++r) {
    CHECK(p(r, k) == sorted(r, k));
    for (index_t j = 0; j < p.shape(1); ++j) {
      if (j < k) CHECK_FALSE(p(r, k) < p(r, j));
      if (j > k) CHECK_FALSE(p(r, j) < p(r, k));
    }
  }
}
}  // namespace

TEST_CASE("sort and argsort: NaN last, -0.0 and 0.0 in order, stable ties") {
  const Tensor<double, 1> x{3.0, NAN_, -0.0, 1.0, NAN_, 0.0, -2.0, 1.0};
  const auto s = sort(x);  // np.sort(x)
  static_assert(std::is_same_v<decltype(s), const Tensor<double, 1>>);
  check_values(s, {8}, {-2.0, -0.0, 0.0, 1.0, 1.0, 3.0, NAN_, NAN_});
  CHECK(std::signbit(s(1)));  // -0.0 came first in x
  CHECK_FALSE(std::signbit(s(2)));
  const auto i = argsort(x);  // np.argsort(x, kind='stable')
  static_assert(std::is_same_v<decltype(i), const Tensor<index_t, 1>>);
  check_values(i, {8}, {6, 2, 5, 3, 7, 0, 1, 4});
  check_values(argsort(x, -1, sort_kind::stable), {8}, {6, 2, 5, 3, 7, 0, 1, 4});
  check_values(sort(x, 0, sort_kind::mergesort), {8}, {-2.0, -0.0, 0.0, 1.0, 1.0, 3.0, NAN_, NAN_});

  const Tensor<float, 2> f{{2.f, NAN, 1.f}, {0.f, -1.f, -1.f}};
  check_values(sort(f), {2, 3}, {1.f, 2.f, NAN, -1.f, -1.f, 0.f});      // np.sort(f, -1)
  check_values(argsort(f), {2, 3}, {2, 0, 1, 1, 2, 0});                 // np.argsort(f, -1)
  check_values(argsort(f, 0), {2, 3}, {1, 1, 1, 0, 0, 0});              // np.argsort(f, 0)
  check_values(sort(f, -2), {2, 3}, {0.f, -1.f, -1.f, 2.f, NAN, 1.f});  // np.sort(f, 0)
  // A transposed view: np.sort(f.T, 1)
  check_values(sort(f.t(), 1), {3, 2}, {0.f, 2.f, -1.f, NAN, -1.f, 1.f});
}

TEST_CASE("sort and argsort of integers along every axis of a 3-D tensor") {
  Tensor<int, 3> a({2, 3, 4});
  for (index_t k = 0; k < a.size(); ++k) a.data()[k] = static_cast<int>(k % 5);
  // a = np.arange(24).reshape(2, 3, 4) % 5
  check_values(sort(a, 1), {2, 3, 4},  // np.sort(a, 1)
               {0, 0, 0, 1, 3, 1, 1, 2, 4, 4, 2, 3, 0, 1, 2, 0, 1, 2, 3, 3, 2, 3, 4, 4});
  check_values(argsort(a, -2), {2, 3, 4},  // np.argsort(a, -2, kind='stable')
               {0, 1, 2, 2, 2, 0, 1, 1, 1, 2, 0, 0, 2, 2, 2, 0, 1, 1, 1, 2, 0, 0, 0, 1});
  check_values(sort(a, 0), {2, 3, 4},  // np.sort(a, 0)
               {0, 1, 2, 0, 1, 0, 1, 2, 0, 1, 0, 1, 2, 3, 4, 3, 4, 2, 3, 4, 3, 4, 2, 3});
  const auto flat = sort(a, none);  // np.sort(a, axis=None)
  static_assert(std::is_same_v<decltype(flat), const Tensor<int, 1>>);
  check_values(flat, {24},
               {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4});
  const Tensor<std::int8_t, 2> b{{5, -3}, {-3, 5}};
  check_values(argsort(b, none), {4}, {1, 2, 0, 3});      // np.argsort(b, axis=None, 'stable')
  check_values(argsort(b.t(), none), {4}, {1, 2, 0, 3});  // np.argsort(b.T, axis=None)

  const Tensor<bool, 1> t{true, false, true, false};
  check_values(sort(t), {4}, {false, false, true, true});  // np.sort([True, False, True, False])
  check_values(argsort(t), {4}, {1, 3, 0, 2});             // np.argsort(..., kind='stable')

  CHECK_THROWS_WITH_AS(sort(a, 3), "axis 3 is out of bounds for array of dimension 3", shape_error);
  CHECK_THROWS_AS(argsort(a, -4), shape_error);
}

TEST_CASE("sort and argsort of empty tensors") {
  const Tensor<double, 2> e({0, 3});
  CHECK(sort(e).shape() == shape_t<2>{0, 3});  // np.sort(np.zeros((0, 3)))
  CHECK(argsort(e, 0).shape() == shape_t<2>{0, 3});
  CHECK(sort(e, none).shape() == shape_t<1>{0});  // np.sort(e, axis=None)
  const Tensor<double, 2> z({3, 0});
  CHECK(argsort(z).shape() == shape_t<2>{3, 0});
}

TEST_CASE("partition and argpartition: the kth element in place, smaller before") {
  const Tensor<double, 2> a{{7, 2, 9, 4, 1}, {NAN_, 3, 3, -1, 0}};
  const Tensor<double, 2> s = sort(a);
  for (index_t k = 0; k < 5; ++k) {
    const auto p = partition(a, k);  // np.partition(a, k)
    static_assert(std::is_same_v<decltype(p), const Tensor<double, 2>>);
    // NaN sorts last: compare the NaN row's last element separately.
    if (k == 4) {
      CHECK(p(0, 4) == 9.0);
      CHECK(std::isnan(p(1, 4)));
      continue;
    }
    check_partitioned(p, s, k);
  }
  const auto last = partition(a, -1);  // np.partition(a, -1)[:, -1]
  CHECK(last(0, 4) == 9.0);
  CHECK(std::isnan(last(1, 4)));

  // np.argpartition(a, 2): a[idx] is partitioned.
  const auto idx = argpartition(a, 2);
  static_assert(std::is_same_v<decltype(idx), const Tensor<index_t, 2>>);
  Tensor<double, 2> g({2, 5});
  for (index_t r = 0; r < 2; ++r)
    for (index_t j = 0; j < 5; ++j) g(r, j) = a(r, idx(r, j));
  check_partitioned(g, s, 2);

  // np.partition(a, (1, 3)): both positions in place.
  const auto p13 = partition(a, {3, 1});
  check_partitioned(p13, s, 1);
  check_partitioned(p13, s, 3);

  // Along axis 0 (np.partition(a.T, 0, axis=0) = its columns' minima first).
  const auto pc = partition(a.t(), 0, 0);
  CHECK(pc(0, 0) == 1.0);
  CHECK(pc(0, 1) == -1.0);
  // axis=None: np.partition(a, 2, axis=None)[2] is the third smallest, 1.0.
  const auto pf = partition(a, 2, none);
  static_assert(std::is_same_v<decltype(pf), const Tensor<double, 1>>);
  CHECK(pf(2) == 1.0);
  CHECK(std::isnan(a.data()[argpartition(a, 9, none)(9)]));  // np.argpartition(a, 9, None)[9]: 5

  const Tensor<int, 1> i{5, 1, 4, 1, 3};
  CHECK(partition(i, 2)(2) == 3);        // np.partition(i, 2)[2]
  CHECK(i(argpartition(i, 0)(0)) == 1);  // i[np.argpartition(i, 0)[0]]: either 1
  CHECK_THROWS_WITH_AS(partition(i, 5), "partition: kth(=5) out of bounds (5)", shape_error);
  CHECK_THROWS_WITH_AS(partition(i, -6), "partition: kth(=-1) out of bounds (5)", shape_error);
  CHECK_THROWS_WITH_AS(partition(Tensor<int, 1>({0}), 0), "partition: kth(=0) out of bounds (0)",
                       shape_error);
}

TEST_CASE("searchsorted: sides, NaN, scalars, tensors, sorter") {
  const Tensor<double, 1> a{1, 2, 2, 3, NAN_};
  const Tensor<double, 1> v{2, NAN_, 0, 4, 2.5};
  const auto l = searchsorted(a, v);  // np.searchsorted(a, v)
  static_assert(std::is_same_v<decltype(l), const Tensor<index_t, 1>>);
  check_values(l, {5}, {1, 4, 0, 4, 3});
  check_values(searchsorted(a, v, search_side::right), {5}, {3, 5, 0, 4, 3});
  static_assert(std::is_same_v<decltype(searchsorted(a, 2)), index_t>);
  CHECK(searchsorted(a, 2) == 1);                      // np.searchsorted(a, 2)
  CHECK(searchsorted(a, 2, search_side::right) == 3);  // side='right'
  CHECK(searchsorted(a, NAN_, search_side::right) == 5);

  const Tensor<int, 2> vi{{0, 1}, {2, 9}};
  check_values(searchsorted(Tensor<int, 1>{1, 3, 5}, vi), {2, 2}, {0, 0, 1, 3});
  CHECK(searchsorted(Tensor<int, 1>{1, 3, 5}, 2.5) == 1);  // compared as double

  const Tensor<int, 1> u{3, 1, 2};
  const Tensor<index_t, 1> sorter{1, 2, 0};
  // np.searchsorted(u, [2, 0, 5], sorter=[1, 2, 0])
  check_values(searchsorted(u, Tensor<int, 1>{2, 0, 5}, search_side::left, sorter), {3}, {1, 0, 3});
  CHECK(searchsorted(u, 2, search_side::right, sorter) == 2);
  CHECK(searchsorted(u, 2, search_side::left, Tensor<int, 1>{1, 2, 0}) == 1);
  CHECK_THROWS_WITH_AS(searchsorted(u, 1, search_side::left, Tensor<int, 1>{0, 5, 1}),
                       "searchsorted: Sorter index out of range.", shape_error);
  CHECK_THROWS_WITH_AS(searchsorted(u, 1, search_side::left, Tensor<int, 1>{0}),
                       "searchsorted: sorter.size must equal a.size", shape_error);

  // A reversed view is sorted: np.searchsorted(np.array([5, 3, 1])[::-1], 3)
  const Tensor<int, 1> rev{5, 3, 1};
  CHECK(searchsorted(rev.flip(0), 3) == 1);
  // Empty a, empty v: np.searchsorted([], [1, 2]) and np.searchsorted(a, [])
  check_values(searchsorted(Tensor<int, 1>({0}), Tensor<int, 1>{1, 2}), {2}, {0, 0});
  CHECK(searchsorted(a, Tensor<double, 1>({0})).shape() == shape_t<1>{0});
}

TEST_CASE("lexsort: last key primary, stable, NaN last") {
  const Tensor<double, 1> k0{3, 1, 2, NAN_, 1};
  const Tensor<double, 1> k1{1, 1, 0, 0, 1};
  // np.lexsort((k0, k1))
  check_values(lexsort({k0, k1}), {5}, {2, 3, 1, 4, 0});
  const Tensor<int, 1> a{2, 1, 2, 1}, b{0, 0, 0, 0}, c{5, 5, 5, 5};
  check_values(lexsort({a, b, c}), {4}, {1, 3, 0, 2});  // np.lexsort((a, b, c))
  check_values(lexsort(std::vector<TensorView<const int, 1>>{a.view(), b.view()}), {4},
               {1, 3, 0, 2});
  check_values(lexsort({b}), {4}, {0, 1, 2, 3});  // all ties: the original order
  CHECK(lexsort({Tensor<int, 1>({0})}).shape() == shape_t<1>{0});

  CHECK_THROWS_WITH_AS(lexsort({a, Tensor<int, 1>{1}}),
                       "lexsort: all keys need to be the same shape", shape_error);
  CHECK_THROWS_WITH_AS(lexsort(std::vector<Tensor<int, 1>>{}),
                       "need sequence of keys with len > 0 in lexsort", shape_error);
}
