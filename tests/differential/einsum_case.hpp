// einsum cases with the run-time spec, einsum<OutRank>(spec, ops...), on one or more
// operands: the spec (param `spec`, as NumPy got it) and the output rank (`rank`, which
// the generator derives from the spec, checked against NumPy's result) come from the
// manifest; the output rank is a template argument, dispatched here from 0 to 4. Float
// results are compared with a reference and an error bound (gen_cases.py, "Sums of
// products"), integer results exactly. einsum_*.cpp register the dtypes and operand ranks.
#pragma once

#include <cstddef>
#include <string>
#include <tuple>
#include <utility>

#include <tensr/linalg/einsum.hpp>
#include <tensr/precompiled.hpp>  // the GEMM from the precompiled kernels, when linked

#include "runner.hpp"

namespace diff {

/// The largest output rank the runner dispatches to (the generator keeps to it).
inline constexpr std::size_t einsum_max_out_rank = 4;

template <class T, std::size_t... Rs>
struct einsum_case {
  using ops_t = std::tuple<tensr::TensorView<const T, Rs>...>;

  static void run(Case& c) {
    // (A braced list runs the reads in order: the operands are the case's inputs in order.)
    const ops_t ops{c.input<tensor_in<T, Rs>>()...};
    const std::string spec = c.param("spec");
    const index_t rank = c.int_param("rank");
    const bool done = with_rank(c, spec, ops, rank, std::make_index_sequence<sizeof...(Rs)>{},
                                std::make_index_sequence<einsum_max_out_rank + 1>{});
    if (!done) throw unsupported("einsum: no output rank " + std::to_string(rank));
  }

  template <std::size_t... I, std::size_t... O>
  static bool with_rank(Case& c, const std::string& spec, const ops_t& ops, index_t rank,
                        std::index_sequence<I...>, std::index_sequence<O...>) {
    return ((static_cast<index_t>(O) == rank &&
             (c.check(tensr::einsum<O>(spec, std::get<I>(ops)...)), true)) ||
            ...);
  }
};

template <class T, std::size_t... Rs>
void add_einsum(Registry& reg) {
  reg.add<tensor_in<T, Rs>...>("einsum", &einsum_case<T, Rs...>::run);
}

}  // namespace diff
