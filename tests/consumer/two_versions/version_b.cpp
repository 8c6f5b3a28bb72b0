// Compiled against a copy of the single header whose version was changed: the inline
// namespace differs, so the two copies of Tensor are distinct types and do not collide.
#include <string>
#include <typeinfo>

#include <tensr/tensr.hpp>

std::string tensor_type_b() { return typeid(tensr::Tensor<float, 2>).name(); }
float sum_b() {
  tensr::Tensor<float, 2> a{{1, 2}, {3, 4}};
  return a(0, 0) + a(1, 1);
}
