// Tensor and TensorView basics: construction, copy and move, conversion from views,
// wrapping foreign memory, const views, layout queries, alignment, checked access,
// zero-size axes and astype. Expected values are worked out by hand in each test.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

using namespace tensr;

namespace {

template <class X>
std::vector<double> values(const X& x) {
  // Row-major elements through checked access, independent of tensr's copy loops.
  std::vector<double> out;
  if constexpr (X::rank == 1) {
    for (index_t i = 0; i < x.shape(0); ++i) out.push_back(static_cast<double>(x.at(i)));
  } else if constexpr (X::rank == 2) {
    for (index_t i = 0; i < x.shape(0); ++i)
      for (index_t j = 0; j < x.shape(1); ++j) out.push_back(static_cast<double>(x.at(i, j)));
  } else if constexpr (X::rank == 3) {
    for (index_t i = 0; i < x.shape(0); ++i)
      for (index_t j = 0; j < x.shape(1); ++j)
        for (index_t k = 0; k < x.shape(2); ++k) out.push_back(static_cast<double>(x.at(i, j, k)));
  }
  return out;
}

bool aligned64(const void* p) { return reinterpret_cast<std::uintptr_t>(p) % 64 == 0; }

// Construction: what is a shape and what is data.
static_assert(std::is_constructible_v<Tensor<float, 2>, shape_t<2>>);
static_assert(!std::is_convertible_v<shape_t<2>, Tensor<float, 2>>);  // a shape is explicit
static_assert(std::is_convertible_v<TensorView<float, 2>, Tensor<float, 2>>);
static_assert(std::is_convertible_v<TensorView<const float, 2>, Tensor<float, 2>>);
static_assert(std::is_constructible_v<Tensor<double, 2>, TensorView<float, 2>>);
static_assert(!std::is_convertible_v<TensorView<float, 2>, Tensor<double, 2>>);  // explicit
static_assert(!std::is_constructible_v<Tensor<float, 2>, TensorView<float, 3>>);
static_assert(std::is_nothrow_move_constructible_v<Tensor<float, 2>>);
static_assert(Tensor<float, 3>::rank == 3 && TensorView<const int, 0>::rank == 0);
static_assert(std::is_same_v<TensorView<const int, 1>::value_type, int>);

}  // namespace

TEST_CASE("zeros from a shape, and a fill value") {
  Tensor<float, 2> a({2, 3});
  CHECK(a.shape() == shape_t<2>{2, 3});
  CHECK(a.strides() == shape_t<2>{3, 1});
  CHECK(a.size() == 6);
  CHECK_FALSE(a.empty());
  CHECK(a.is_contiguous());
  CHECK(values(a) == std::vector<double>(6, 0.0));

  Tensor<float, 2> b({2, 3}, 1.5f);
  CHECK(values(b) == std::vector<double>(6, 1.5));
  Tensor<int, 3> c({2, 1, 2}, 7);
  CHECK(c.strides() == shape_t<3>{2, 2, 1});
  CHECK(values(c) == std::vector<double>(4, 7.0));
  Tensor<float, 2> d(shape_t<2>{3, 1});
  CHECK(d.shape() == shape_t<2>{3, 1});
  Tensor<bool, 1> flags({3}, true);
  CHECK(flags(2));
}

TEST_CASE("nested braces give the data") {
  Tensor<float, 2> a{{1, 2, 3}, {4, 5, 6}};
  CHECK(a.shape() == shape_t<2>{2, 3});
  CHECK(values(a) == std::vector<double>{1, 2, 3, 4, 5, 6});
  CHECK(a(1, 0) == 4);

  Tensor<int, 3> b{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}, {{9, 10}, {11, 12}}};
  CHECK(b.shape() == shape_t<3>{3, 2, 2});
  CHECK(b.strides() == shape_t<3>{4, 2, 1});
  CHECK(b(2, 1, 0) == 11);
  CHECK(values(b) == std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});

  Tensor<double, 2> one_row{{1.5, 2.5}};
  CHECK(one_row.shape() == shape_t<2>{1, 2});
  Tensor<float, 2> no_cols{{}, {}};
  CHECK(no_cols.shape() == shape_t<2>{2, 0});
  CHECK(no_cols.empty());
}

