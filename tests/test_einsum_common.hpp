// Shared by tests/test_einsum_*.cpp: the operands of tests/data/gen_einsum.py and a check
// that runs one NumPy case through both einsum forms and through strided layouts.
#pragma once

#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <cstddef>
#include <tuple>
#include <vector>

namespace einsum_test {

using tensr::index_t;

/// Operand k of shape (dims...): ((i * (k + 2) + k) % 11) - 5, as gen_einsum.py writes.
template <std::size_t R, class... D>
tensr::Tensor<double, R> op(int k, D... dims) {
  const tensr::shape_t<R> s{static_cast<index_t>(dims)...};
  tensr::Tensor<double, R> t(s);
  for (index_t i = 0; i < t.size(); ++i) t.data()[i] = double((i * (k + 2) + k) % 11 - 5);
  return t;
}

struct expected {
  std::vector<index_t> shape;
  std::vector<double> values;
};

template <std::size_t R, class T>
void compare(const tensr::Tensor<T, R>& got, const expected& e) {
  REQUIRE(e.shape.size() == R);
  for (std::size_t i = 0; i < R; ++i) CHECK(got.shape()[i] == e.shape[i]);
  REQUIRE(static_cast<std::size_t>(got.size()) == e.values.size());
  for (std::size_t i = 0; i < e.values.size(); ++i) CHECK(got.data()[i] == e.values[i]);
}

/// The same elements in another memory layout: column-major (Flip = false) or with every
/// stride negative (Flip = true).
template <bool Flip, class T, std::size_t R>
struct relaid {
  tensr::Tensor<T, R> store;
  explicit relaid(const tensr::Tensor<T, R>& x)
      : store(Flip ? tensr::Tensor<T, R>(x.flip()) : tensr::Tensor<T, R>(x.t())) {}
  tensr::TensorView<const T, R> view() const { return Flip ? store.flip() : store.t(); }
};

/// One NumPy case: the compile-time form `ct`, the run-time form, and both with the
/// operands in column-major and in flipped layouts.
template <std::size_t R, class F, class... X>
void check(const char* spec, const expected& e, F ct, const X&... ops) {
  CAPTURE(spec);
  const auto a = ct(ops...);
  static_assert(std::remove_cvref_t<decltype(a)>::rank == R, "compile-time rank differs");
  compare(a, e);
  compare(tensr::einsum<R>(spec, ops...), e);
  const std::tuple<relaid<false, typename X::value_type, X::rank>...> cm(ops...);
  std::apply([&](const auto&... r) { compare(ct(r.view()...), e); }, cm);
  const std::tuple<relaid<true, typename X::value_type, X::rank>...> fl(ops...);
  std::apply([&](const auto&... r) { compare(tensr::einsum<R>(spec, r.view()...), e); }, fl);
}

}  // namespace einsum_test
