// Out-parameter forms of the reductions (SPEC 5: the destination is the last argument, its
// shape is checked): several axes at once, mean, var, std, logsumexp, softmax, log_softmax
// and cumsum, in place and overlapping. Expected values: tests/data/gen_reduce_out.py.
#include "test_ops_common.hpp"

#include <cmath>
#include <cstdint>
#include <initializer_list>

using namespace tensr;
using ops_test::ar;
using ops_test::check_values;

namespace {
/// y = (x * x) % 7 - 3 for x = arange(24).reshape(2, 3, 4), exact in double.
Tensor<double, 3> input() { return remainder(square(ar<3>({2, 3, 4})), 7.0) - 3.0; }

/// t == values to 1e-13 relative (transcendental functions: libm versions differ in the last
/// bits).
template <class T, std::size_t R>
void check_close(const Tensor<T, R>& t, const shape_t<R>& shape,
                 std::initializer_list<double> values) {
  REQUIRE(t.shape() == shape);
  const T* p = t.data();
  for (double v : values) CHECK(static_cast<double>(*p++) == doctest::Approx(v).epsilon(1e-13));
}
}  // namespace

TEST_CASE("input as NumPy's") {
  const auto y = input();
  check_values(y, {2, 3, 4},
               {-3.0, -2.0, 1.0,  -1.0, -1.0, 1.0,  -2.0, -3.0, -2.0, 1.0,  -1.0, -1.0,
                1.0,  -2.0, -3.0, -2.0, 1.0,  -1.0, -1.0, 1.0,  -2.0, -3.0, -2.0, 1.0});
}

TEST_CASE("several axes into out") {
  const auto y = input();
  Tensor<double, 1> o3({3}), o2({2}), o4({4});
  sum(y, {0, 2}, o3);
  check_values(o3, {3}, {-11.0, -5.0, -9.0});
  sum(y, {2, 0}, o3);  // any order
  check_values(o3, {3}, {-11.0, -5.0, -9.0});
  prod(y, {1, 2}, o2);
  check_values(o2, {2}, {-72.0, 144.0});
  max(y, {0, 1}, o4);
  check_values(o4, {4}, {1.0, 1.0, 1.0, 1.0});
  Tensor<bool, 1> b3({3}), b2({2});
  all_of(y > -3.0, {0, 2}, b3);
  check_values(b3, {3}, {false, false, false});
  any(y > 0.0, {-1, 1}, b2);
  check_values(b2, {2}, {true, true});
  mean(y, {0, 2}, o3);
  check_values(o3, {3}, {-1.375, -0.625, -1.125});
  Tensor<float, 1> f3({3});  // converted
  mean(y, {0, 2}, f3);
  check_values(f3, {3}, {-1.375f, -0.625f, -1.125f});
  // A strided destination: every other element of a longer tensor.
  Tensor<double, 1> wide({6}, 7.0);
  sum(y, {0, 2}, wide(range(0, 6, 2)));
  check_values(wide, {6}, {-11.0, 7.0, -5.0, 7.0, -9.0, 7.0});
  CHECK_THROWS_WITH_AS(sum(y, {0, 2}, o2), "output of a reduction has shape (2,), expected (3,)",
                       shape_error);
  CHECK_THROWS_WITH_AS(mean(y, {0, 1}, o3), "output of a reduction has shape (3,), expected (4,)",
                       shape_error);
}

