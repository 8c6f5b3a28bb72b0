// tensordot cases: axes as two lists of K >= 1 axes each (any order, negative allowed),
// tensordot(a, b, {..}, {..}), and as a count N, tensordot<N>(a, b) (the last N axes of a
// with the first N of b; N = 0 is the outer product). K and N set the result's rank, so
// each is a template argument here, dispatched from the case's value. Float results are
// compared with a reference and an error bound (gen_cases.py, "Sums of products").
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <tensr/linalg/tensordot.hpp>
#include <tensr/precompiled.hpp>  // the GEMM from the precompiled kernels, when linked

#include "runner.hpp"

namespace diff {
namespace {

template <class T, std::size_t RA, std::size_t RB>
struct tensordot_case {
  using A = tensr::TensorView<const T, RA>;
  using B = tensr::TensorView<const T, RB>;
  static constexpr std::size_t max_k = std::min(RA, RB);

  static void run(Case& c) {
    const A a = c.input<tensor_in<T, RA>>();
    const B b = c.input<tensor_in<T, RB>>();
    const std::string& op = c.op();
    bool done = false;
    if (op == "tensordot") {
      const std::vector<index_t> ax = c.ints_param("axes_a"), bx = c.ints_param("axes_b");
      done =
          ax.size() == bx.size() && lists(c, a, b, ax, bx, std::make_index_sequence<max_k + 1>{});
    } else if (op == "tensordot_n") {
      done = count(c, a, b, c.int_param("n"), std::make_index_sequence<max_k + 1>{});
    }
    if (!done) throw unsupported("tensordot: no form of " + op + " for " + c.key());
  }

  template <std::size_t... K>
  static bool lists(Case& c, const A& a, const B& b, const std::vector<index_t>& ax,
                    const std::vector<index_t>& bx, std::index_sequence<K...>) {
    return (lists<K>(c, a, b, ax, bx) || ...);
  }
  template <std::size_t K>
  static bool lists(Case& c, const A& a, const B& b, const std::vector<index_t>& ax,
                    const std::vector<index_t>& bx) {
    if constexpr (K == 0) {  // no empty list form: tensordot<0> is the outer product
      return false;
    } else {
      if (ax.size() != K) return false;
      index_t aa[K], bb[K];
      std::copy_n(ax.begin(), K, aa);
      std::copy_n(bx.begin(), K, bb);
      c.check(tensr::tensordot(a, b, aa, bb));
      return true;
    }
  }

  template <std::size_t... N>
  static bool count(Case& c, const A& a, const B& b, index_t n, std::index_sequence<N...>) {
    return ((static_cast<index_t>(N) == n && (c.check(tensr::tensordot<N>(a, b)), true)) || ...);
  }
};

template <class T, std::size_t RA, std::size_t RB>
void add_tensordot(Registry& reg) {
  reg.add<tensor_in<T, RA>, tensor_in<T, RB>>("tensordot", &tensordot_case<T, RA, RB>::run);
}

}  // namespace

void register_tensordot(Registry& reg) {
  add_tensordot<float, 1, 1>(reg);
  add_tensordot<float, 2, 2>(reg);
  add_tensordot<float, 3, 2>(reg);
  add_tensordot<float, 2, 3>(reg);
  add_tensordot<float, 3, 3>(reg);
  add_tensordot<float, 4, 2>(reg);
  add_tensordot<double, 3, 3>(reg);
  add_tensordot<double, 2, 1>(reg);
  add_tensordot<std::int32_t, 3, 2>(reg);
}

}  // namespace diff
