// Type promotion: binary cases on two different dtypes (std::common_type_t) and on a tensor
// with a C++ scalar (which keeps the tensor's type unless its kind is higher, as NumPy's
// value-based casting does).
#include <cstdint>

#include "binary_case.hpp"

namespace diff {

void register_binary_mixed(Registry& reg) {
  using std::int32_t, std::int64_t, std::int8_t, std::uint8_t;
  constexpr op_set p = op_set::promotion;
  add_binary<float, double, p>(reg, ranks<2, 1>{});
  add_binary<int32_t, float, p>(reg, ranks<2, 2>{});
  add_binary<int64_t, double, p>(reg, ranks<1, 2>{});
  add_binary<uint8_t, int32_t, p>(reg, ranks<2, 2>{});
  add_binary<int8_t, uint8_t, p>(reg, ranks<2, 2>{});
  add_binary<int32_t, int64_t, p>(reg, ranks<1, 1>{});
  add_binary<bool, float, p>(reg, ranks<2, 2>{});
  add_binary<uint8_t, float, p>(reg, ranks<1, 2>{});
  add_binary<int64_t, uint8_t, p>(reg, ranks<2, 0>{});
  add_binary<bool, int32_t, p>(reg, ranks<1, 2>{});

  add_binary_scalar<float, 2, double>(reg, true);
  add_binary_scalar<float, 1, std::int64_t>(reg, false);
  add_binary_scalar<int32_t, 2, std::int64_t>(reg, true);
  add_binary_scalar<int32_t, 1, double>(reg, false);
  add_binary_scalar<uint8_t, 2, std::int64_t>(reg, false);
}

}  // namespace diff
