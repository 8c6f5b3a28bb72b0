// tril, triu, diag, diagflat, meshgrid. Expected values are NumPy 1.24's (the call is given
// beside each).
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <array>
#include <cstddef>
#include <initializer_list>
#include <type_traits>
#include <vector>

using namespace tensr;

namespace {

/// The elements of a new (row-major) tensor in order.
template <class T, std::size_t R>
std::vector<T> flat(const Tensor<T, R>& a) {
  return std::vector<T>(a.data(), a.data() + a.size());
}
template <class T>
std::vector<T> list(std::initializer_list<T> v) {
  return v;
}

/// np.arange(1, 13).reshape(3, 4)
Tensor<int, 2> a34() { return Tensor<int, 2>{{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}}; }

}  // namespace

TEST_CASE("tril and triu: k above, below and beyond a non-square matrix") {
  const auto a = a34();
  auto l = tril(a);  // np.tril(a)
  static_assert(std::is_same_v<decltype(l), Tensor<int, 2>>);
  REQUIRE(l.shape() == shape_t<2>{3, 4});
  CHECK(flat(l) == list({1, 0, 0, 0, 5, 6, 0, 0, 9, 10, 11, 0}));
  CHECK(flat(tril(a, 1)) == list({1, 2, 0, 0, 5, 6, 7, 0, 9, 10, 11, 12}));   // np.tril(a, 1)
  CHECK(flat(tril(a, -1)) == list({0, 0, 0, 0, 5, 0, 0, 0, 9, 10, 0, 0}));    // np.tril(a, -1)
  CHECK(flat(tril(a, 10)) == flat(a));                                        // np.tril(a, 10)
  CHECK(flat(tril(a, -10)) == list({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));    // np.tril(a, -10)
  CHECK(flat(triu(a)) == list({1, 2, 3, 4, 0, 6, 7, 8, 0, 0, 11, 12}));       // np.triu(a)
  CHECK(flat(triu(a, 1)) == list({0, 2, 3, 4, 0, 0, 7, 8, 0, 0, 0, 12}));     // np.triu(a, 1)
  CHECK(flat(triu(a, -1)) == list({1, 2, 3, 4, 5, 6, 7, 8, 0, 10, 11, 12}));  // np.triu(a, -1)
  CHECK(flat(triu(a, -2)) == flat(a));                                        // np.triu(a, -2)
  CHECK(flat(triu(a, 4)) == list({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));      // np.triu(a, 4)

  // a view: np.tril(a.T), a.T of shape (4, 3)
  auto lt = tril(a.t());
  REQUIRE(lt.shape() == shape_t<2>{4, 3});
  CHECK(flat(lt) == list({1, 0, 0, 2, 6, 0, 3, 7, 11, 4, 8, 12}));

  // a copy, as NumPy's: writing the result leaves a as it was
  l(0, 0) = 100;
  CHECK(a(0, 0) == 1);

  // np.tril(np.float32([[1.5, -2], [3, 4]])), np.triu of the same in float64
  const Tensor<float, 2> f{{1.5f, -2.f}, {3.f, 4.f}};
  static_assert(std::is_same_v<decltype(tril(f)), Tensor<float, 2>>);
  CHECK(flat(tril(f)) == list({1.5f, 0.f, 3.f, 4.f}));
  CHECK(flat(triu(f.astype<double>())) == list({1.5, -2., 0., 4.}));
  const Tensor<bool, 2> b({2, 2}, true);
  CHECK(flat(triu(b)) == list({true, true, false, true}));  // np.triu(np.ones((2, 2), bool))
}

TEST_CASE("tril and triu on the last two axes of a rank-3 tensor; empty inputs") {
  // b = np.arange(8).reshape(2, 2, 2)
  const Tensor<double, 3> b = arange<double>(0, 8).reshape(shape_t<3>{2, 2, 2});
  auto l = tril(b);  // np.tril(b): [[[0, 0], [2, 3]], [[4, 0], [6, 7]]]
  static_assert(std::is_same_v<decltype(l), Tensor<double, 3>>);
  REQUIRE(l.shape() == shape_t<3>{2, 2, 2});
  CHECK(flat(l) == list({0., 0., 2., 3., 4., 0., 6., 7.}));
  CHECK(flat(triu(b)) == list({0., 1., 0., 3., 4., 5., 0., 7.}));      // np.triu(b)
  CHECK(flat(triu(b, 1)) == list({0., 1., 0., 0., 0., 5., 0., 0.}));   // np.triu(b, 1)
  CHECK(flat(tril(b, -1)) == list({0., 0., 2., 0., 0., 0., 6., 0.}));  // np.tril(b, -1)

  CHECK(tril(Tensor<int, 2>({0, 3})).shape() == shape_t<2>{0, 3});  // np.tril(np.zeros((0, 3)))
  CHECK(triu(Tensor<int, 3>({2, 3, 0})).shape() ==
        shape_t<3>{2, 3, 0});  // np.triu(np.zeros((2, 3, 0)))
  CHECK(tril(Tensor<int, 3>({0, 2, 2})).shape() == shape_t<3>{0, 2, 2});
}

TEST_CASE("diag: a 1-D input gives a matrix, a 2-D input its diagonal") {
  const Tensor<int, 1> v{1, 2, 3};
  auto d = diag(v);  // np.diag([1, 2, 3])
  static_assert(std::is_same_v<decltype(d), Tensor<int, 2>>);
  REQUIRE(d.shape() == shape_t<2>{3, 3});
  CHECK(flat(d) == list({1, 0, 0, 0, 2, 0, 0, 0, 3}));
  auto up = diag(v, 1);  // np.diag([1, 2, 3], 1): 4 x 4
  REQUIRE(up.shape() == shape_t<2>{4, 4});
  CHECK(flat(up) == list({0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0}));
  auto down = diag(v, -2);  // np.diag([1, 2, 3], -2): 5 x 5, ones at (2, 0), (3, 1), (4, 2)
  REQUIRE(down.shape() == shape_t<2>{5, 5});
  CHECK(flat(down) == list({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,  //
                            0, 2, 0, 0, 0, 0, 0, 3, 0, 0}));
  CHECK(diag(Tensor<double, 1>({0})).shape() == shape_t<2>{0, 0});         // np.diag(np.zeros(0))
  CHECK(flat(diag(Tensor<double, 1>({0}), 2)) == list({0., 0., 0., 0.}));  // (2, 2) zeros

  // m = np.arange(9).reshape(3, 3)
  const Tensor<int, 2> m{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}};
  auto md = diag(m);  // np.diag(m)
  static_assert(std::is_same_v<decltype(md), Tensor<int, 1>>);
  CHECK(flat(md) == list({0, 4, 8}));
  CHECK(flat(diag(m, 1)) == list({1, 5}));     // np.diag(m, 1)
  CHECK(flat(diag(m, -1)) == list({3, 7}));    // np.diag(m, -1)
  CHECK(flat(diag(m, -2)) == list({6}));       // np.diag(m, -2)
  CHECK(diag(m, 3).shape() == shape_t<1>{0});  // np.diag(m, 3): empty
  CHECK(diag(m, -5).shape() == shape_t<1>{0});
  md(0) = 100;  // a copy (NumPy's is a read-only view)
  CHECK(m(0, 0) == 0);

  const auto a = a34();                          // non-square
  CHECK(flat(diag(a)) == list({1, 6, 11}));      // np.diag(a)
  CHECK(flat(diag(a, 1)) == list({2, 7, 12}));   // np.diag(a, 1)
  CHECK(flat(diag(a, 2)) == list({3, 8}));       // np.diag(a, 2)
  CHECK(flat(diag(a, -2)) == list({9}));         // np.diag(a, -2)
  CHECK(flat(diag(a.t(), 1)) == list({5, 10}));  // np.diag(a.T, 1)
  // a diag round trip on a view: np.diag(np.diag(a[:, 1:3]))
  CHECK(flat(diag(diag(a(all, range(1, 3))))) == list({2, 0, 0, 7}));
}

TEST_CASE("diagflat: the elements of any rank, in row-major order") {
  const Tensor<int, 2> x{{1, 2}, {3, 4}};
  auto d = diagflat(x);  // np.diagflat([[1, 2], [3, 4]])
  static_assert(std::is_same_v<decltype(d), Tensor<int, 2>>);
  REQUIRE(d.shape() == shape_t<2>{4, 4});
  CHECK(flat(d) == list({1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4}));
  // np.diagflat(x.T): ravel of the transpose is [1, 3, 2, 4]
  CHECK(flat(diagflat(x.t())) == list({1, 0, 0, 0, 0, 3, 0, 0, 0, 0, 2, 0, 0, 0, 0, 4}));
  // np.diagflat([1, 2], 1)
  CHECK(flat(diagflat(Tensor<double, 1>{1, 2}, 1)) == list({0., 1., 0., 0., 0., 2., 0., 0., 0.}));
  // np.diagflat([1, 2], -1)
  CHECK(flat(diagflat(Tensor<double, 1>{1, 2}, -1)) == list({0., 0., 0., 1., 0., 0., 0., 2., 0.}));
  CHECK(diagflat(Tensor<float, 3>({2, 0, 3})).shape() == shape_t<2>{0, 0});  // empty
}

TEST_CASE("meshgrid: xy and ij indexing, two and three inputs") {
  const Tensor<int, 1> x{1, 2, 3};
  const Tensor<int, 1> y{4, 5};
  auto [X, Y] = meshgrid(x, y);  // np.meshgrid(x, y): shape (2, 3)
  static_assert(std::is_same_v<decltype(X), Tensor<int, 2>>);
  REQUIRE(X.shape() == shape_t<2>{2, 3});
  REQUIRE(Y.shape() == shape_t<2>{2, 3});
  CHECK(flat(X) == list({1, 2, 3, 1, 2, 3}));
  CHECK(flat(Y) == list({4, 4, 4, 5, 5, 5}));

  auto ij = meshgrid(x, y, "ij");  // np.meshgrid(x, y, indexing='ij'): shape (3, 2)
  static_assert(std::is_same_v<decltype(ij), std::array<Tensor<int, 2>, 2>>);
  REQUIRE(ij[0].shape() == shape_t<2>{3, 2});
  REQUIRE(ij[1].shape() == shape_t<2>{3, 2});
  CHECK(flat(ij[0]) == list({1, 1, 2, 2, 3, 3}));
  CHECK(flat(ij[1]) == list({4, 5, 4, 5, 4, 5}));

  // copies (NumPy's default copy=True): writing one leaves x and the others as they were
  X(0, 0) = 100;
  CHECK(x(0) == 1);
  CHECK(X(1, 0) == 1);

  // mixed element types give the common type: np.meshgrid([1, 2], [0.5])
  auto mixed = meshgrid(Tensor<int, 1>{1, 2}, Tensor<double, 1>{0.5});
  static_assert(std::is_same_v<decltype(mixed), std::array<Tensor<double, 2>, 2>>);
  CHECK(flat(mixed[0]) == list({1., 2.}));
  CHECK(flat(mixed[1]) == list({0.5, 0.5}));

  // views: np.meshgrid(m[0, :], m[:, 1]) with m = [[0, 1], [2, 3], [4, 5]]
  const Tensor<int, 2> m{{0, 1}, {2, 3}, {4, 5}};
  auto [VX, VY] = meshgrid(m(0, all), m(all, 1));
  REQUIRE(VX.shape() == shape_t<2>{3, 2});
  CHECK(flat(VX) == list({0, 1, 0, 1, 0, 1}));
  CHECK(flat(VY) == list({1, 1, 3, 3, 5, 5}));

  // empty: np.meshgrid(np.zeros(0), [4, 5]) has shape (2, 0)
  auto e = meshgrid(Tensor<int, 1>({0}), y);
  CHECK(e[0].shape() == shape_t<2>{2, 0});
  CHECK(e[1].shape() == shape_t<2>{2, 0});

  // np.meshgrid(x, y, indexing='yx'): ValueError
  CHECK_THROWS_WITH_AS(meshgrid(x, y, "yx"),
                       doctest::Contains("Valid values for `indexing` are 'xy' and 'ij'."),
                       shape_error);
}

TEST_CASE("meshgrid of three inputs") {
  const Tensor<int, 1> x{0, 1};
  const Tensor<int, 1> y{10, 20, 30};
  const Tensor<int, 1> z{100, 200, 300, 400};
  auto xy = meshgrid(x, y, z);  // np.meshgrid(x, y, z): shape (3, 2, 4)
  static_assert(std::is_same_v<decltype(xy), std::array<Tensor<int, 3>, 3>>);
  for (const auto& g : xy) REQUIRE(g.shape() == shape_t<3>{3, 2, 4});
  // X[j, i, k] = x[i], Y[j, i, k] = y[j], Z[j, i, k] = z[k]
  CHECK(xy[0](2, 1, 3) == 1);
  CHECK(xy[0](2, 0, 3) == 0);
  CHECK(xy[1](2, 1, 3) == 30);
  CHECK(xy[1](0, 1, 0) == 10);
  CHECK(xy[2](2, 1, 3) == 400);
  CHECK(xy[2](1, 0, 1) == 200);
  // np.meshgrid(x, y, z)[0][0] (rows over x, columns over z)
  CHECK(flat(Tensor<int, 2>(xy[0](0, all, all))) == list({0, 0, 0, 0, 1, 1, 1, 1}));

  auto ij = meshgrid(x, y, z, "ij");  // np.meshgrid(x, y, z, indexing='ij'): shape (2, 3, 4)
  for (const auto& g : ij) REQUIRE(g.shape() == shape_t<3>{2, 3, 4});
  CHECK(ij[0](1, 2, 3) == 1);
  CHECK(ij[1](1, 2, 3) == 30);
  CHECK(ij[2](1, 2, 3) == 400);
  CHECK(ij[1](0, 1, 0) == 20);
  // np.meshgrid(x, y, z, indexing='ij')[1][0]: y down the rows
  CHECK(flat(Tensor<int, 2>(ij[1](0, all, all))) ==
        list({10, 10, 10, 10, 20, 20, 20, 20, 30, 30, 30, 30}));
}
