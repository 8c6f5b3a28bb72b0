// Printing: repr(a) and operator<< match NumPy 1.24's repr() with default options.
// Expected strings from tests/data/gen_print.py (NumPy's repr of the same arrays;
// each case below is named as in the script).
#include <doctest/doctest.h>

#include <tensr/tensr.hpp>

#include <array>
#include <cstddef>
#include <limits>
#include <sstream>
#include <string>

using namespace tensr;

namespace {

/// Both ways of printing give the expected text.
template <class A>
void check_print(const A& a, const std::string& expected) {
  CHECK(repr(a) == expected);
  std::ostringstream os;
  os << a;
  CHECK(os.str() == expected);
}

/// A row-major tensor holding 0, step, 2*step, ... (NumPy's arange(n).reshape(shape) * step).
template <class T, std::size_t R>
Tensor<T, R> arange_shaped(const shape_t<R>& shape, T step = T(1)) {
  Tensor<T, R> a(shape);
  for (index_t i = 0; i < a.size(); ++i) a.data()[i] = static_cast<T>(static_cast<T>(i) * step);
  return a;
}

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
constexpr double k_inf = std::numeric_limits<double>::infinity();

}  // namespace

TEST_CASE("print: float64 and float32") {
  // f64_2d
  check_print(Tensor<double, 2>{{1, 2}, {3, 4}},
              "array([[1., 2.],\n"
              "       [3., 4.]])");
  // f32_2d
  check_print(Tensor<float, 2>{{1, 2}, {3, 4}},
              "array([[1., 2.],\n"
              "       [3., 4.]], dtype=float32)");
  // f32_1d
  check_print(Tensor<float, 1>{1, 2, 3}, "array([1., 2., 3.], dtype=float32)");
  // f64_mixed_widths
  check_print(Tensor<double, 1>{1.5, 2.25, 3.0}, "array([1.5 , 2.25, 3.  ])");
  // f64_negative
  check_print(Tensor<double, 1>{-1.5, 2.0, -3.25, 100.0},
              "array([ -1.5 ,   2.  ,  -3.25, 100.  ])");
  // f64_neg_zero
  check_print(Tensor<double, 1>{-0.0, 0.0, 1.0}, "array([-0.,  0.,  1.])");
  // f64_digits: the ratio 12345.678 / 0.1 > 1e3 switches to scientific notation
  check_print(Tensor<double, 1>{1.0 / 3, 2.0 / 3, 0.1, 12345.678},
              "array([3.33333333e-01, 6.66666667e-01, 1.00000000e-01, 1.23456780e+04])");
  // f64_positional
  check_print(Tensor<double, 1>{1.0 / 3, 2.0 / 3, 12.5},
              "array([ 0.33333333,  0.66666667, 12.5       ])");
  // f64_precision_cut: at most 8 fraction digits
  check_print(Tensor<double, 1>{0.123456789, 3.14159265358979, -2.718281828459045},
              "array([ 0.12345679,  3.14159265, -2.71828183])");
  // f32_large_int: the exact integer digits, not the shortest round-trip ones (73804590)
  check_print(Tensor<float, 1>{73804592.0f, 69642768.0f, 88237528.0f},
              "array([73804592., 69642768., 88237528.], dtype=float32)");
  // f32_tenths: float32's own shortest digits, not those of the widened double
  check_print(Tensor<float, 1>{0.1f, 0.2f, 0.3f}, "array([0.1, 0.2, 0.3], dtype=float32)");
  // f32_digits
  check_print(Tensor<float, 1>{1.0f / 3, 3.14159265358979f, -2.5f},
              "array([ 0.33333334,  3.1415927 , -2.5       ], dtype=float32)");
}

TEST_CASE("print: scientific notation") {
  // f64_sci_small
  check_print(Tensor<double, 1>{1e-5, 1.0}, "array([1.e-05, 1.e+00])");
  // f64_sci_large
  check_print(Tensor<double, 1>{1.23456789e8, 1.0}, "array([1.23456789e+08, 1.00000000e+00])");
  // f64_sci_ratio
  check_print(Tensor<double, 1>{1.0, 1001.0, -2.5}, "array([ 1.000e+00,  1.001e+03, -2.500e+00])");
  // f64_sci_exp3: three-digit exponents
  check_print(Tensor<double, 1>{1e100, 1e-100}, "array([1.e+100, 1.e-100])");
  // f64_sci_mixed
  check_print(Tensor<double, 2>{{1.5e-7, -2.0}, {0.0, 3.25e10}},
              "array([[ 1.50e-07, -2.00e+00],\n"
              "       [ 0.00e+00,  3.25e+10]])");
  // f32_sci: values extended to the common precision by rounding the exact float32
  check_print(Tensor<float, 1>{0.1f, 1e-5f, 1.23456789f},
              "array([1.0000000e-01, 9.9999997e-06, 1.2345679e+00], dtype=float32)");
  // f32_sci_short
  check_print(Tensor<float, 1>{0.1f, 1e-5f}, "array([1.e-01, 1.e-05], dtype=float32)");
}

