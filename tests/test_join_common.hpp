// Helpers shared by tests/test_join.cpp and tests/test_join_split.cpp: the check that a
// joining result (a new row-major Tensor) has NumPy's shape and values, and the inputs that
// tests/data/gen_join.py builds with NumPy, built here the same way.
#pragma once

#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <sstream>
#include <string>

#include "expected_views.hpp"

namespace tensr_test {

/// Shape and row-major values of a result, or of an expected one (strides are left out:
/// results are fresh row-major Tensors, and NumPy gives empty arrays non-zero strides).
template <class V>
std::string result(const V& v) {
  std::ostringstream s;
  s << "shape " << join(v.shape()) << " values";
  for (const double x : elements(v)) s << ' ' << x;
  return s.str();
}
inline std::string result(const Expected& e) {
  std::ostringstream s;
  s << "shape " << join(e.shape) << " values";
  for (const double x : e.values) s << ' ' << x;
  return s.str();
}

/// The arrays of gen_join.py: A = arange(6).reshape(2, 3), R = arange(10, 19).reshape(3, 3),
/// W = arange(20, 28).reshape(2, 4), B = arange(24).reshape(2, 3, 4),
/// B2 = arange(100, 112).reshape(2, 3, 2), C = arange(24).reshape(4, 6), v = arange(5),
/// w3 = arange(7, 10), u3 = arange(3); all float32.
struct JoinInputs {
  tensr::Tensor<float, 2> A = iota<float>(tensr::shape_t<2>{2, 3});
  tensr::Tensor<float, 2> R = iota<float>(tensr::shape_t<2>{3, 3}) + 10.0f;
  tensr::Tensor<float, 2> W = iota<float>(tensr::shape_t<2>{2, 4}) + 20.0f;
  tensr::Tensor<float, 3> B = iota<float>(tensr::shape_t<3>{2, 3, 4});
  tensr::Tensor<float, 3> B2 = iota<float>(tensr::shape_t<3>{2, 3, 2}) + 100.0f;
  tensr::Tensor<float, 2> C = iota<float>(tensr::shape_t<2>{4, 6});
  tensr::Tensor<float, 1> v = iota<float>(tensr::shape_t<1>{5});
  tensr::Tensor<float, 1> w3 = iota<float>(tensr::shape_t<1>{3}) + 7.0f;
  tensr::Tensor<float, 1> u3 = iota<float>(tensr::shape_t<1>{3});
};

}  // namespace tensr_test

/// A new row-major Tensor with NumPy's shape and values.
#define CHECK_RESULT(t, expected)                                     \
  do {                                                                \
    CHECK(::tensr_test::result(t) == ::tensr_test::result(expected)); \
    CHECK((t).is_contiguous());                                       \
  } while (false)
