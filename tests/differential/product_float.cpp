// Matrix-product cases on float32 (every pair of ranks 1-4) and float64 (a few pairs).
#include <cstddef>
#include <utility>

#include "product_case.hpp"

namespace diff {
namespace {
template <std::size_t... I>
void add_rank_pairs(Registry& reg, std::index_sequence<I...>) {
  (add_product<float, I / 4 + 1, I % 4 + 1>(reg), ...);
}
}  // namespace

void register_product_float(Registry& reg) {
  add_rank_pairs(reg, std::make_index_sequence<16>{});
  add_product<double, 1, 1>(reg);
  add_product<double, 2, 2>(reg);
  add_product<double, 3, 2>(reg);
  add_product<double, 2, 3>(reg);
  add_product<double, 1, 3>(reg);
  add_product<double, 4, 4>(reg);
}

}  // namespace diff
