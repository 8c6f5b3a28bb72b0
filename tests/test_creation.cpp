// Creation functions: zeros/ones/full/empty, *_like, arange, linspace, logspace, geomspace,
// eye, identity, tri, indices.
// Expected values are NumPy 1.24's (the Python expression is given next to each); floating
// results are compared bit for bit, written as hex literals.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

using namespace tensr;

namespace {

template <class T>
std::vector<T> values(const Tensor<T, 1>& a) {
  return std::vector<T>(a.data(), a.data() + a.size());
}
template <class T>
std::vector<T> list(std::initializer_list<T> v) {
  return v;
}
/// The elements of a new (row-major) tensor in order.
template <class T, std::size_t R>
std::vector<T> flat(const Tensor<T, R>& a) {
  return std::vector<T>(a.data(), a.data() + a.size());
}

}  // namespace

TEST_CASE("zeros, ones, full, empty: element type, rank from the braced shape, values") {
  auto z = zeros<float>({2, 3});
  static_assert(std::is_same_v<decltype(z), Tensor<float, 2>>);
  CHECK(z.shape() == shape_t<2>{2, 3});
  CHECK(z(1, 2) == 0.0f);

  auto zd = zeros({4});  // np.zeros(4): float64
  static_assert(std::is_same_v<decltype(zd), Tensor<double, 1>>);
  CHECK(zd.size() == 4);

  auto o = ones<int>(shape_t<3>{2, 1, 2});  // the shape_t form
  static_assert(std::is_same_v<decltype(o), Tensor<int, 3>>);
  CHECK(o(1, 0, 1) == 1);
  CHECK(o.size() == 4);

  auto s = ones<float>(shape_t<0>{});  // rank 0: one element
  static_assert(decltype(s)::rank == 0);
  CHECK(s.item() == 1.0f);

  auto f = full({2, 2}, 1.5f);  // element type from the value
  static_assert(std::is_same_v<decltype(f), Tensor<float, 2>>);
  CHECK(f(1, 1) == 1.5f);
  auto fi = full({3}, 7);
  static_assert(std::is_same_v<decltype(fi), Tensor<int, 1>>);
  CHECK(values(fi) == list({7, 7, 7}));
  auto fd = full<double>({2}, 1);  // explicit element type
  static_assert(std::is_same_v<decltype(fd), Tensor<double, 1>>);
  CHECK(fd(1) == 1.0);
  auto fb = full({2}, true);
  static_assert(std::is_same_v<decltype(fb), Tensor<bool, 1>>);
  CHECK(fb(0));

  auto e = empty<std::int16_t>({3, 0, 2});  // zero-size axes are fine
  static_assert(std::is_same_v<decltype(e), Tensor<std::int16_t, 3>>);
  CHECK(e.shape() == shape_t<3>{3, 0, 2});
  CHECK(e.empty());
  CHECK(empty({5}).size() == 5);
}

TEST_CASE("negative sizes are shape_errors naming the shape") {
  CHECK_THROWS_AS(zeros({2, -2}), shape_error);
  CHECK_THROWS_WITH_AS(ones<float>({2, -2}), doctest::Contains("(2,-2)"), shape_error);
  CHECK_THROWS_AS(full({-1}, 1.0), shape_error);
  CHECK_THROWS_AS(empty<int>({-3}), shape_error);
  CHECK_THROWS_WITH_AS(eye(-1), doctest::Contains("(-1,-1)"), shape_error);
}

