// Matrix-product cases on integer tensors: exact, and wrapping as NumPy's do (its integer
// matmul and dot accumulate in the operands' type).
#include <cstdint>

#include "product_case.hpp"

namespace diff {

void register_product_int(Registry& reg) {
  add_product<std::int32_t, 2, 2>(reg);
  add_product<std::int32_t, 3, 3>(reg);
  add_product<std::int32_t, 1, 2>(reg);
  add_product<std::int32_t, 3, 1>(reg);
  add_product<std::int64_t, 2, 2>(reg);
  add_product<std::int64_t, 2, 4>(reg);
  add_product<std::uint8_t, 2, 2>(reg, "matmul dot");
}

}  // namespace diff
