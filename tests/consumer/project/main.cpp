// Uses tensr through find_package(tensr): returns 0 when the transpose has the right shape.
#include <tensr/tensr.hpp>

int main() {
  tensr::Tensor<float, 2> a({2, 3});
  auto t = a.t();
  return (t.shape(0) == 3 && t.shape(1) == 2) ? 0 : 1;
}
