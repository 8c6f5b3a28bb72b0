// Reduction cases on float32 of ranks 0, 1, 2 and 4, over all elements and along an axis.
#include "reduce_case.hpp"

namespace diff {

void register_reduce_ranks(Registry& reg) { add_reduce<float, 0, 1, 2, 4>(reg); }

}  // namespace diff
