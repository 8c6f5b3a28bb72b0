// Binary elementwise cases: the operators + - * / % == != < <= > >= and pow maximum
// minimum logical_and logical_or, on two broadcast tensors or a tensor and a scalar.
// binary_*.cpp register the dtype x rank combinations; each one instantiates every op.
#pragma once

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

#include "runner.hpp"

namespace diff {

/// Which ops a registered combination runs. Each op costs an instantiation per combination,
/// and the loop under them is the same for every op, so: every op for one rank pair per
/// dtype; two ops for the sweep over the other pairs of ranks; four where only the type
/// promotion is new (mixed dtypes, scalars).
enum class op_set { all, sweep, promotion };

inline const char* op_names(op_set s) {
  switch (s) {
    case op_set::sweep:
      return "add maximum";
    case op_set::promotion:
      return "add subtract divide less";
    default:
      return "";
  }
}

template <class A, class B, op_set Ops = op_set::all>
struct binary_case {
  static void run(Case& c) {
    const auto a = c.input<A>();
    const auto b = c.input<B>();
    using namespace tensr;
    using TA = tensr::detail::operand_value_t<std::remove_cvref_t<decltype(a)>>;
    using TB = tensr::detail::operand_value_t<std::remove_cvref_t<decltype(b)>>;
    // NumPy has no - / % or power of two bools.
    constexpr bool bools = std::is_same_v<TA, bool> && std::is_same_v<TB, bool>;
    const std::string& op = c.op();
    if (op == "add") return c.check(a + b);
    if constexpr (Ops != op_set::promotion)
      if (op == "maximum") return c.check(maximum(a, b));
    if constexpr (Ops != op_set::sweep) {
      if (op == "less") return c.check(a < b);
      if constexpr (!bools) {
        if (op == "subtract") return c.check(a - b);
        if (op == "divide") return c.check(a / b);
      }
    }
    if constexpr (Ops == op_set::all) {
      if constexpr (!bools) {
        if (op == "remainder") return c.check(a % b);
        if (op == "power") return c.check(pow(a, b));
      }
      if (op == "multiply") return c.check(a * b);
      if (op == "minimum") return c.check(minimum(a, b));
      if (op == "equal") return c.check(a == b);
      if (op == "not_equal") return c.check(a != b);
      if (op == "less_equal") return c.check(a <= b);
      if (op == "greater") return c.check(a > b);
      if (op == "greater_equal") return c.check(a >= b);
      if (op == "logical_and") return c.check(logical_and(a, b));
      if (op == "logical_or") return c.check(logical_or(a, b));
    }
    throw unsupported("binary: no op " + op + " for " + c.key());
  }
};

/// Ranks of the two operands of a binary case.
template <std::size_t RA, std::size_t RB>
struct ranks {};

template <class TA, class TB, op_set Ops = op_set::all, std::size_t RA, std::size_t RB>
void add_binary(Registry& reg, ranks<RA, RB>) {
  using A = tensor_in<TA, RA>;
  using B = tensor_in<TB, RB>;
  reg.add<A, B>("binary", &binary_case<A, B, Ops>::run, op_names(Ops));
}

/// A tensor of rank R with a scalar of type S, on the right (a + s) and, with `left`, also on
/// the left (s + a); the ops of the type promotion.
template <class T, std::size_t R, class S>
void add_binary_scalar(Registry& reg, bool left) {
  using A = tensor_in<T, R>;
  using B = scalar_in<S>;
  constexpr op_set ops = op_set::promotion;
  reg.add<A, B>("binary", &binary_case<A, B, ops>::run, op_names(ops));
  if (left) reg.add<B, A>("binary", &binary_case<B, A, ops>::run, op_names(ops));
}

}  // namespace diff