TEST_CASE("print: nan and inf") {
  // f64_nan_inf
  check_print(Tensor<double, 1>{k_nan, k_inf}, "array([nan, inf])");
  // f64_nan_neginf
  check_print(Tensor<double, 1>{k_nan, -k_inf}, "array([ nan, -inf])");
  // f64_value_nan
  check_print(Tensor<double, 1>{1.5, k_nan, 2.0}, "array([1.5, nan, 2. ])");
  // f64_sci_nonfinite
  check_print(Tensor<double, 1>{1e-5, k_nan, -k_inf}, "array([1.e-05,    nan,   -inf])");
  // f32_nonfinite
  check_print(Tensor<float, 2>{{1.0f, static_cast<float>(k_inf)},
                               {static_cast<float>(-k_inf), static_cast<float>(k_nan)}},
              "array([[  1.,  inf],\n"
              "       [-inf,  nan]], dtype=float32)");
}

TEST_CASE("print: integers") {
  // i64_1d
  Tensor<long, 1> i64(shape_t<1>{10});
  for (index_t i = 0; i < 10; ++i) i64(i) = i - 3;
  check_print(i64, "array([-3, -2, -1,  0,  1,  2,  3,  4,  5,  6])");
  // long long is int64 too (no dtype suffix)
  Tensor<long long, 1> ll(shape_t<1>{10});
  for (index_t i = 0; i < 10; ++i) ll(i) = i - 3;
  check_print(ll, "array([-3, -2, -1,  0,  1,  2,  3,  4,  5,  6])");
  // i32_1d
  check_print(Tensor<int, 1>{-5, 10, 300}, "array([ -5,  10, 300], dtype=int32)");
  // i8_1d
  check_print(Tensor<signed char, 1>{-128, 0, 127}, "array([-128,    0,  127], dtype=int8)");
  // u8_1d
  check_print(Tensor<unsigned char, 1>{0, 255, 7}, "array([  0, 255,   7], dtype=uint8)");
  // i16_2d
  check_print(Tensor<short, 2>{{1, -20}, {300, 4}},
              "array([[  1, -20],\n"
              "       [300,   4]], dtype=int16)");
  // u16_1d
  check_print(Tensor<unsigned short, 1>{1, 65535}, "array([    1, 65535], dtype=uint16)");
  // u32_1d
  check_print(Tensor<unsigned, 1>{4000000000u, 1u},
              "array([4000000000,          1], dtype=uint32)");
  // u64_1d
  check_print(Tensor<unsigned long, 1>{0ul, 18446744073709551615ul},
              "array([                   0, 18446744073709551615], dtype=uint64)");
}

TEST_CASE("print: bool") {
  // bool_1d
  check_print(Tensor<bool, 1>{true, false, true}, "array([ True, False,  True])");
  // bool_all_true: " True" is padded even without a False
  check_print(Tensor<bool, 1>{true, true}, "array([ True,  True])");
  // bool_2d
  check_print(Tensor<bool, 2>{{true, false}, {false, false}},
              "array([[ True, False],\n"
              "       [False, False]])");
}

TEST_CASE("print: rank 0") {
  // r0_f64
  check_print(Tensor<double, 0>(3.5), "array(3.5)");
  // r0_f32
  check_print(Tensor<float, 0>(3.5f), "array(3.5, dtype=float32)");
  // r0_i64
  check_print(Tensor<long, 0>(7), "array(7)");
  // r0_u8
  check_print(Tensor<unsigned char, 0>(7), "array(7, dtype=uint8)");
  // r0_bool: no padding in a 0-d array
  check_print(Tensor<bool, 0>(true), "array(True)");
  // r0_nan
  check_print(Tensor<double, 0>(k_nan), "array(nan)");
  // r0_neg_zero
  check_print(Tensor<double, 0>(-0.0), "array(-0.)");
  // r0_sci
  check_print(Tensor<float, 0>(1e-7f), "array(1.e-07, dtype=float32)");
}

