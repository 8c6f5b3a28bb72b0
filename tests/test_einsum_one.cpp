// einsum against NumPy, one operand: permutes, diagonals, traces, sums, ellipsis, ranks 0-5,
// zero-size axes. Expected values: tests/data/gen_einsum.py (np.einsum). Each case runs the
// compile-time and the run-time form, on contiguous, column-major and flipped operands.
#include "test_einsum_common.hpp"

using namespace einsum_test;

TEST_CASE("einsum matches NumPy: one") {
#include "data/einsum/cases_one.inc"
}
