// einsum's run-time form: every kind of bad spec throws einsum_error whose message says
// what is wrong and shows the spec with a caret under the problem (exact texts pinned).
// tensordot's shape errors name both shapes.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <string>

using tensr::einsum;
using tensr::einsum_error;
using tensr::Tensor;

namespace {
const Tensor<double, 2> a({2, 3}), b({3, 4}), c({4, 2}), e({3, 1}), s({3, 3});
const Tensor<double, 3> x({2, 3, 4});
}  // namespace

TEST_CASE("einsum: malformed specs") {
  CHECK_THROWS_WITH_AS(einsum<2>("ij,j1->ik", a, b),
                       "einsum: invalid character '1' (indices are letters a-z, A-Z)\n"
                       "  ij,j1->ik\n"
                       "      ^",
                       einsum_error);
  CHECK_THROWS_WITH_AS(einsum<2>("ij,jk->i,k", a, b),
                       "einsum: invalid character ',' (indices are letters a-z, A-Z)\n"
                       "  ij,jk->i,k\n"
                       "          ^",
                       einsum_error);
  CHECK_THROWS_WITH_AS(einsum<2>("ij,j.k->ik", a, b),
                       "einsum: a '.' that is not part of an ellipsis '...'\n"
                       "  ij,j.k->ik\n"
                       "      ^",
                       einsum_error);
  CHECK_THROWS_WITH_AS(einsum<2>("ij..,jk->ik", a, b),
                       "einsum: a '.' that is not part of an ellipsis '...'\n"
                       "  ij..,jk->ik\n"
                       "    ^",
                       einsum_error);
  CHECK_THROWS_WITH_AS(einsum<2>("...ij...,jk->ik", a, b),
                       "einsum: more than one '...' in one term\n"
                       "  ...ij...,jk->ik\n"
                       "       ^~~",
                       einsum_error);
  CHECK_THROWS_WITH_AS(einsum<2>("ij,jk-ik", a, b),
                       "einsum: '->' must be written as '-' followed by '>'\n"
                       "  ij,jk-ik\n"
                       "       ^",
                       einsum_error);
  CHECK_THROWS_WITH_AS(einsum<2>("ij,jk>ik", a, b),
                       "einsum: '->' must be written as '-' followed by '>'\n"
                       "  ij,jk>ik\n"
                       "       ^",
                       einsum_error);
  CHECK_THROWS_WITH_AS(einsum<2>("ij,jk->i->k", a, b),
                       "einsum: more than one '->'\n"
                       "  ij,jk->i->k\n"
                       "          ^~",
                       einsum_error);
}

TEST_CASE("einsum: bad output indices") {
  CHECK_THROWS_WITH_AS(einsum<2>("ij,jk->iq", a, b),
                       "einsum: output index 'q' does not appear in any input\n"
                       "  ij,jk->iq\n"
                       "          ^",
                       einsum_error);
  CHECK_THROWS_WITH_AS(einsum<2>("ij,jk->ii", a, b),
                       "einsum: output index 'i' appears more than once\n"
                       "  ij,jk->ii\n"
                       "          ^",
                       einsum_error);
  CHECK_THROWS_WITH_AS(einsum<2>("...ij->ij", x),
                       "einsum: the operands have 1 axis under '...' but the output has no "
                       "'...' to put them in\n"
                       "  ...ij->ij\n"
                       "         ^~",
                       einsum_error);
  CHECK_THROWS_WITH_AS(einsum<3>("ij,jk->ik", a, b),
                       "einsum: the output has rank 2 but einsum<3> was asked for\n"
                       "  ij,jk->ik\n"
                       "         ^~",
                       einsum_error);
  CHECK_THROWS_WITH_AS(einsum<1>("ij,jk", a, b),
                       "einsum: the output has rank 2 but einsum<1> was asked for\n"
                       "  ij,jk\n"
                       "  ^~~~~",
                       einsum_error);
}

TEST_CASE("einsum: operand count and ranks") {
  CHECK_THROWS_WITH_AS(einsum<2>("ij,jk,kl->il", a, b),
                       "einsum: the spec has 3 operands but 2 were given\n"
                       "  ij,jk,kl->il\n"
                       "        ^~",
                       einsum_error);
  CHECK_THROWS_WITH_AS(einsum<2>("ij->ij", a, b),
                       "einsum: the spec has 1 operand but 2 were given\n"
                       "  ij->ij\n"
                       "    ^",
                       einsum_error);
  CHECK_THROWS_WITH_AS(einsum<2>("ij,jk->ik", x, b),
                       "einsum: operand 0 has rank 3 but the spec gives it 2 indices\n"
                       "  ij,jk->ik\n"
                       "  ^~",
                       einsum_error);
  CHECK_THROWS_WITH_AS(einsum<2>("ij,j->ij", a, b),
                       "einsum: operand 1 has rank 2 but the spec gives it 1 index\n"
                       "  ij,j->ij\n"
                       "     ^",
                       einsum_error);
  CHECK_THROWS_WITH_AS(einsum<2>("ijk...,jk->ik", a, b),
                       "einsum: operand 0 has rank 2 but the spec gives it 3 indices and '...'\n"
                       "  ijk...,jk->ik\n"
                       "  ^~~~~~",
                       einsum_error);
}