TEST_CASE("print: rank 3") {
  // i64_3d
  check_print(arange_shaped<long, 3>({2, 3, 4}),
              "array([[[ 0,  1,  2,  3],\n"
              "        [ 4,  5,  6,  7],\n"
              "        [ 8,  9, 10, 11]],\n"
              "\n"
              "       [[12, 13, 14, 15],\n"
              "        [16, 17, 18, 19],\n"
              "        [20, 21, 22, 23]]])");
  // f64_3d
  check_print(arange_shaped<double, 3>({2, 2, 2}, 0.5),
              "array([[[0. , 0.5],\n"
              "        [1. , 1.5]],\n"
              "\n"
              "       [[2. , 2.5],\n"
              "        [3. , 3.5]]])");
}

TEST_CASE("print: empty and zero-size") {
  // empty_f32
  check_print(Tensor<float, 1>(shape_t<1>{0}), "array([], dtype=float32)");
  // empty_f64: the dtype is shown even for float64 when there are no elements
  check_print(Tensor<double, 1>(shape_t<1>{0}), "array([], dtype=float64)");
  // empty_i64
  check_print(Tensor<long, 1>(shape_t<1>{0}), "array([], dtype=int64)");
  // empty_0x3_f64
  check_print(Tensor<double, 2>({0, 3}), "array([], shape=(0, 3), dtype=float64)");
  // empty_3x0_i32
  check_print(Tensor<int, 2>({3, 0}), "array([], shape=(3, 0), dtype=int32)");
  // empty_2x0x3_bool
  check_print(Tensor<bool, 3>({2, 0, 3}), "array([], shape=(2, 0, 3), dtype=bool)");
}

TEST_CASE("print: line wrapping and dtype placement") {
  // f64_arange30
  check_print(arange_shaped<double, 1>({30}),
              "array([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12.,\n"
              "       13., 14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25.,\n"
              "       26., 27., 28., 29.])");
  // f32_arange30
  check_print(arange_shaped<float, 1>({30}),
              "array([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12.,\n"
              "       13., 14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25.,\n"
              "       26., 27., 28., 29.], dtype=float32)");
  // i64_arange100
  check_print(arange_shaped<long, 1>({100}),
              "array([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16,\n"
              "       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33,\n"
              "       34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50,\n"
              "       51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67,\n"
              "       68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84,\n"
              "       85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99])");
  // f64_2x20
  check_print(arange_shaped<double, 2>({2, 20}),
              "array([[ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12.,\n"
              "        13., 14., 15., 16., 17., 18., 19.],\n"
              "       [20., 21., 22., 23., 24., 25., 26., 27., 28., 29., 30., 31., 32.,\n"
              "        33., 34., 35., 36., 37., 38., 39.]])");
  // f32_dtype_newline: the dtype does not fit on the last line
  check_print(arange_shaped<float, 1>({13}, 7.0f),
              "array([ 0.,  7., 14., 21., 28., 35., 42., 49., 56., 63., 70., 77., 84.],\n"
              "      dtype=float32)");
  // i32_dtype_newline
  check_print(arange_shaped<int, 1>({14}, 7),
              "array([ 0,  7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 77, 84, 91],\n"
              "      dtype=int32)");
}