TEST_CASE("rank 1: values in braces, a shape in parentheses and braces") {
  Tensor<float, 1> v{1, 2, 3};
  CHECK(v.shape() == shape_t<1>{3});
  CHECK(values(v) == std::vector<double>{1, 2, 3});
  Tensor<float, 1> five({5});
  CHECK(five.shape() == shape_t<1>{5});
  CHECK(values(five) == std::vector<double>(5, 0.0));
  Tensor<float, 1> value{5};
  CHECK(value.shape() == shape_t<1>{1});
  CHECK(value(0) == 5);
  Tensor<int, 1> sized({4}, 2);
  CHECK(values(sized) == std::vector<double>(4, 2.0));
  Tensor<double, 1> mixed{1, 2.5f, 3.25};
  CHECK(values(mixed) == std::vector<double>{1, 2.5, 3.25});
}

TEST_CASE("rank 0: item() and conversion") {
  Tensor<float, 0> s(2.5f);
  CHECK(s.size() == 1);
  CHECK_FALSE(s.empty());
  CHECK(s.item() == 2.5f);
  const float x = s;
  CHECK(x == 2.5f);
  s.item() = 4;
  CHECK(static_cast<float>(s) == 4);
  CHECK(s() == 4);  // no indices: the element
  Tensor<float, 0> zero;
  CHECK(zero.item() == 0);
  Tensor<int, 0> implicit = 3;
  CHECK(implicit.item() == 3);
  // A rank-0 view reads and writes the element.
  TensorView<float, 0> v = s;
  v.item() = 8;
  CHECK(s.item() == 8);
  CHECK(static_cast<float>(v) == 8);
  auto make = [] { return Tensor<int, 0>(9); };
  CHECK(make().item() == 9);
}

TEST_CASE("ragged nested lists throw shape_error") {
  CHECK_THROWS_WITH_AS((Tensor<float, 2>{{1, 2, 3}, {4, 5}}),
                       "ragged nested initializer list: axis 1 has sizes 3 and 2", shape_error);
  CHECK_THROWS_WITH_AS((Tensor<float, 2>{{1}, {2, 3}}),
                       "ragged nested initializer list: axis 1 has sizes 1 and 2", shape_error);
  CHECK_THROWS_WITH_AS((Tensor<int, 3>{{{1, 2}, {3, 4}}, {{5, 6}, {7}}}),
                       "ragged nested initializer list: axis 2 has sizes 2 and 1", shape_error);
  CHECK_THROWS_WITH_AS((Tensor<int, 3>{{{1, 2}, {3, 4}}, {{5, 6}}}),
                       "ragged nested initializer list: axis 1 has sizes 2 and 1", shape_error);
  CHECK_THROWS_WITH_AS((Tensor<int, 3>{{{1, 2}}, {}}),
                       "ragged nested initializer list: axis 1 has sizes 1 and 0", shape_error);
}

TEST_CASE("copy is deep, move leaves the source empty") {
  Tensor<float, 2> a{{1, 2}, {3, 4}};
  Tensor<float, 2> b = a;
  CHECK(b.data() != a.data());
  b(0, 0) = 10;
  CHECK(a(0, 0) == 1);
  CHECK(values(b) == std::vector<double>{10, 2, 3, 4});

  Tensor<float, 2> c({5, 5});
  c = a;  // copy-assignment takes the other's shape
  CHECK(c.shape() == shape_t<2>{2, 2});
  CHECK(values(c) == std::vector<double>{1, 2, 3, 4});
  CHECK(c.data() != a.data());

  const float* p = a.data();
  Tensor<float, 2> m = std::move(a);
  CHECK(m.data() == p);
  CHECK(values(m) == std::vector<double>{1, 2, 3, 4});
  CHECK(a.size() == 0);  // NOLINT(bugprone-use-after-move): the moved-from state is specified
  CHECK(a.empty());
  CHECK(a.data() == nullptr);
  CHECK(a.shape() == shape_t<2>{0, 0});

  Tensor<float, 2> n({3, 3});
  n = std::move(m);
  CHECK(n.data() == p);
  CHECK(n.shape() == shape_t<2>{2, 2});
  CHECK(m.empty());  // NOLINT(bugprone-use-after-move)
  // A moved-from tensor can be assigned again.
  a = n;
  CHECK(values(a) == std::vector<double>{1, 2, 3, 4});
  // The view of a copied tensor is a view of the copy's storage.
  Tensor<float, 2> n2 = n;
  n2.view()(1, 1) = -4;
  CHECK(n(1, 1) == 4);
  CHECK(n2(1, 1) == -4);
}