TEST_CASE("einsum: sizes that do not fit") {
  CHECK_THROWS_WITH_AS(einsum<2>("ij,jk->ik", a, c),
                       "einsum: index 'j' has size 3 in operand 0 but size 4 in operand 1\n"
                       "  ij,jk->ik\n"
                       "     ^",
                       einsum_error);
  CHECK_THROWS_WITH_AS(einsum<1>("ii->i", e),
                       "einsum: index 'i' is repeated in operand 0 with different sizes 3 and 1\n"
                       "  ii->i\n"
                       "   ^",
                       einsum_error);
  CHECK_THROWS_WITH_AS(einsum<2>("...i,...i->...i", a, s),
                       "einsum: axis 0 of '...' has size 2 in operand 0 but size 3 in operand 1\n"
                       "  ...i,...i->...i\n"
                       "       ^~~",
                       einsum_error);
  // The compile-time form checks sizes at run time, with the same message.
  CHECK_THROWS_WITH_AS(tensr::einsum<"ij,jk->ik">(a, c),
                       "einsum: index 'j' has size 3 in operand 0 but size 4 in operand 1\n"
                       "  ij,jk->ik\n"
                       "     ^",
                       einsum_error);
  // einsum_error is an invalid_argument, like NumPy's ValueError.
  CHECK_THROWS_AS(einsum<2>("ij,jk->iq", a, b), std::invalid_argument);
}

TEST_CASE("tensordot: shape errors name the shapes") {
  CHECK_THROWS_WITH_AS(tensr::tensordot(a, c, {1}, {0}),
                       "tensordot: shape-mismatch for sum: shapes (2,3) and (4,2) with axes (1,) "
                       "and (0,)",
                       tensr::shape_error);
  CHECK_THROWS_WITH_AS(tensr::tensordot<2>(x, c),
                       "tensordot: shape-mismatch for sum: shapes (2,3,4) and (4,2) with axes "
                       "(1,2) and (0,1)",
                       tensr::shape_error);
  CHECK_THROWS_WITH_AS(tensr::tensordot(a, b, {2}, {0}),
                       "tensordot: axis 2 is out of bounds for array of dimension 2",
                       tensr::shape_error);
  CHECK_THROWS_WITH_AS(tensr::tensordot(x, x, {0, 0}, {0, 1}),
                       "tensordot: repeated axis in (0,0) or (0,1)", tensr::shape_error);
}

TEST_CASE("einsum: specs of any length (spaces are allowed anywhere)") {
  const Tensor<double, 2> p{{1, 2}, {3, 4}}, q{{5, 6}, {7, 8}};
  const Tensor<double, 2> want{{19, 22}, {43, 50}};
  // Term positions used to be 16-bit: with the output term starting at 65536 the parser read
  // the inputs as the output and reported "output index 'j' appears more than once". Check
  // lengths around every multiple of 65536 up to 2^17 and a few well past it.
  for (const std::size_t pad : {std::size_t{65530}, std::size_t{65531}, std::size_t{65536},
                                std::size_t{131066}, std::size_t{131072}, std::size_t{300000}}) {
    const std::string spec = "ij," + std::string(pad, ' ') + "jk->ik";
    const auto r = einsum<2>(spec, p, q);
    REQUIRE(r.shape() == want.shape());
    for (tensr::index_t i = 0; i < 2; ++i)
      for (tensr::index_t k = 0; k < 2; ++k) CHECK(r(i, k) == want(i, k));
    const std::string implicit = "ij," + std::string(pad, ' ') + "jk";
    CHECK(einsum<2>(implicit, p, q)(1, 1) == 50);
  }
  // An error past position 65535 still puts its caret under the right character.
  const std::string bad = std::string(70000, ' ') + "ij,jk->iq";
  try {
    einsum<2>(bad, p, q);
    FAIL("no einsum_error");
  } catch (const einsum_error& err) {
    const std::string m = err.what();
    const std::string last = m.substr(m.rfind('\n') + 1);
    CHECK(m.starts_with("einsum: output index 'q' does not appear in any input\n"));
    CHECK(last == std::string(2 + 70000 + 8, ' ') + "^");
  }
  // The operand-count caret, measured from term positions, too.
  const std::string three = "ij,jk," + std::string(70000, ' ') + "kl->il";
  try {
    einsum<2>(three, p, q);
    FAIL("no einsum_error");
  } catch (const einsum_error& err) {
    const std::string m = err.what();
    const std::string last = m.substr(m.rfind('\n') + 1);
    CHECK(m.starts_with("einsum: the spec has 3 operands but 2 were given\n"));
    CHECK(last == std::string(2 + 6, ' ') + "^" + std::string(70001, '~'));
  }
}
