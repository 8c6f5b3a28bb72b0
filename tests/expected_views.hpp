// Helpers shared by the view and slicing tests: an expected layout (shape, strides in
// elements, values in row-major order) as printed by tests/data/gen_*.py from NumPy, and
// a check that a tensr view has exactly that layout and those values.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

namespace tensr_test {

using tensr::index_t;

struct Expected {
  std::vector<index_t> shape, strides;
  std::vector<double> values;
};

template <class Seq>
std::string join(const Seq& seq) {
  std::string out = "(";
  bool first = true;
  for (const auto& x : seq) {
    if (!first) out += ',';
    first = false;
    out += std::to_string(static_cast<long long>(x));
  }
  return out + ')';
}

/// Elements of a view or tensor in row-major order, read through data() and strides()
/// only (independent of tensr's own iteration code).
template <class V>
std::vector<double> elements(const V& v) {
  constexpr std::size_t R = V::rank;
  std::vector<double> out;
  const index_t n = v.size();
  for (index_t flat = 0; flat < n; ++flat) {
    index_t rem = flat, off = 0;
    for (std::size_t k = R; k-- > 0;) {
      off += (rem % v.shape()[k]) * v.strides()[k];
      rem /= v.shape()[k];
    }
    out.push_back(static_cast<double>(v.data()[off]));
  }
  return out;
}

template <class V>
std::string describe(const V& v) {
  return "shape " + join(v.shape()) + " strides " + join(v.strides()) + " values " +
         join(elements(v));
}
inline std::string describe(const Expected& e) {
  return "shape " + join(e.shape) + " strides " + join(e.strides) + " values " + join(e.values);
}

/// The values of a row-major copy made by tensr (its strided copy loop), and its layout.
template <class V>
std::string describe_copy(const V& v) {
  const auto c = v.copy();
  return std::string(c.is_contiguous() ? "contiguous " : "strided ") + join(c.shape()) + " " +
         join(elements(c));
}
inline std::string describe_copy(const Expected& e) {
  return "contiguous " + join(e.shape) + " " + join(e.values);
}

/// Tensor of shape `shape` holding 0, 1, 2, ... in row-major order (NumPy's
/// np.arange(n).reshape(shape)).
template <class T = float, std::size_t R>
tensr::Tensor<T, R> iota(const tensr::shape_t<R>& shape) {
  tensr::Tensor<T, R> t(shape);
  for (index_t i = 0; i < t.size(); ++i) t.data()[i] = static_cast<T>(i);
  return t;
}

}  // namespace tensr_test

/// The view has NumPy's shape, strides (in elements) and values; its copy() is row-major
/// with the same values.
#define CHECK_VIEW(view, expected)                                                     \
  do {                                                                                 \
    CHECK(::tensr_test::describe(view) == ::tensr_test::describe(expected));           \
    CHECK(::tensr_test::describe_copy(view) == ::tensr_test::describe_copy(expected)); \
  } while (false)