TEST_CASE("construction from a view materializes it") {
  Tensor<float, 2> a{{1, 2, 3}, {4, 5, 6}};
  Tensor<float, 2> b = a.t();
  CHECK(b.shape() == shape_t<2>{3, 2});
  CHECK(b.strides() == shape_t<2>{2, 1});
  CHECK(values(b) == std::vector<double>{1, 4, 2, 5, 3, 6});
  CHECK(b.data() != a.data());
  // From a view of const elements, and a reversed one.
  const Tensor<float, 2>& ca = a;
  Tensor<float, 1> col = ca(range(none, none, -1), 1);
  CHECK(values(col) == std::vector<double>{5, 2});
  // Converting the element type needs explicit construction.
  Tensor<int, 2> ints(a.t());
  CHECK(values(ints) == std::vector<double>{1, 4, 2, 5, 3, 6});
  // From another Tensor of another element type.
  Tensor<double, 2> wide(a);
  CHECK(values(wide) == std::vector<double>{1, 2, 3, 4, 5, 6});
  // Assigning a view to a Tensor replaces its shape and contents.
  Tensor<float, 2> c({1, 1});
  c = a(all, range(1, none));
  CHECK(c.shape() == shape_t<2>{2, 2});
  CHECK(values(c) == std::vector<double>{2, 3, 5, 6});
}

TEST_CASE("views of foreign memory") {
  float buf[6] = {0, 1, 2, 3, 4, 5};
  TensorView<float, 2> v(buf, {2, 3});
  CHECK(v.data() == buf);
  CHECK(v.strides() == shape_t<2>{3, 1});
  CHECK(v.is_contiguous());
  CHECK(v(1, 2) == 5);
  v(0, 1) = 10;
  CHECK(buf[1] == 10);
  // Explicit strides: the transpose of buf.
  TensorView<float, 2> w(buf, {3, 2}, {1, 3});
  CHECK(values(w) == std::vector<double>{0, 3, 10, 4, 2, 5});
  CHECK_FALSE(w.is_contiguous());
  // Negative and zero strides.
  TensorView<float, 1> rev(buf + 5, {6}, {-1});
  CHECK(values(rev) == std::vector<double>{5, 4, 3, 2, 10, 0});
  TensorView<float, 2> rep(buf, {2, 3}, {0, 1});
  CHECK(values(rep) == std::vector<double>{0, 10, 2, 0, 10, 2});
  // Const memory.
  const float cbuf[4] = {1, 2, 3, 4};
  TensorView<const float, 2> c(cbuf, {2, 2});
  CHECK(c(1, 0) == 3);
  static_assert(std::is_same_v<decltype(c(1, 0)), const float&>);
  // A copy of the foreign data is an owning Tensor.
  Tensor<float, 2> owned = c.copy();
  CHECK(owned.data() != cbuf);
  CHECK(values(owned) == std::vector<double>{1, 2, 3, 4});
  // std::vector's memory.
  std::vector<double> vec{1, 2, 3, 4, 5, 6};
  TensorView<double, 3> v3(vec.data(), {1, 2, 3});
  CHECK(v3(0, 1, 2) == 6);
}

