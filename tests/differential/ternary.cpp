// Ternary elementwise cases: where(cond, a, b) and clip(a, lo, hi), all three operands
// broadcast (lo and hi also as scalars).
#include <cstddef>
#include <cstdint>

#include "runner.hpp"

namespace diff {
namespace {

template <class K, class A, class B>
struct where_case {
  static void run(Case& c) {
    const auto k = c.input<K>();
    const auto a = c.input<A>();
    const auto b = c.input<B>();
    c.check(tensr::where(k, a, b));
  }
};

template <class A, class L, class H>
struct clip_case {
  static void run(Case& c) {
    const auto a = c.input<A>();
    const auto lo = c.input<L>();
    const auto hi = c.input<H>();
    c.check(tensr::clip(a, lo, hi));
  }
};

template <class K, class A, class B>
void add_where(Registry& reg) {
  reg.add<K, A, B>("where", &where_case<K, A, B>::run);
}
template <class A, class L, class H>
void add_clip(Registry& reg) {
  reg.add<A, L, H>("clip", &clip_case<A, L, H>::run);
}

template <std::size_t R>
using b = tensor_in<bool, R>;
template <std::size_t R>
using f4 = tensor_in<float, R>;
template <std::size_t R>
using f8 = tensor_in<double, R>;
template <std::size_t R>
using i4 = tensor_in<std::int32_t, R>;

}  // namespace

void register_ternary(Registry& reg) {
  add_where<b<0>, f4<0>, f4<0>>(reg);
  add_where<b<1>, f4<2>, f4<0>>(reg);
  add_where<b<3>, f4<1>, f4<3>>(reg);
  add_where<b<2>, f4<4>, f4<1>>(reg);
  add_where<b<2>, f8<2>, f8<2>>(reg);
  add_where<b<1>, i4<3>, i4<2>>(reg);
  add_where<b<2>, i4<2>, f4<1>>(reg);
  add_where<b<2>, f4<2>, scalar_in<double>>(reg);

  add_clip<f4<2>, scalar_in<double>, scalar_in<double>>(reg);
  add_clip<f4<3>, f4<1>, f4<2>>(reg);
  add_clip<f4<1>, f4<0>, f4<1>>(reg);
  add_clip<f8<4>, f8<2>, scalar_in<double>>(reg);
  add_clip<i4<2>, scalar_in<std::int64_t>, scalar_in<std::int64_t>>(reg);
  add_clip<i4<3>, i4<3>, i4<1>>(reg);
}

}  // namespace diff
