// einsum cases on float32 (one to four operands) and float64.
#include "einsum_case.hpp"

namespace diff {

void register_einsum_float(Registry& reg) {
  add_einsum<float, 2>(reg);
  add_einsum<float, 3>(reg);
  add_einsum<float, 4>(reg);
  add_einsum<float, 1, 1>(reg);
  add_einsum<float, 2, 1>(reg);
  add_einsum<float, 2, 2>(reg);
  add_einsum<float, 3, 2>(reg);
  add_einsum<float, 3, 3>(reg);
  add_einsum<float, 2, 4>(reg);
  add_einsum<float, 2, 2, 2>(reg);
  add_einsum<float, 3, 2, 1>(reg);
  add_einsum<float, 1, 3, 2>(reg);
  add_einsum<float, 2, 2, 2, 2>(reg);
  add_einsum<float, 1, 2, 3, 1>(reg);
  add_einsum<double, 3>(reg);
  add_einsum<double, 2, 2>(reg);
  add_einsum<double, 3, 3>(reg);
  add_einsum<double, 2, 3, 2>(reg);
}

}  // namespace diff