TEST_CASE("const views") {
  Tensor<float, 2> a{{1, 2}, {3, 4}};
  const Tensor<float, 2>& ca = a;
  auto cv = ca.view();
  static_assert(std::is_same_v<decltype(cv), TensorView<const float, 2>>);
  static_assert(std::is_same_v<decltype(ca.t()), TensorView<const float, 2>>);
  static_assert(std::is_same_v<decltype(ca(0)), TensorView<const float, 1>>);
  static_assert(std::is_same_v<decltype(ca.at(0, 0)), const float&>);
  static_assert(std::is_same_v<decltype(ca.data()), const float*>);
  TensorView<const float, 2> from_mutable = a.view();  // adding const converts implicitly
  TensorView<const float, 2> from_tensor = a;
  CHECK(from_mutable.data() == a.data());
  CHECK(from_tensor(1, 1) == 4);
  a(1, 1) = 40;  // const views see later writes through other views
  CHECK(cv(1, 1) == 40);
  // Assigning a const view into a mutable one copies elements.
  Tensor<float, 2> b({2, 2});
  b.view() = cv;
  CHECK(values(b) == std::vector<double>{1, 2, 3, 40});
}

TEST_CASE("shape(axis) and strides(axis) with negative axes") {
  Tensor<float, 3> a({2, 3, 4});
  CHECK(a.shape(0) == 2);
  CHECK(a.shape(-1) == 4);
  CHECK(a.shape(-3) == 2);
  CHECK(a.strides(-1) == 1);
  CHECK(a.strides(-2) == 4);
  CHECK(a.t().shape(-1) == 2);
  CHECK(a.t().strides(0) == 1);
  CHECK_THROWS_WITH_AS(a.shape(3), "axis 3 is out of bounds for array of dimension 3", shape_error);
  CHECK_THROWS_WITH_AS(a.shape(-4), "axis -4 is out of bounds for array of dimension 3",
                       shape_error);
  CHECK_THROWS_WITH_AS(a.view().strides(3), "axis 3 is out of bounds for array of dimension 3",
                       shape_error);
}

// shape_t is a std::array<index_t, R> with a tensr name (so that operator<< is found): the
// same layout, brace-initialized like the array, convertible both ways, tuple-like.
static_assert(sizeof(shape_t<3>) == sizeof(std::array<index_t, 3>));
static_assert(std::is_standard_layout_v<shape_t<2>> && std::is_trivially_copyable_v<shape_t<2>>);
static_assert(std::is_base_of_v<std::array<index_t, 2>, shape_t<2>>);
static_assert(std::is_convertible_v<std::array<index_t, 2>, shape_t<2>>);
static_assert(std::is_convertible_v<shape_t<2>, std::array<index_t, 2>>);
static_assert(!std::is_constructible_v<shape_t<2>, int, int, int>);   // at most Rank sizes
static_assert(!std::is_constructible_v<shape_t<2>, double, double>);  // sizes are integers
static_assert(std::tuple_size_v<shape_t<4>> == 4);
static_assert(std::is_same_v<std::tuple_element_t<1, shape_t<2>>, index_t>);
static_assert(std::is_same_v<decltype(Tensor<float, 2>().shape()), const shape_t<2>&>);
static_assert(std::is_same_v<decltype(TensorView<float, 3>().strides()), const shape_t<3>&>);
static_assert(shape_t<3>{4, 5}[2] == 0 && shape_t<2>{}[1] == 0);  // as std::array's braces
static_assert(shape_t<2>{{6, 7}}[1] == 7);

namespace {
index_t area(const std::array<index_t, 2>& s) { return s[0] * s[1]; }
template <std::size_t R>
std::size_t rank_of_array(const std::array<index_t, R>&) {
  return R;
}
}  // namespace

TEST_CASE("shape_t works where std::array<index_t, R> does") {
  const Tensor<float, 2> a({3, 4});
  const shape_t<2> s = a.shape();
  CHECK(s == shape_t<2>{3, 4});
  CHECK(s == std::array<index_t, 2>{3, 4});  // compares with a plain array
  CHECK(s != a.strides());
  CHECK(s.size() == 2);
  CHECK(area(a.shape()) == 12);              // passed where an array is expected
  CHECK(rank_of_array(a.t().shape()) == 2);  // and where its size is deduced
  const auto [rows, cols] = a.shape();       // structured bindings
  CHECK(rows == 3);
  CHECK(cols == 4);
  index_t total = 0;
  for (index_t d : a.strides()) total += d;  // iteration: strides (4, 1)
  CHECK(total == 5);
  std::array<index_t, 2> plain = a.shape();
  plain[1] = 6;
  const Tensor<float, 2> b(plain);  // a plain array makes a tensor, as before
  CHECK(b.shape() == shape_t<2>{3, 6});
  CHECK(zeros<float>(plain).shape(1) == 6);  // deduced rank from a plain array
  const Tensor<float, 1> row{1, 2};
  CHECK(broadcast_to(row, std::array<index_t, 2>{3, 2}).strides() == shape_t<2>{0, 1});
}

