// Binary elementwise cases on floating-point tensors: every op on float32 and float64, and
// the broadcasting sweep: float32 with every pair of different ranks 0-4 (two ops).
#include <cstddef>
#include <utility>

#include "binary_case.hpp"

namespace diff {
namespace {
template <std::size_t I>
void add_sweep_pair(Registry& reg) {
  if constexpr (I / 5 != I % 5) add_binary<float, float, op_set::sweep>(reg, ranks<I / 5, I % 5>{});
}
template <std::size_t... I>
void add_sweep(Registry& reg, std::index_sequence<I...>) {
  (add_sweep_pair<I>(reg), ...);
}
}  // namespace

void register_binary_float(Registry& reg) {
  add_sweep(reg, std::make_index_sequence<25>{});
  add_binary<float, float>(reg, ranks<2, 2>{});
  add_binary<float, float>(reg, ranks<0, 0>{});
  add_binary<double, double>(reg, ranks<3, 2>{});
}

}  // namespace diff
