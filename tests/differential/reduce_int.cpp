// Reduction cases on integer and bool tensors (exact: 64-bit accumulation, wrapping): every
// form on int32 of rank 3.
#include <cstdint>

#include "reduce_case.hpp"

namespace diff {

void register_reduce_int(Registry& reg) {
  add_reduce_full<std::int32_t, 3>(reg);
  add_reduce<std::int64_t, 1>(reg);
  add_reduce<std::uint8_t, 2>(reg);
  add_reduce<bool, 2>(reg);
}

}  // namespace diff