TEST_CASE("size, empty and is_contiguous") {
  Tensor<float, 2> a({3, 4});
  CHECK(a.size() == 12);
  CHECK(a(1).is_contiguous());
  CHECK(a(range(1, 3)).is_contiguous());
  CHECK_FALSE(a(all, 1).is_contiguous());
  CHECK_FALSE(a(all, range(0, 2)).is_contiguous());
  CHECK_FALSE(a.t().is_contiguous());
  CHECK_FALSE(a.flip(1).is_contiguous());
  CHECK(a(range(1, 2), all).t().is_contiguous());  // (4, 1): size-1 axes do not count
  CHECK(a(range(0, 0), all).is_contiguous());      // empty
  CHECK(a(newaxis, ellipsis).is_contiguous());
  CHECK(a(all, 1).size() == 3);
  CHECK(a(range(0, 0), all).empty());
  Tensor<float, 2> def;
  CHECK(def.empty());
  CHECK(def.shape() == shape_t<2>{0, 0});
  TensorView<float, 2> null_view;
  CHECK(null_view.empty());
  CHECK(null_view.data() == nullptr);
}

TEST_CASE("data() is aligned to 64 bytes") {
  for (index_t n : {1, 3, 7, 64, 1000}) {
    CHECK(aligned64(Tensor<float, 1>({n}).data()));
    CHECK(aligned64(Tensor<double, 2>({n, 3}).data()));
    CHECK(aligned64(Tensor<std::int8_t, 1>({n}).data()));
    CHECK(aligned64(Tensor<bool, 1>({n}).data()));
  }
  Tensor<float, 2> a({5, 3});
  Tensor<float, 2> copy = a;
  CHECK(aligned64(copy.data()));
  Tensor<float, 2> from_view = a.t();
  CHECK(aligned64(from_view.data()));
}