TEST_CASE("*_like: shape and element type of a tensor, a view or a temporary") {
  const Tensor<float, 2> a({2, 3}, 4.0f);
  auto z = zeros_like(a);
  static_assert(std::is_same_v<decltype(z), Tensor<float, 2>>);
  CHECK(z.shape() == a.shape());
  CHECK(z(1, 2) == 0.0f);

  auto o = ones_like(a.t());  // a view: its own (transposed) shape
  static_assert(std::is_same_v<decltype(o), Tensor<float, 2>>);
  CHECK(o.shape() == shape_t<2>{3, 2});
  CHECK(o(2, 1) == 1.0f);

  auto t = zeros_like(ones<int>({4}));  // a temporary
  static_assert(std::is_same_v<decltype(t), Tensor<int, 1>>);
  CHECK(values(t) == list({0, 0, 0, 0}));

  // np.full_like(np.arange(3), 2.5) -> array([2, 2, 2]): the value takes a's type.
  auto fl = full_like(arange(3), 2.5);
  static_assert(std::is_same_v<decltype(fl), Tensor<int, 1>>);
  CHECK(values(fl) == list({2, 2, 2}));
  auto fl2 = full_like<double>(arange(3), 2.5);  // np.full_like(..., dtype=float)
  CHECK(values(fl2) == list({2.5, 2.5, 2.5}));

  auto e = empty_like(a);
  static_assert(std::is_same_v<decltype(e), Tensor<float, 2>>);
  CHECK(e.shape() == a.shape());
  auto eb = empty_like<bool>(a);
  static_assert(std::is_same_v<decltype(eb), Tensor<bool, 2>>);

  const Tensor<double, 0> scalar(3.0);
  CHECK(ones_like(scalar).item() == 1.0);
}

TEST_CASE("arange on integers: NumPy's values, exact at the limits of the type") {
  auto a = arange(5);  // np.arange(5)
  static_assert(std::is_same_v<decltype(a), Tensor<int, 1>>);
  CHECK(values(a) == list({0, 1, 2, 3, 4}));
  CHECK(values(arange(-3, 3)) == list({-3, -2, -1, 0, 1, 2}));  // np.arange(-3, 3)
  CHECK(values(arange(5, 0, -2)) == list({5, 3, 1}));           // np.arange(5, 0, -2)
  CHECK(values(arange(0, 10, 3)) == list({0, 3, 6, 9}));        // np.arange(0, 10, 3)
  CHECK(values(arange(0, 9, 3)) == list({0, 3, 6}));
  CHECK(arange(3, 1).size() == 0);  // np.arange(3, 1): empty
  CHECK(arange(1, 3, -1).size() == 0);
  CHECK(arange(0).size() == 0);
  CHECK(arange(-4).size() == 0);

  // Element types: common_type of the arguments, or the explicit one.
  static_assert(
      std::is_same_v<decltype(arange(std::int8_t{0}, std::int8_t{4})), Tensor<std::int8_t, 1>>);
  static_assert(std::is_same_v<decltype(arange(0, 4, 1L)), Tensor<long, 1>>);
  static_assert(std::is_same_v<decltype(arange(0, 1.0f)), Tensor<float, 1>>);
  static_assert(std::is_same_v<decltype(arange<double>(3)), Tensor<double, 1>>);
  CHECK(values(arange<double>(3)) == list({0.0, 1.0, 2.0}));

  // Unsigned types still count down when the step is negative.
  CHECK(values(arange(5u, 0u, -2)) == list({5u, 3u, 1u}));
  // The whole range of a small type, and the ends of int64, without overflow.
  const auto u8 = arange(std::uint8_t{250}, std::uint8_t{255});
  CHECK(values(u8) == list<std::uint8_t>({250, 251, 252, 253, 254}));
  constexpr std::int64_t lo = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t hi = std::numeric_limits<std::int64_t>::max();
  CHECK(values(arange(lo, lo + 3)) == list({lo, lo + 1, lo + 2}));
  CHECK(values(arange(hi, hi - 5, std::int64_t{-2})) == list({hi, hi - 2, hi - 4}));
  CHECK(values(arange(lo, hi, hi)) == list({lo, std::int64_t{-1}, hi - 1}));
  CHECK(values(arange(hi - 1, lo, lo)) == list({hi - 1, std::int64_t{-2}}));

  // Arguments are converted to the element type first: step 2.5 becomes 2.
  CHECK(values(arange<int>(0, 10, 2.5)) == list({0, 2, 4, 6, 8}));
}

