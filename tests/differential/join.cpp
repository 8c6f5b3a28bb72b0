// Joining cases: concatenate, stack, hstack, vstack of two tensors, and tile, repeat, pad,
// split of one (split's pieces are checked one by one).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <tensr/ops/join.hpp>

#include "runner.hpp"

namespace diff {
namespace {

template <class T, std::size_t R>
struct join2_case {
  static void run(Case& c) {
    using V = tensr::TensorView<const T, R>;
    const V a = c.input<tensor_in<T, R>>();
    const V b = c.input<tensor_in<T, R>>();
    const std::string& op = c.op();
    const index_t axis = c.has("axis") ? c.int_param("axis") : 0;
    if (op == "concatenate") return c.check(tensr::concatenate({a, b}, axis));
    if (op == "stack") return c.check(tensr::stack({a, b}, axis));
    if (op == "hstack") return c.check(tensr::hstack({a, b}));
    if (op == "vstack") return c.check(tensr::vstack({a, b}));
    throw unsupported("join: no op " + op);
  }
};

template <class T, std::size_t R>
struct join1_case {
  static void run(Case& c) {
    using namespace tensr;
    const TensorView<const T, R> a = c.input<tensor_in<T, R>>();
    const std::string& op = c.op();
    if (op == "tile") {
      const auto r = c.ints_param("reps");
      if (r.size() == 1) return c.check(tile(a, shape_t<1>{r[0]}));
      if (r.size() == 2) return c.check(tile(a, shape_t<2>{r[0], r[1]}));
      if (r.size() == 3) return c.check(tile(a, shape_t<3>{r[0], r[1], r[2]}));
    }
    if (op == "repeat") {
      const auto n = c.ints_param("repeats");
      if (!c.has("axis")) return c.check(repeat(a, n[0]));
      if constexpr (R >= 1) {
        const index_t axis = c.int_param("axis");
        if (n.size() == 1) return c.check(repeat(a, n[0], axis));
        return c.check(repeat(a, std::span<const index_t>(n), axis));
      }
    }
    if (op == "pad") {
      const auto p = c.ints_param("widths");
      tensr::detail::pad_widths<R> w{};
      for (std::size_t i = 0; i < R; ++i) w[i] = {p.at(2 * i), p.at(2 * i + 1)};
      return c.check(pad(a, w, static_cast<T>(std::stod(c.param("value")))));
    }
    if constexpr (R >= 1) {
      if (op == "split") {
        for (const auto& piece : split(a, c.int_param("sections"), c.int_param("axis")))
          c.check(Tensor<T, R>(piece));
        return;
      }
    }
    throw unsupported("join: no op " + op + " for " + c.key());
  }
};

template <class T, std::size_t... Rs>
void add_join2(Registry& reg) {
  (reg.add<tensor_in<T, Rs>, tensor_in<T, Rs>>("join2", &join2_case<T, Rs>::run), ...);
}

}  // namespace

void register_join(Registry& reg) {
  add_join2<float, 1, 2, 3>(reg);
  add_join2<std::int32_t, 2>(reg);
  add_ranks<float, join1_case, 0, 1, 2, 3>(reg, "join1");
  add_ranks<std::int32_t, join1_case, 2>(reg, "join1");
  add_ranks<bool, join1_case, 1>(reg, "join1");
}

}  // namespace diff