TEST_CASE("print: summarization of more than 1000 elements") {
  // i64_arange2000
  check_print(arange_shaped<long, 1>({2000}), "array([   0,    1,    2, ..., 1997, 1998, 1999])");
  // i64_arange1001
  check_print(arange_shaped<long, 1>({1001}), "array([   0,    1,    2, ...,  998,  999, 1000])");
  // f64_arange2000: the format is chosen from the shown elements only
  check_print(arange_shaped<double, 1>({2000}),
              "array([0.000e+00, 1.000e+00, 2.000e+00, ..., 1.997e+03, 1.998e+03,\n"
              "       1.999e+03])");
  // i64_100x100
  check_print(arange_shaped<long, 2>({100, 100}),
              "array([[   0,    1,    2, ...,   97,   98,   99],\n"
              "       [ 100,  101,  102, ...,  197,  198,  199],\n"
              "       [ 200,  201,  202, ...,  297,  298,  299],\n"
              "       ...,\n"
              "       [9700, 9701, 9702, ..., 9797, 9798, 9799],\n"
              "       [9800, 9801, 9802, ..., 9897, 9898, 9899],\n"
              "       [9900, 9901, 9902, ..., 9997, 9998, 9999]])");
  // f32_100x100
  check_print(arange_shaped<float, 2>({100, 100}, 0.25f),
              "array([[0.00000e+00, 2.50000e-01, 5.00000e-01, ..., 2.42500e+01,\n"
              "        2.45000e+01, 2.47500e+01],\n"
              "       [2.50000e+01, 2.52500e+01, 2.55000e+01, ..., 4.92500e+01,\n"
              "        4.95000e+01, 4.97500e+01],\n"
              "       [5.00000e+01, 5.02500e+01, 5.05000e+01, ..., 7.42500e+01,\n"
              "        7.45000e+01, 7.47500e+01],\n"
              "       ...,\n"
              "       [2.42500e+03, 2.42525e+03, 2.42550e+03, ..., 2.44925e+03,\n"
              "        2.44950e+03, 2.44975e+03],\n"
              "       [2.45000e+03, 2.45025e+03, 2.45050e+03, ..., 2.47425e+03,\n"
              "        2.47450e+03, 2.47475e+03],\n"
              "       [2.47500e+03, 2.47525e+03, 2.47550e+03, ..., 2.49925e+03,\n"
              "        2.49950e+03, 2.49975e+03]], dtype=float32)");
  // i64_20x10x10
  check_print(arange_shaped<long, 3>({20, 10, 10}),
              "array([[[   0,    1,    2, ...,    7,    8,    9],\n"
              "        [  10,   11,   12, ...,   17,   18,   19],\n"
              "        [  20,   21,   22, ...,   27,   28,   29],\n"
              "        ...,\n"
              "        [  70,   71,   72, ...,   77,   78,   79],\n"
              "        [  80,   81,   82, ...,   87,   88,   89],\n"
              "        [  90,   91,   92, ...,   97,   98,   99]],\n"
              "\n"
              "       [[ 100,  101,  102, ...,  107,  108,  109],\n"
              "        [ 110,  111,  112, ...,  117,  118,  119],\n"
              "        [ 120,  121,  122, ...,  127,  128,  129],\n"
              "        ...,\n"
              "        [ 170,  171,  172, ...,  177,  178,  179],\n"
              "        [ 180,  181,  182, ...,  187,  188,  189],\n"
              "        [ 190,  191,  192, ...,  197,  198,  199]],\n"
              "\n"
              "       [[ 200,  201,  202, ...,  207,  208,  209],\n"
              "        [ 210,  211,  212, ...,  217,  218,  219],\n"
              "        [ 220,  221,  222, ...,  227,  228,  229],\n"
              "        ...,\n"
              "        [ 270,  271,  272, ...,  277,  278,  279],\n"
              "        [ 280,  281,  282, ...,  287,  288,  289],\n"
              "        [ 290,  291,  292, ...,  297,  298,  299]],\n"
              "\n"
              "       ...,\n"
              "\n"
              "       [[1700, 1701, 1702, ..., 1707, 1708, 1709],\n"
              "        [1710, 1711, 1712, ..., 1717, 1718, 1719],\n"
              "        [1720, 1721, 1722, ..., 1727, 1728, 1729],\n"
              "        ...,\n"
              "        [1770, 1771, 1772, ..., 1777, 1778, 1779],\n"
              "        [1780, 1781, 1782, ..., 1787, 1788, 1789],\n"
              "        [1790, 1791, 1792, ..., 1797, 1798, 1799]],\n"
              "\n"
              "       [[1800, 1801, 1802, ..., 1807, 1808, 1809],\n"
              "        [1810, 1811, 1812, ..., 1817, 1818, 1819],\n"
              "        [1820, 1821, 1822, ..., 1827, 1828, 1829],\n"
              "        ...,\n"
              "        [1870, 1871, 1872, ..., 1877, 1878, 1879],\n"
              "        [1880, 1881, 1882, ..., 1887, 1888, 1889],\n"
              "        [1890, 1891, 1892, ..., 1897, 1898, 1899]],\n"
              "\n"
              "       [[1900, 1901, 1902, ..., 1907, 1908, 1909],\n"
              "        [1910, 1911, 1912, ..., 1917, 1918, 1919],\n"
              "        [1920, 1921, 1922, ..., 1927, 1928, 1929],\n"
              "        ...,\n"
              "        [1970, 1971, 1972, ..., 1977, 1978, 1979],\n"
              "        [1980, 1981, 1982, ..., 1987, 1988, 1989],\n"
              "        [1990, 1991, 1992, ..., 1997, 1998, 1999]]])");
  // i64_2x1000: an axis of 2 is not summarized
  check_print(arange_shaped<long, 2>({2, 1000}),
              "array([[   0,    1,    2, ...,  997,  998,  999],\n"
              "       [1000, 1001, 1002, ..., 1997, 1998, 1999]])");
  // bool_2000
  Tensor<bool, 1> b(shape_t<1>{2000});
  for (index_t i = 0; i < 2000; ++i) b(i) = i % 3 == 0;
  check_print(b, "array([ True, False, False, ..., False,  True, False])");
}

