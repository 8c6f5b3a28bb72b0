// Reduction cases: sum prod mean var std max min argmax argmin all any over every element,
// along one axis (negative allowed; with keepdims; into an out-parameter), over several
// axes (with keepdims), and softmax log_softmax logsumexp cumsum along an axis.
// reduce_*.cpp register the dtypes and ranks.
#pragma once

#include <cstddef>
#include <string>
#include <type_traits>

#include "runner.hpp"

namespace diff {

/// Every form (Full), or over all elements and along one axis only: each form of each op is
/// an instantiation per dtype and rank.
template <class T, std::size_t R, bool Full = false>
struct reduce_case {
  using V = tensr::TensorView<const T, R>;
  static constexpr bool is_float = std::is_floating_point_v<T>;
  /// The forms, for the generator.
  static constexpr const char* forms = Full ? "" : "all axis";

  static void run(Case& c) {
    const V a = c.input<tensor_in<T, R>>();
    const std::string& op = c.op();
    const std::string& form = c.param("form");
    if (form == "all") return over_all(c, a, op);
    if constexpr (R >= 1) {
      if (form == "axis") return along(c, a, op, c.int_param("axis"));
      if constexpr (Full) {
        if (form == "keep") return keep(c, a, op, c.int_param("axis"));
        if (form == "out") return into(c, a, op, c.int_param("axis"));
      }
    }
    if constexpr (R >= 2 && Full) {
      if (form == "axes") {
        const auto ax = c.ints_param("axes");
        if (ax.size() == 2) return several<2>(c, a, op, {ax[0], ax[1]});
        if constexpr (R >= 3)
          if (ax.size() == 3) return several<3>(c, a, op, {ax[0], ax[1], ax[2]});
      }
    }
    throw unsupported("reduce: no form " + form + " of " + op + " for " + c.key());
  }

  static void over_all(Case& c, const V& a, const std::string& op) {
    using namespace tensr;
    if (op == "sum") return c.check(sum(a));
    if (op == "prod") return c.check(prod(a));
    if (op == "mean") return c.check(mean(a));
    if (op == "var") return c.check(var(a, ddof(c.int_param("ddof"))));
    if (op == "std") return c.check(tensr::std(a, ddof(c.int_param("ddof"))));
    if (op == "max") return c.check(max(a));
    if (op == "min") return c.check(min(a));
    if (op == "argmax") return c.check(argmax(a));
    if (op == "argmin") return c.check(argmin(a));
    if (op == "all") return c.check(all_of(a));
    if (op == "any") return c.check(any_of(a));
    if (op == "cumsum") return c.check(cumsum(a));
    throw unsupported("reduce: no op " + op + " over all elements");
  }

  static void along(Case& c, const V& a, const std::string& op, index_t ax) {
    using namespace tensr;
    if (op == "sum") return c.check(sum(a, ax));
    if (op == "prod") return c.check(prod(a, ax));
    if (op == "mean") return c.check(mean(a, ax));
    if (op == "var") return c.check(var(a, ax, ddof(c.int_param("ddof"))));
    if (op == "std") return c.check(tensr::std(a, ax, ddof(c.int_param("ddof"))));
    if (op == "max") return c.check(max(a, ax));
    if (op == "min") return c.check(min(a, ax));
    if (op == "argmax") return c.check(argmax(a, ax));
    if (op == "argmin") return c.check(argmin(a, ax));
    if (op == "all") return c.check(all_of(a, ax));
    if (op == "any") return c.check(any_of(a, ax));
    if (op == "cumsum") return c.check(cumsum(a, ax));
    if constexpr (is_float) {
      if (op == "softmax") return c.check(softmax(a, ax));
      if (op == "log_softmax") return c.check(log_softmax(a, ax));
      if (op == "logsumexp") return c.check(logsumexp(a, ax));
    }
    throw unsupported("reduce: no op " + op + " along an axis");
  }

  static void keep(Case& c, const V& a, const std::string& op, index_t ax) {
    using namespace tensr;
    if (op == "sum") return c.check(sum(a, ax, keepdims));
    if (op == "prod") return c.check(prod(a, ax, keepdims));
    if (op == "mean") return c.check(mean(a, ax, keepdims));
    if (op == "max") return c.check(max(a, ax, keepdims));
    if (op == "min") return c.check(min(a, ax, keepdims));
    if (op == "argmax") return c.check(argmax(a, ax, keepdims));
    if (op == "argmin") return c.check(argmin(a, ax, keepdims));
    if (op == "all") return c.check(all_of(a, ax, keepdims));
    if (op == "any") return c.check(any_of(a, ax, keepdims));
    throw unsupported("reduce: no op " + op + " with keepdims");
  }

  /// The out-parameter form, into a tensor of NumPy's result type.
  static void into(Case& c, const V& a, const std::string& op, index_t ax) {
    using namespace tensr;
    const auto shape = tensr::detail::drop_axis(a.shape(), tensr::detail::normalize_axis(ax, R));
    if (op == "sum") {
      Tensor<tensr::detail::sum_t<T>, R - 1> out(shape);
      sum(a, ax, out);
      return c.check(out);
    }
    if (op == "max") {
      Tensor<T, R - 1> out(shape);
      max(a, ax, out);
      return c.check(out);
    }
    throw unsupported("reduce: no op " + op + " with an out-parameter");
  }

  template <std::size_t K>
  static void several(Case& c, const V& a, const std::string& op, const index_t (&ax)[K]) {
    using namespace tensr;
    const bool kd = c.has("keepdims");
    if (op == "sum") return kd ? c.check(sum(a, ax, keepdims)) : c.check(sum(a, ax));
    if (op == "prod") return kd ? c.check(prod(a, ax, keepdims)) : c.check(prod(a, ax));
    if (op == "mean") return kd ? c.check(mean(a, ax, keepdims)) : c.check(mean(a, ax));
    if (op == "max") return kd ? c.check(max(a, ax, keepdims)) : c.check(max(a, ax));
    if (op == "min") return kd ? c.check(min(a, ax, keepdims)) : c.check(min(a, ax));
    if (op == "all") return kd ? c.check(all_of(a, ax, keepdims)) : c.check(all_of(a, ax));
    if (op == "any") return kd ? c.check(any_of(a, ax, keepdims)) : c.check(any_of(a, ax));
    throw unsupported("reduce: no op " + op + " over several axes");
  }
};

/// Every form on the ranks of Full, over all elements and along an axis on the ranks Rs.
template <class T, std::size_t... Rs>
void add_reduce(Registry& reg) {
  (reg.add<tensor_in<T, Rs>>("reduce", &reduce_case<T, Rs>::run, reduce_case<T, Rs>::forms), ...);
}
template <class T, std::size_t... Rs>
void add_reduce_full(Registry& reg) {
  (reg.add<tensor_in<T, Rs>>("reduce", &reduce_case<T, Rs, true>::run), ...);
}

}  // namespace diff