TEST_CASE("at(): checked access, negative indices, NumPy's messages") {
  Tensor<float, 2> a{{1, 2, 3}, {4, 5, 6}};
  CHECK(a.at(1, 2) == 6);
  CHECK(a.at(-1, -1) == 6);
  CHECK(a.at(-2, 0) == 1);
  CHECK(a.at(0, -3) == 1);
  a.at(-1, 0) = 8;
  CHECK(a(1, 0) == 8);
  CHECK_THROWS_WITH_AS(a.at(0, 5), "index 5 is out of bounds for axis 1 with size 3",
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(a.at(0, 3), "index 3 is out of bounds for axis 1 with size 3",
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(a.at(2, 0), "index 2 is out of bounds for axis 0 with size 2",
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(a.at(-3, 0), "index -3 is out of bounds for axis 0 with size 2",
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(a.at(0, -4), "index -4 is out of bounds for axis 1 with size 3",
                       std::out_of_range);
  // On views, through their strides.
  CHECK(a.t().at(2, -1) == 6);
  CHECK_THROWS_WITH_AS(a.t().at(3, 0), "index 3 is out of bounds for axis 0 with size 3",
                       std::out_of_range);
  const Tensor<float, 2>& ca = a;
  CHECK(ca.at(-1, 1) == 5);
  CHECK_THROWS_AS(ca.at(0, 9), std::out_of_range);
  // On a temporary: the value.
  auto make = [] { return Tensor<int, 1>{7, 8, 9}; };
  CHECK(make().at(-1) == 9);
  CHECK(make()(1) == 8);
  CHECK_THROWS_WITH_AS(make().at(3), "index 3 is out of bounds for axis 0 with size 3",
                       std::out_of_range);
  // Every axis of size 0 rejects every index.
  Tensor<float, 2> z({0, 3});
  CHECK_THROWS_WITH_AS(z.at(0, 0), "index 0 is out of bounds for axis 0 with size 0",
                       std::out_of_range);
}

TEST_CASE("zero-size axes") {
  Tensor<float, 2> z({0, 3});
  CHECK(z.size() == 0);
  CHECK(z.empty());
  CHECK(z.shape() == shape_t<2>{0, 3});
  // A fresh empty array has all strides 0, like NumPy's: np.zeros((0, 3)).strides == (0, 0).
  CHECK(z.strides() == shape_t<2>{0, 0});
  CHECK(z.t().shape() == shape_t<2>{3, 0});
  CHECK(z(range(0, 0), all).shape() == shape_t<2>{0, 3});
  CHECK(z(all, 1).shape() == shape_t<1>{0});
  CHECK(z.reshape<1>({-1}).shape() == shape_t<1>{0});
  CHECK(z.reshape<3>({3, 0, 5}).shape() == shape_t<3>{3, 0, 5});
  CHECK(z.copy().shape() == shape_t<2>{0, 3});
  z.fill(1);
  z.view() = 2;
  Tensor<float, 2> y({3, 0});
  CHECK(y.strides() == shape_t<2>{0, 0});
  // Views of an empty tensor (its storage pointer is null) stay empty.
  CHECK(y(1).shape() == shape_t<1>{0});
  CHECK(y.flip(0).shape() == shape_t<2>{3, 0});
  CHECK(y.flip().size() == 0);
  CHECK(y.diagonal().shape() == shape_t<1>{0});
  CHECK(y.expand_dims(1).shape() == shape_t<3>{3, 1, 0});
  CHECK(y.swapaxes(0, 1).shape() == shape_t<2>{0, 3});
  CHECK(broadcast_to(y, shape_t<3>{2, 3, 0}).size() == 0);
  Tensor<float, 3> z3({0, 3, 3});
  CHECK(z3.diagonal(1, 1, 2).shape() == shape_t<2>{0, 2});
  CHECK(sliding_window_view(z3, {2}, {1}).shape() == shape_t<4>{0, 2, 3, 2});
  // Assigning between empty views, with broadcasting.
  y.view() = Tensor<float, 1>({0});
  y.view() = z.t();
  CHECK_THROWS_AS((y.view() = Tensor<float, 1>({2})), shape_error);
  Tensor<float, 2> y2 = y;
  CHECK(y2.shape() == shape_t<2>{3, 0});
  Tensor<float, 2> from_empty_view = y.t();
  CHECK(from_empty_view.shape() == shape_t<2>{0, 3});
}

TEST_CASE("astype converts elements like NumPy's astype") {
  Tensor<float, 1> a{1.7f, -1.7f, 0.0f, 2.5f};
  auto i = a.astype<int>();  // truncation toward zero
  static_assert(std::is_same_v<decltype(i), Tensor<int, 1>>);
  CHECK(values(i) == std::vector<double>{1, -1, 0, 2});
  auto b = a.astype<bool>();
  CHECK(b(0));
  CHECK(b(1));
  CHECK_FALSE(b(2));
  auto d = a.astype<double>();
  CHECK(d(0) == static_cast<double>(1.7f));
  Tensor<int, 2> m{{1, 2}, {3, 4}};
  auto f = m.astype<float>();
  CHECK(f.shape() == shape_t<2>{2, 2});
  CHECK(values(f) == std::vector<double>{1, 2, 3, 4});
  Tensor<float, 2> from_t(m.t());  // converting construction from a strided view
  CHECK(values(from_t) == std::vector<double>{1, 3, 2, 4});
}

TEST_CASE("fill") {
  Tensor<float, 2> a({2, 3});
  a.fill(3);
  CHECK(values(a) == std::vector<double>(6, 3.0));
  a(all, 1).fill(-1);
  CHECK(values(a) == std::vector<double>{3, -1, 3, 3, -1, 3});
  a.t()(range(none, none, 2), 0).fill(0);
  CHECK(values(a) == std::vector<double>{0, -1, 0, 3, -1, 3});
}