TEST_CASE("print: non-contiguous views print their logical elements") {
  // f64_transposed
  auto a = arange_shaped<double, 2>({2, 3});
  check_print(a.t(),
              "array([[0., 3.],\n"
              "       [1., 4.],\n"
              "       [2., 5.]])");
  // i64_flipped (negative stride)
  auto r = arange_shaped<long, 1>({5});
  check_print(r.flip(0), "array([4, 3, 2, 1, 0])");
  check_print(flip(r, 0), "array([4, 3, 2, 1, 0])");
  // f32_flipped_2d
  auto f = arange_shaped<float, 2>({2, 3});
  check_print(f.flip(1),
              "array([[2., 1., 0.],\n"
              "       [5., 4., 3.]], dtype=float32)");
  // i64_broadcast (stride 0)
  Tensor<long, 1> row{1, 2, 3};
  check_print(broadcast_to(row, shape_t<2>{2, 3}),
              "array([[1, 2, 3],\n"
              "       [1, 2, 3]])");
  // i64_transposed_2000: summarized and transposed
  auto big = arange_shaped<long, 2>({40, 50});
  check_print(big.t(),
              "array([[   0,   50,  100, ..., 1850, 1900, 1950],\n"
              "       [   1,   51,  101, ..., 1851, 1901, 1951],\n"
              "       [   2,   52,  102, ..., 1852, 1902, 1952],\n"
              "       ...,\n"
              "       [  47,   97,  147, ..., 1897, 1947, 1997],\n"
              "       [  48,   98,  148, ..., 1898, 1948, 1998],\n"
              "       [  49,   99,  149, ..., 1899, 1949, 1999]])");
  // A const view and a view of a const tensor print the same.
  const Tensor<double, 2> c{{1, 2}, {3, 4}};
  check_print(c.view(),
              "array([[1., 2.],\n"
              "       [3., 4.]])");
  check_print(TensorView<const double, 2>(c),
              "array([[1., 2.],\n"
              "       [3., 4.]])");
}

TEST_CASE("print: operator<< composes with other output") {
  std::ostringstream os;
  os << "x = " << Tensor<int, 1>{1, 2} << ";";
  CHECK(os.str() == "x = array([1, 2], dtype=int32);");
}

TEST_CASE("print: shapes and strides print as NumPy prints a tuple") {
  // Python: str((2, 3)) == "(2, 3)", str((5,)) == "(5,)", str(()) == "()".
  CHECK(format(shape_t<2>{2, 3}) == "(2, 3)");
  CHECK(format(shape_t<1>{5}) == "(5,)");
  CHECK(format(shape_t<0>{}) == "()");
  CHECK(format(shape_t<4>{0, 1, -2, 40}) == "(0, 1, -2, 40)");
  CHECK(format(std::array<index_t, 3>{7, 8, 9}) == "(7, 8, 9)");  // a plain array too

  const Tensor<float, 3> a({2, 3, 4});
  std::ostringstream os;
  os << a.shape() << ' ' << a.strides() << ' ' << a.t().strides() << ' '
     << a(0, all, range(none, none, -2)).strides() << ' ' << Tensor<int, 0>(7).shape();
  // NumPy (strides in bytes there): a.strides == (48, 16, 4), a.T.strides == (4, 16, 48),
  // a[0, :, ::-2].strides == (16, -8); in elements those are divided by 4.
  CHECK(os.str() == "(2, 3, 4) (12, 4, 1) (1, 4, 12) (4, -2) ()");

  shape_t<3> kept = a.t().shape();  // a shape held in a variable prints the same way
  kept[0] = 10;
  std::ostringstream os2;
  os2 << "shape " << kept << ", rows " << kept[0];
  CHECK(os2.str() == "shape (10, 3, 2), rows 10");
}
