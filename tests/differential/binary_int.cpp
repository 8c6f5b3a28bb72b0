// Binary elementwise cases on integer and bool tensors, every op (exact results: wrapping,
// floor division and modulo, integer powers).
#include <cstdint>

#include "binary_case.hpp"

namespace diff {

void register_binary_int(Registry& reg) {
  add_binary<std::int32_t, std::int32_t>(reg, ranks<2, 1>{});
  add_binary<std::int64_t, std::int64_t>(reg, ranks<1, 1>{});
  add_binary<std::uint8_t, std::uint8_t>(reg, ranks<2, 2>{});
  add_binary<std::int8_t, std::int8_t>(reg, ranks<1, 2>{});
  add_binary<bool, bool>(reg, ranks<2, 2>{});
}

}  // namespace diff
