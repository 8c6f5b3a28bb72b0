// var(a, axis, n) with a bare integer ddof is deprecated (a reader of np.var takes a bare
// integer for an axis): the warning names the new spelling, var(a, axis, ddof(n)). Made an
// error here so that the check sees it. Built twice by CTest: plain (must compile) and with
// TENSR_FAILTEST (must not).
// TENSR_FAILTEST_EXPECT: var.a, axis, n. is now spelled var.a, axis, ddof.n..
#include <tensr/tensr.hpp>

#pragma GCC diagnostic error "-Wdeprecated-declarations"

int main() {
  const tensr::Tensor<double, 2> a{{1, 2, 3}, {4, 5, 9}};
#ifdef TENSR_FAILTEST
  auto r = tensr::var(a, 1, 1);  // np.var(a, 1, ddof=1) written the old way
#else
  auto r = tensr::var(a, 1, tensr::ddof(1));
#endif
  return r(1) == 7.0 ? 0 : 1;
}
