// einsum cases on integer tensors: exact, and wrapping as NumPy's do (its einsum
// accumulates in the operands' type).
#include <cstdint>

#include "einsum_case.hpp"

namespace diff {

void register_einsum_int(Registry& reg) {
  add_einsum<std::int32_t, 3>(reg);
  add_einsum<std::int32_t, 2, 2>(reg);
  add_einsum<std::int32_t, 3, 2, 1>(reg);
  add_einsum<std::int64_t, 2, 3>(reg);
  add_einsum<std::int64_t, 2, 2, 2>(reg);
}

}  // namespace diff
