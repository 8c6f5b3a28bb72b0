// broadcast_to gives a read-only view (its elements are const): writing an element must
// not compile. Built twice by CTest: plain (must compile) and with TENSR_FAILTEST (must not).
#include <tensr/tensr.hpp>

int main() {
  tensr::Tensor<float, 1> row{1, 2, 3};
  auto b = tensr::broadcast_to(row, tensr::shape_t<2>{2, 3});
#ifdef TENSR_FAILTEST
  b(1, 2) = 7.0f;  // writing through a read-only view must not compile
#else
  row(2) = 7.0f;  // the writable way: write the source, seen through every repetition
#endif
  return b(1, 2) == 7.0f ? 0 : 1;
}
