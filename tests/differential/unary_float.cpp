// Unary elementwise cases on float32 (every op on rank 2, a few on ranks 0, 1, 3, 4) and
// float64.
#include "unary_case.hpp"

namespace diff {

void register_unary_float(Registry& reg) {
  add_unary<float, 2, 0, 1, 3, 4>(reg);
  add_unary<double, 1>(reg);
}

}  // namespace diff
