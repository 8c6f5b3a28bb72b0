// Uses tensr through the single header only:
//   c++ -std=c++20 -I single_include one_file.cpp
// Returns 0 when the transpose has the right shape.
#include <tensr/tensr.hpp>

int main() {
  tensr::Tensor<float, 2> a({2, 3});
  auto t = a.t();
  return (t.shape(0) == 3 && t.shape(1) == 2) ? 0 : 1;
}