TEST_CASE("arange on floating types: NumPy's length and values, bit for bit") {
  // np.arange(0, 1, 0.3) -> [0, 0.3, 0.6, 0.9]
  auto a = arange(0, 1, 0.3);
  static_assert(std::is_same_v<decltype(a), Tensor<double, 1>>);
  CHECK(values(a) == list({0.0, 0x1.3333333333333p-2, 0x1.3333333333333p-1, 0x1.cccccccccccccp-1}));

  // np.arange(0.1, 1, 0.3): NumPy steps by (0.1 + 0.3) - 0.1, so the last value is
  // 0x1.6666666666667p-1, not 0.1 + 2 * 0.3 = 0x1.6666666666666p-1.
  CHECK(values(arange(0.1, 1, 0.3)) ==
        list({0x1.999999999999ap-4, 0x1.999999999999ap-2, 0x1.6666666666667p-1}));

  // np.arange(-1, 1, 0.1)
  CHECK(values(arange(-1, 1, 0.1)) ==
        list({-0x1.0000000000000p+0, -0x1.ccccccccccccdp-1,  -0x1.999999999999ap-1,
              -0x1.6666666666667p-1, -0x1.3333333333334p-1,  -0x1.0000000000001p-1,
              -0x1.999999999999cp-2, -0x1.3333333333336p-2,  -0x1.99999999999a0p-3,
              -0x1.99999999999a8p-4, -0x1.0000000000000p-52, 0x1.9999999999980p-4,
              0x1.9999999999990p-3,  0x1.3333333333330p-2,   0x1.9999999999994p-2,
              0x1.ffffffffffff8p-2,  0x1.3333333333330p-1,   0x1.6666666666664p-1,
              0x1.9999999999996p-1,  0x1.cccccccccccc8p-1}));

  // np.arange(10, 0.5, -1.5)
  CHECK(values(arange(10, 0.5, -1.5)) == list({10.0, 8.5, 7.0, 5.5, 4.0, 2.5, 1.0}));

  // np.arange(0, 1, 0.1, dtype=np.float32): values computed in float
  auto f = arange<float>(0, 1, 0.1);
  static_assert(std::is_same_v<decltype(f), Tensor<float, 1>>);
  CHECK(values(f) ==
        list({0.0f, 0x1.99999ap-4f, 0x1.99999ap-3f, 0x1.333334p-2f, 0x1.99999ap-2f, 0x1.0p-1f,
              0x1.333334p-1f, 0x1.666666p-1f, 0x1.99999ap-1f, 0x1.cccccep-1f}));

  CHECK(arange(1.0, 1.0).size() == 0);
  CHECK(arange(0.0, -1.0, 0.5).size() == 0);
}

TEST_CASE("arange errors") {
  CHECK_THROWS_WITH_AS(arange(0, 5, 0), doctest::Contains("step"), shape_error);
  CHECK_THROWS_AS(arange(0.0, 1.0, 0.0), shape_error);
  CHECK_THROWS_AS(arange<int>(0, 5, 0.5), shape_error);  // the step converts to 0
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(arange(0.0, inf), doctest::Contains("Maximum allowed size"), shape_error);
  CHECK_THROWS_AS(arange(0.0, nan), shape_error);
  CHECK_THROWS_AS(arange(0.0, 1.0, nan), shape_error);
  // 2^64 - 1 elements do not fit index_t; 2^63 - 1 int64s do not fit memory.
  CHECK_THROWS_AS(
      arange(std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()),
      shape_error);
  CHECK_THROWS_AS(arange(std::numeric_limits<std::int64_t>::max()), shape_error);
}

