// Unary elementwise cases: unary - and abs exp log log1p expm1 sqrt square sin cos tanh
// sigmoid relu isnan isfinite logical_not. unary_float.cpp and unary_int.cpp register the
// dtypes and ranks.
#pragma once

#include <cstddef>
#include <string>
#include <type_traits>

#include "runner.hpp"

namespace diff {

/// Every op, or (Sweep) the few that run on the other ranks: the loop under them is the same
/// for every op, and each op costs an instantiation per rank.
template <class T, std::size_t R, bool Sweep = false>
struct unary_case {
  static constexpr const char* sweep_ops = "abs exp isnan";

  static void run(Case& c) {
    using namespace tensr;
    const auto a = c.input<tensor_in<T, R>>();
    const std::string& op = c.op();
    if (op == "abs") return c.check(abs(a));
    if (op == "isnan") return c.check(isnan(a));
    if constexpr (!std::is_same_v<T, bool>)
      if (op == "exp") return c.check(exp(a));
    if constexpr (!Sweep)
      if (run_all(c, a)) return;
    throw unsupported("unary: no op " + op + " for " + c.key());
  }

 private:
  /// The other ops; false when op is none of them.
  static bool run_all(Case& c, const tensr::TensorView<const T, R>& a) {
    using namespace tensr;
    const std::string& op = c.op();
    if (op == "square") return c.check(square(a)), true;
    if (op == "logical_not") return c.check(logical_not(a)), true;
    if (op == "isfinite") return c.check(isfinite(a)), true;
    if constexpr (!std::is_same_v<T, bool>) {
      if (op == "negative") return c.check(-a), true;
      if (op == "relu") return c.check(relu(a)), true;
      if (op == "log") return c.check(log(a)), true;
      if (op == "log1p") return c.check(log1p(a)), true;
      if (op == "expm1") return c.check(expm1(a)), true;
      if (op == "sqrt") return c.check(sqrt(a)), true;
      if (op == "sin") return c.check(sin(a)), true;
      if (op == "cos") return c.check(cos(a)), true;
      if (op == "tanh") return c.check(tanh(a)), true;
      if (op == "sigmoid") return c.check(sigmoid(a)), true;
    }
    return false;
  }
};

/// The sweep's ops on the ranks Rs.
template <class T, std::size_t... Rs>
void add_unary_sweep(Registry& reg) {
  (reg.add<tensor_in<T, Rs>>("unary", &unary_case<T, Rs, true>::run,
                             unary_case<T, Rs, true>::sweep_ops),
   ...);
}

/// Every op on rank R, the sweep's ops on the ranks Rs.
template <class T, std::size_t R, std::size_t... Rs>
void add_unary(Registry& reg) {
  reg.add<tensor_in<T, R>>("unary", &unary_case<T, R>::run);
  add_unary_sweep<T, Rs...>(reg);
}

}  // namespace diff
