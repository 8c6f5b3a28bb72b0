// Reduction cases on float32 and float64: every form on rank 3.
#include "reduce_case.hpp"

namespace diff {

void register_reduce_float(Registry& reg) {
  add_reduce_full<float, 3>(reg);
  add_reduce<double, 2>(reg);
}

}  // namespace diff