TEST_CASE("linspace: NumPy's values, bit for bit") {
  auto a = linspace(0, 1, 5);  // np.linspace(0, 1, 5)
  static_assert(std::is_same_v<decltype(a), Tensor<double, 1>>);
  CHECK(values(a) == list({0.0, 0.25, 0.5, 0.75, 1.0}));

  // np.linspace(-1, 1, 7)
  CHECK(values(linspace(-1, 1, 7)) ==
        list({-0x1.0000000000000p+0, -0x1.5555555555556p-1, -0x1.5555555555556p-2, 0.0,
              0x1.5555555555554p-2, 0x1.5555555555554p-1, 0x1.0000000000000p+0}));
  // np.linspace(2, 3, 4)
  CHECK(values(linspace(2, 3, 4)) ==
        list({2.0, 0x1.2aaaaaaaaaaabp+1, 0x1.5555555555555p+1, 0x1.8p+1}));
  // np.linspace(0, 0.3, 4): the last value is exactly stop (3 * 0.1 would not be)
  CHECK(values(linspace(0, 0.3, 4)) ==
        list({0.0, 0x1.9999999999999p-4, 0x1.9999999999999p-3, 0.3}));
  // np.linspace(0, 1, 10, endpoint=False)
  CHECK(values(linspace(0, 1, 10, false)) ==
        list({0.0, 0x1.999999999999ap-4, 0x1.999999999999ap-3, 0x1.3333333333334p-2,
              0x1.999999999999ap-2, 0x1.0p-1, 0x1.3333333333334p-1, 0x1.6666666666667p-1,
              0x1.999999999999ap-1, 0x1.ccccccccccccdp-1}));
  // np.linspace(0, 1, 7, dtype=np.float32): computed in double, then rounded
  auto f = linspace<float>(0, 1, 7);
  static_assert(std::is_same_v<decltype(f), Tensor<float, 1>>);
  CHECK(values(f) == list({0.0f, 0x1.555556p-3f, 0x1.555556p-2f, 0x1.0p-1f, 0x1.555556p-1f,
                           0x1.aaaaaap-1f, 1.0f}));
  // Integer types are floored: np.linspace(-1.5, 1.5, 4, dtype=int) -> [-2, -1, 0, 1]
  auto i = linspace<int>(-1.5, 1.5, 4);
  static_assert(std::is_same_v<decltype(i), Tensor<int, 1>>);
  CHECK(values(i) == list({-2, -1, 0, 1}));
  CHECK(values(linspace<int>(0, 10, 4)) == list({0, 3, 6, 10}));

  CHECK(linspace(0, 1).size() == 50);               // NumPy's default num
  CHECK(values(linspace(0, 1, 1)) == list({0.0}));  // [start]
  CHECK(values(linspace(0, 1, 1, false)) == list({0.0}));
  CHECK(linspace(0, 1, 0).size() == 0);
  CHECK(values(linspace(5, 5, 3)) == list({5.0, 5.0, 5.0}));  // zero step
  CHECK(values(linspace(1, 0, 3)) == list({1.0, 0.5, 0.0}));  // decreasing
  CHECK_THROWS_WITH_AS(linspace(0, 1, -1), doctest::Contains("-1"), shape_error);
}