TEST_CASE("mean, var, std into out") {
  const auto y = input();
  Tensor<double, 2> o24({2, 4}), o23({2, 3}), o34({3, 4});
  mean(y, 1, o24);
  check_values(o24, {2, 4},
               {-2.0, 0.0, -0.6666666666666666, -1.6666666666666667, 0.0, -2.0, -2.0, 0.0});
  Tensor<double, 1> m3({3});
  mean(Tensor<int, 2>{{0, 1, 2}, {3, 4, 5}}, 0, m3);
  check_values(m3, {3}, {1.5, 2.5, 3.5});
  var(y, 1, o24);
  check_close(o24, {2, 4},
              {0.6666666666666666, 2.0, 1.5555555555555554, 0.888888888888889, 2.0,
               0.6666666666666666, 0.6666666666666666, 2.0});
  var(y, -1, ddof(1), o23);
  check_close(
      o23, {2, 3},
      {2.9166666666666665, 2.9166666666666665, 1.5833333333333333, 3.0, 1.3333333333333333, 3.0});
  tensr::std(y, 0, o34);
  check_close(o34, {3, 4}, {2.0, 0.0, 2.0, 0.5, 1.0, 1.0, 0.5, 2.0, 0.0, 2.0, 0.5, 1.0});
  tensr::std(y, 0, ddof(1), o34);
  check_close(o34, {3, 4},
              {2.8284271247461903, 0.0, 2.8284271247461903, 0.7071067811865476, 1.4142135623730951,
               1.4142135623730951, 0.7071067811865476, 2.8284271247461903, 0.0, 2.8284271247461903,
               0.7071067811865476, 1.4142135623730951});
  CHECK_THROWS_WITH_AS(var(y, 1, o23), "output of a reduction has shape (2,3), expected (2,4)",
                       shape_error);
  CHECK_THROWS_WITH_AS(mean(y, 0, o24), "output of a reduction has shape (2,4), expected (3,4)",
                       shape_error);
}

TEST_CASE("logsumexp, softmax, log_softmax into out, and in place") {
  const auto y = input();
  Tensor<double, 2> o24({2, 4});
  logsumexp(y, 1, o24);
  check_close(o24, {2, 4},
              {-0.5923940355556198, 1.7177359186667025, 1.1698460195562854, -0.24137632432048672,
               1.7177359186667025, -0.5923940355556198, -0.5923940355556198, 1.7177359186667025});
  Tensor<double, 3> o({2, 3, 4});
  softmax(y, 2, o);
  check_close(o, {2, 3, 4},
              {0.01521942886415593, 0.04137069692096015, 0.8309526605439514,   0.11245721367093255,
               0.11245721367093255, 0.8309526605439514,  0.04137069692096015,  0.01521942886415593,
               0.03770440418094563, 0.757313202343175,   0.10249119673793976,  0.10249119673793976,
               0.8945425763836083,  0.04453665240837586, 0.016384118799640083, 0.04453665240837586,
               0.44039853898894127, 0.05960146101105877, 0.05960146101105877,  0.44039853898894127,
               0.04453665240837585, 0.01638411879964008, 0.04453665240837585,  0.8945425763836081});
  Tensor<double, 3> z = y;
  softmax(z, -1, z);
  check_close(z, {2, 3, 4},
              {0.01521942886415593, 0.04137069692096015, 0.8309526605439514,   0.11245721367093255,
               0.11245721367093255, 0.8309526605439514,  0.04137069692096015,  0.01521942886415593,
               0.03770440418094563, 0.757313202343175,   0.10249119673793976,  0.10249119673793976,
               0.8945425763836083,  0.04453665240837586, 0.016384118799640083, 0.04453665240837586,
               0.44039853898894127, 0.05960146101105877, 0.05960146101105877,  0.44039853898894127,
               0.04453665240837585, 0.01638411879964008, 0.04453665240837585,  0.8945425763836081});
  log_softmax(y, 0, o);
  check_close(
      o, {2, 3, 4},
      {-4.0181499279178094,   -0.6931471805599453,   -0.018149927917809776, -0.3132616875182228,
       -2.1269280110429722,   -0.1269280110429724,   -1.3132616875182228,   -4.0181499279178094,
       -0.6931471805599453,   -0.018149927917809776, -0.3132616875182228,   -2.1269280110429722,
       -0.018149927917809776, -0.6931471805599453,   -4.0181499279178094,   -1.3132616875182228,
       -0.1269280110429724,   -2.1269280110429722,   -0.3132616875182228,   -0.018149927917809776,
       -0.6931471805599453,   -4.0181499279178094,   -1.3132616875182228,   -0.1269280110429724});
  z = y;
  log_softmax(z, 2, z);  // in place: the input is read twice, so it is copied first
  check_close(
      z, {2, 3, 4},
      {-4.185182452603812,   -3.1851824526038124,  -0.18518245260381241, -2.1851824526038124,
       -2.1851824526038124,  -0.18518245260381241, -3.1851824526038124,  -4.185182452603812,
       -3.2779783695755578,  -0.2779783695755579,  -2.2779783695755578,  -2.2779783695755578,
       -0.11144277919673291, -3.1114427791967327,  -4.111442779196733,   -3.1114427791967327,
       -0.8200751916029176,  -2.8200751916029176,  -2.8200751916029176,  -0.8200751916029176,
       -3.111442779196733,   -4.111442779196733,   -3.111442779196733,   -0.11144277919673312});
  Tensor<double, 3> bad({2, 3, 3});
  CHECK_THROWS_WITH_AS(softmax(y, 2, bad), "output of softmax has shape (2,3,3), expected (2,3,4)",
                       shape_error);
  CHECK_THROWS_WITH_AS(log_softmax(y, 2, bad),
                       "output of log_softmax has shape (2,3,3), expected (2,3,4)", shape_error);
  CHECK_THROWS_WITH_AS(logsumexp(y, 0, o24),
                       "output of a reduction has shape (2,4), expected (3,4)", shape_error);
}

