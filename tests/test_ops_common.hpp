// Helpers shared by the ops tests: inputs built from arange, and an exact comparison of
// a result against (shape, flat row-major values) pasted from tests/data/gen_ops.py.
#pragma once
#include <type_traits>

#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <cmath>
#include <cstddef>
#include <initializer_list>

namespace ops_test {

/// np.arange(n).reshape(shape) + start, as doubles.
template <std::size_t R>
tensr::Tensor<double, R> ar(const tensr::shape_t<R>& shape, double start = 0) {
  const auto n = tensr::detail::product(shape);
  return tensr::arange<double>(start, start + static_cast<double>(n)).reshape(shape);
}

template <class T, std::size_t R, class U>
void check_values(const tensr::Tensor<T, R>& t, const tensr::shape_t<R>& shape,
                  std::initializer_list<U> values) {
  REQUIRE(t.shape() == shape);
  REQUIRE(static_cast<std::size_t>(t.size()) == values.size());
  const T* p = t.data();
  for (const U& v : values) {
    if constexpr (std::is_floating_point_v<U>) {
      if (std::isnan(v)) {
        CHECK(std::isnan(static_cast<double>(*p)));
        ++p;
        continue;
      }
    }
    CHECK(*p == static_cast<T>(v));
    ++p;
  }
}

}  // namespace ops_test
