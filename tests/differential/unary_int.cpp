// Unary elementwise cases on integer and bool tensors (math functions of them give double).
#include <cstdint>

#include "unary_case.hpp"

namespace diff {

void register_unary_int(Registry& reg) {
  add_unary<std::int32_t, 2>(reg);
  add_unary<std::uint8_t, 2>(reg);
  add_unary<bool, 2>(reg);
  add_unary_sweep<std::int64_t, 1>(reg);
  add_unary_sweep<std::int8_t, 1>(reg);
}

}  // namespace diff