TEST_CASE("cumsum into out, in place and overlapping") {
  const auto y = input();
  Tensor<double, 3> o({2, 3, 4});
  cumsum(y, 1, o);
  check_values(o, {2, 3, 4},
               {-3.0, -2.0, 1.0,  -1.0, -4.0, -1.0, -1.0, -4.0, -6.0, 0.0,  -2.0, -5.0,
                1.0,  -2.0, -3.0, -2.0, 2.0,  -3.0, -4.0, -1.0, 0.0,  -6.0, -6.0, 0.0});
  cumsum(y, 2, o);
  check_values(o, {2, 3, 4},
               {-3.0, -5.0, -4.0, -5.0, -1.0, 0.0, -2.0, -5.0, -2.0, -1.0, -2.0, -3.0,
                1.0,  -1.0, -4.0, -6.0, 1.0,  0.0, -1.0, 0.0,  -2.0, -5.0, -7.0, -6.0});
  Tensor<double, 3> z = y;
  cumsum(z, 1, z);
  check_values(z, {2, 3, 4},
               {-3.0, -2.0, 1.0,  -1.0, -4.0, -1.0, -1.0, -4.0, -6.0, 0.0,  -2.0, -5.0,
                1.0,  -2.0, -3.0, -2.0, 2.0,  -3.0, -4.0, -1.0, 0.0,  -6.0, -6.0, 0.0});
  z = y;
  cumsum(z, 0, z.flip(0));  // overlapping in another layout: as if the input were copied first
  check_values(z, {2, 3, 4},
               {-2.0, -4.0, -2.0, -3.0, 0.0,  0.0, -3.0, -2.0, -4.0, -2.0, -3.0, 0.0,
                -3.0, -2.0, 1.0,  -1.0, -1.0, 1.0, -2.0, -3.0, -2.0, 1.0,  -1.0, -1.0});
  Tensor<double, 2> d({2, 3});  // int64 sums converted to double
  cumsum(Tensor<int, 2>{{1, 2, 3}, {4, 5, 6}}, 0, d);
  check_values(d, {2, 3}, {1.0, 2.0, 3.0, 5.0, 7.0, 9.0});
  Tensor<double, 3> bad({2, 4, 3});
  CHECK_THROWS_WITH_AS(cumsum(y, 1, bad), "output of cumsum has shape (2,4,3), expected (2,3,4)",
                       shape_error);
}