TEST_CASE("eye: NumPy's np.eye(n, m, k)") {
  auto e = eye(3, 4, 1);  // np.eye(3, 4, k=1)
  static_assert(std::is_same_v<decltype(e), Tensor<double, 2>>);
  REQUIRE(e.shape() == shape_t<2>{3, 4});
  const double want[3][4] = {{0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
  for (index_t r = 0; r < 3; ++r)
    for (index_t c = 0; c < 4; ++c) CHECK(e(r, c) == want[r][c]);

  auto l = eye<int>(3, -1, -1);  // np.eye(3, k=-1, dtype=int)
  static_assert(std::is_same_v<decltype(l), Tensor<int, 2>>);
  const int want_l[3][3] = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
  for (index_t r = 0; r < 3; ++r)
    for (index_t c = 0; c < 3; ++c) CHECK(l(r, c) == want_l[r][c]);

  auto i2 = eye<float>(2);
  CHECK((i2(0, 0) == 1.0f && i2(0, 1) == 0.0f && i2(1, 0) == 0.0f && i2(1, 1) == 1.0f));
  auto tall = eye(4, 2, -2);  // np.eye(4, 2, k=-2): ones at (2, 0) and (3, 1)
  CHECK((tall(2, 0) == 1.0 && tall(3, 1) == 1.0 && tall(0, 0) == 0.0 && tall(1, 1) == 0.0));

  // Diagonals outside the matrix give zeros, whatever the size of k.
  for (const index_t k : {index_t{5}, index_t{-3}, std::numeric_limits<index_t>::max(),
                          std::numeric_limits<index_t>::min()}) {
    auto z = eye(3, 3, k);
    double sum = 0;
    for (index_t r = 0; r < 3; ++r)
      for (index_t c = 0; c < 3; ++c) sum += z(r, c);
    CHECK(sum == 0.0);
  }
  CHECK(eye(0).shape() == shape_t<2>{0, 0});
  CHECK_THROWS_AS(eye(2, -3), shape_error);
}

TEST_CASE("identity and tri: NumPy's np.identity(n), np.tri(N, M, k)") {
  auto i3 = identity<int>(3);  // np.identity(3, dtype=int)
  static_assert(std::is_same_v<decltype(i3), Tensor<int, 2>>);
  CHECK(i3.shape() == shape_t<2>{3, 3});
  CHECK(flat(i3) == list({1, 0, 0, 0, 1, 0, 0, 0, 1}));
  static_assert(std::is_same_v<decltype(identity(2)), Tensor<double, 2>>);
  CHECK(identity(0).shape() == shape_t<2>{0, 0});  // np.identity(0)

  auto t = tri(3);  // np.tri(3)
  static_assert(std::is_same_v<decltype(t), Tensor<double, 2>>);
  CHECK(flat(t) == list({1., 0., 0., 1., 1., 0., 1., 1., 1.}));
  auto wide = tri<int>(2, 4, 1);  // np.tri(2, 4, 1, dtype=int)
  REQUIRE(wide.shape() == shape_t<2>{2, 4});
  CHECK(flat(wide) == list({1, 1, 0, 0, 1, 1, 1, 0}));
  auto tall = tri<float>(3, 2, -1);  // np.tri(3, 2, -1, dtype=np.float32)
  REQUIRE(tall.shape() == shape_t<2>{3, 2});
  CHECK(flat(tall) == list({0.f, 0.f, 1.f, 0.f, 1.f, 1.f}));
  CHECK(flat(tri<int>(2, 3, 5)) == list({1, 1, 1, 1, 1, 1}));   // np.tri(2, 3, 5): all ones
  CHECK(flat(tri<int>(2, 3, -5)) == list({0, 0, 0, 0, 0, 0}));  // np.tri(2, 3, -5): zeros
  CHECK(flat(tri<int>(2, 2, std::numeric_limits<index_t>::min())) == list({0, 0, 0, 0}));
  CHECK(flat(tri<int>(2, 2, std::numeric_limits<index_t>::max())) == list({1, 1, 1, 1}));
  CHECK(tri(0).shape() == shape_t<2>{0, 0});     // np.tri(0)
  CHECK(tri(2, 0).shape() == shape_t<2>{2, 0});  // np.tri(2, 0)
  CHECK_THROWS_AS(tri(-2), shape_error);         // negative dimensions are not allowed
}

TEST_CASE("logspace: base ** linspace(start, stop)") {
  auto a = logspace(0.0, 3.0, 4);  // np.logspace(0, 3, 4)
  static_assert(std::is_same_v<decltype(a), Tensor<double, 1>>);
  CHECK(values(a) == list({1., 10., 100., 1000.}));
  CHECK(logspace(0.0, 1.0).size() == 50);  // np.logspace(0, 1): num=50
  // np.logspace(0, 4, 5, base=2)
  CHECK(values(logspace(0.0, 4.0, 5, true, 2.0)) == list({1., 2., 4., 8., 16.}));
  // np.logspace(0, 4, 4, endpoint=False, base=2)
  CHECK(values(logspace(0.0, 4.0, 4, false, 2.0)) == list({1., 2., 4., 8.}));
  // np.logspace(-2, 0, 3, base=2)
  CHECK(values(logspace(-2.0, 0.0, 3, true, 2.0)) == list({0.25, 0.5, 1.}));
  CHECK(values(logspace(2.0, 0.0, 3)) == list({100., 10., 1.}));  // np.logspace(2, 0, 3)
  auto h = logspace(0.0, 1.0, 3);  // np.logspace(0, 1, 3): [1, sqrt(10), 10]
  CHECK(h(0) == 1.0);
  CHECK(h(1) == doctest::Approx(3.1622776601683795).epsilon(1e-15));
  CHECK(h(2) == 10.0);
  auto f = logspace<float>(0.0, 2.0, 3);  // np.logspace(0, 2, 3, dtype=np.float32)
  static_assert(std::is_same_v<decltype(f), Tensor<float, 1>>);
  CHECK(values(f) == list({1.f, 10.f, 100.f}));
  // np.logspace(0, 1, 3, dtype=int): astype truncates 3.16... to 3
  CHECK(values(logspace<int>(0.0, 1.0, 3)) == list({1, 3, 10}));
  CHECK(values(logspace(2.0, 5.0, 1)) == list({100.}));  // np.logspace(2, 5, 1)
  CHECK(logspace(0.0, 1.0, 0).size() == 0);              // np.logspace(0, 1, 0)
  CHECK_THROWS_AS(logspace(0.0, 1.0, -1), shape_error);  // Number of samples, -1, ...
}

TEST_CASE("geomspace: geometric progressions with exact endpoints") {
  auto a = geomspace(1.0, 1000.0, 4);  // np.geomspace(1, 1000, 4)
  static_assert(std::is_same_v<decltype(a), Tensor<double, 1>>);
  CHECK(values(a) == list({1., 10., 100., 1000.}));
  // np.geomspace(-1000, -1, 4): both negative gives negative values
  CHECK(values(geomspace(-1000.0, -1.0, 4)) == list({-1000., -100., -10., -1.}));
  // np.geomspace(1, 1000, 3, endpoint=False)
  CHECK(values(geomspace(1.0, 1000.0, 3, false)) == list({1., 10., 100.}));
  // np.geomspace(2, 32, 5): [2, 4, 8, 16, 32], the endpoints exactly start and stop
  auto g = geomspace(2.0, 32.0, 5);
  CHECK(g(0) == 2.0);
  CHECK(g(1) == doctest::Approx(4.0).epsilon(1e-15));
  CHECK(g(2) == doctest::Approx(8.0).epsilon(1e-15));
  CHECK(g(3) == doctest::Approx(16.0).epsilon(1e-15));
  CHECK(g(4) == 32.0);
  // np.geomspace(-3, -0.003, 2): the negative endpoints exactly
  CHECK(values(geomspace(-3.0, -0.003, 2)) == list({-3.0, -0.003}));
  // np.geomspace(-1, 100, 3): opposite signs give nan between the endpoints
  auto m = geomspace(-1.0, 100.0, 3);
  CHECK(m(0) == -1.0);
  CHECK(std::isnan(m(1)));
  CHECK(m(2) == 100.0);
  // np.geomspace(1, 1000, 4, dtype=np.float32), ... dtype=int
  auto f = geomspace<float>(1.0, 1000.0, 4);
  static_assert(std::is_same_v<decltype(f), Tensor<float, 1>>);
  CHECK(values(f) == list({1.f, 10.f, 100.f, 1000.f}));
  CHECK(values(geomspace<int>(-1.0, -1000.0, 4)) == list({-1, -10, -100, -1000}));
  CHECK(values(geomspace(5.0, 50.0, 1)) == list({5.}));  // np.geomspace(5, 50, 1)
  CHECK(geomspace(5.0, 50.0, 0).size() == 0);            // np.geomspace(5, 50, 0)
  CHECK(geomspace(5.0, 50.0).size() == 50);              // num=50
  // np.geomspace(0, 10), np.geomspace(1, 0), np.geomspace(-0.0, -1): ValueError
  CHECK_THROWS_WITH_AS(geomspace(0.0, 10.0),
                       doctest::Contains("Geometric sequence cannot include zero"), shape_error);
  CHECK_THROWS_AS(geomspace(1.0, 0.0), shape_error);
  CHECK_THROWS_AS(geomspace<float>(-0.0, -1.0), shape_error);
}

TEST_CASE("indices: NumPy's dense np.indices(shape)") {
  auto i = indices({2, 3});  // np.indices((2, 3))
  static_assert(std::is_same_v<decltype(i), Tensor<index_t, 3>>);
  REQUIRE(i.shape() == shape_t<3>{2, 2, 3});
  // [[[0, 0, 0], [1, 1, 1]], [[0, 1, 2], [0, 1, 2]]]
  CHECK(flat(i) == list<index_t>({0, 0, 0, 1, 1, 1, 0, 1, 2, 0, 1, 2}));
  auto c = indices(shape_t<3>{2, 2, 2});  // np.indices((2, 2, 2))
  REQUIRE(c.shape() == shape_t<4>{3, 2, 2, 2});
  CHECK(flat(c) ==
        list<index_t>({0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1}));
  auto one = indices({3});  // np.indices((3,)): [[0, 1, 2]]
  REQUIRE(one.shape() == shape_t<2>{1, 3});
  CHECK(flat(one) == list<index_t>({0, 1, 2}));
  CHECK(indices({2, 0}).shape() == shape_t<3>{2, 2, 0});  // np.indices((2, 0))
  CHECK(indices(shape_t<0>{}).shape() == shape_t<1>{0});  // np.indices(()): shape (0,)
  CHECK_THROWS_AS(indices({2, -1}), shape_error);         // negative dimensions are not allowed
}
