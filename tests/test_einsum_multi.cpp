// einsum against NumPy, three to five operands, contracted in the greedy order.
// Expected values: tests/data/gen_einsum.py (np.einsum). Each case runs the compile-time
// and the run-time form, on contiguous, column-major and flipped operands.
#include "test_einsum_common.hpp"

using namespace einsum_test;

TEST_CASE("einsum matches NumPy: multi"){
#include "data/einsum/cases_multi.inc"
}

TEST_CASE("einsum_path: the greedy order, as NumPy's np.einsum_path(optimize='greedy')") {
  // NumPy's greedy path for these shapes contracts (ab,bc), then (de,cd), then the two
  // 10x10 results: 10*1000*10 + 10*1000*10 + 10*10*10 = 201000 multiply-adds, never the
  // 1000x1000 intermediate that (bc,cd) would make.
  const tensr::Tensor<float, 2> a({10, 1000}), b({1000, 10}), c({10, 1000}), d({1000, 10});
  const tensr::einsum_plan p = tensr::einsum_path("ab,bc,cd,de->ae", a, b, c, d);
  REQUIRE(p.steps.size() == 3);
  CHECK(p.steps[0].rfind("ab,bc->ac", 0) == 0);
  CHECK(p.steps[1].rfind("de,cd->ce", 0) == 0);
  CHECK(p.steps[2].rfind("ac,ce->ae", 0) == 0);
  CHECK(p.cost == 201000);
  // Renaming the indices changes nothing.
  const tensr::einsum_plan q = tensr::einsum_path("pq,qr,rs,st->pt", a, b, c, d);
  CHECK(q.cost == p.cost);
  CHECK(q.steps[0].rfind("pq,qr->pr", 0) == 0);
  // Private indices are summed first, then the pair is contracted.
  const tensr::Tensor<double, 3> x({2, 3, 4});
  const tensr::Tensor<double, 2> y({4, 5});
  const tensr::einsum_plan r = tensr::einsum_path("ijk,kl->l", x, y);
  REQUIRE(r.steps.size() == 2);
  CHECK(r.steps[0].rfind("ijk->k", 0) == 0);
  CHECK(r.steps[1].rfind("k,kl->l", 0) == 0);
  CHECK(r.cost == 24 + 20);
}
