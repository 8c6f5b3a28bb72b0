// Compiled against the single header as it is.
#include <string>
#include <typeinfo>

#include <tensr/tensr.hpp>

std::string tensor_type_a() { return typeid(tensr::Tensor<float, 2>).name(); }
float sum_a() {
  tensr::Tensor<float, 2> a{{1, 2}, {3, 4}};
  return a(0, 1) + a(1, 0);
}
