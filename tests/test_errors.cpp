// Every error the core throws, with its exact message (SPEC §11): negative sizes,
// element counts that overflow index_t, axes out of range, shapes that do not fit, bad
// slices and checked indexing. Bad input must also leave the tensors it was given intact.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <limits>
#include <stdexcept>
#include <type_traits>

using namespace tensr;

namespace {
constexpr index_t big = index_t{1} << 32;  // big * big overflows index_t
static_assert(std::is_base_of_v<std::invalid_argument, shape_error>);
static_assert(std::is_base_of_v<std::invalid_argument, einsum_error>);
static_assert(std::is_base_of_v<std::runtime_error, io_error>);
}  // namespace

TEST_CASE("negative sizes") {
  CHECK_THROWS_WITH_AS((Tensor<float, 2>({2, -1})),
                       "negative dimension -1 on axis 1 of shape (2,-1)", shape_error);
  CHECK_THROWS_WITH_AS((Tensor<float, 1>({-5})), "negative dimension -5 on axis 0 of shape (-5,)",
                       shape_error);
  CHECK_THROWS_WITH_AS((Tensor<float, 3>(shape_t<3>{-1, 0, 2}, 1.0f)),
                       "negative dimension -1 on axis 0 of shape (-1,0,2)", shape_error);
  float buf[4] = {};
  CHECK_THROWS_WITH_AS((TensorView<float, 2>(buf, {-1, 2})),
                       "negative dimension -1 on axis 0 of shape (-1,2)", shape_error);
  CHECK_THROWS_WITH_AS((TensorView<float, 2>(buf, {2, -3}, {1, 1})),
                       "negative dimension -3 on axis 1 of shape (2,-3)", shape_error);
  Tensor<float, 1> v{1, 2, 3};
  CHECK_THROWS_WITH_AS(broadcast_to(v, shape_t<2>{-2, 3}),
                       "negative dimension -2 on axis 0 of shape (-2,3)", shape_error);
}

TEST_CASE("element counts that overflow index_t") {
  CHECK_THROWS_WITH_AS((Tensor<float, 2>({big, big})),
                       "shape (4294967296,4294967296) has more elements than index_t holds",
                       shape_error);
  CHECK_THROWS_WITH_AS((Tensor<char, 3>({big, 3, big})),
                       "shape (4294967296,3,4294967296) has more elements than index_t holds",
                       shape_error);
  const index_t max = std::numeric_limits<index_t>::max();
  CHECK_THROWS_WITH_AS((Tensor<char, 2>({max, 2})),
                       "shape (9223372036854775807,2) has more elements than index_t holds",
                       shape_error);
  float buf[1] = {};
  CHECK_THROWS_WITH_AS((TensorView<float, 2>(buf, {big, big})),
                       "shape (4294967296,4294967296) has more elements than index_t holds",
                       shape_error);
  Tensor<float, 1> v{1, 2, 3};
  CHECK_THROWS_WITH_AS(broadcast_to(v, shape_t<3>{big, big, 3}),
                       "shape (4294967296,4294967296,3) has more elements than index_t holds",
                       shape_error);
  CHECK_THROWS_WITH_AS(v.reshape<2>({big, big}),
                       "cannot reshape array of size 3 into shape (4294967296,4294967296)",
                       shape_error);
  // A count that fits index_t but not memory: refused before allocating.
  CHECK_THROWS_WITH_AS((Tensor<float, 2>({index_t{1} << 31, index_t{1} << 31})),
                       "tensor of 4611686018427387904 elements is too large to allocate",
                       shape_error);
  // A zero anywhere makes the count 0, however large the other sizes; such a tensor works
  // like any empty one (no layout arithmetic may overflow on it).
  Tensor<float, 3> empty({big, big, 0});
  CHECK(empty.size() == 0);
  CHECK(empty.shape() == shape_t<3>{big, big, 0});
  CHECK(empty.strides() == shape_t<3>{0, 0, 0});
  CHECK(empty.view().size() == 0);
  CHECK(empty.is_contiguous());
  CHECK(empty.t().is_contiguous());
  CHECK(empty(big - 1).shape() == shape_t<2>{big, 0});
  CHECK(empty(range(1, none), -1).size() == 0);
  CHECK(empty.flip().size() == 0);
  CHECK(empty.reshape<2>({-1, big}).shape() == shape_t<2>{0, big});
  CHECK(empty.reshape<4>({big, 0, big, 1}).shape() == shape_t<4>{big, 0, big, 1});
  CHECK_THROWS_WITH_AS(empty.reshape<3>({big, big, -1}),
                       "cannot reshape array of size 0 into shape (4294967296,4294967296,-1)",
                       shape_error);
  CHECK(empty.expand_dims(0).shape() == shape_t<4>{1, big, big, 0});
  CHECK(empty.diagonal().shape() == shape_t<2>{0, big});
  empty.fill(1);
  empty.view() = 2;
  empty.view() = empty.t().t();
  Tensor<float, 3> copied = empty;
  Tensor<float, 3> transposed = empty.t();
  CHECK(copied.shape() == shape_t<3>{big, big, 0});
  CHECK(transposed.shape() == shape_t<3>{0, big, big});
  Tensor<float, 3> front({0, big, big});
  CHECK(front.view().size() == 0);
  CHECK(front.is_contiguous());
  CHECK(front(all, big - 1, range(none, none, -1)).size() == 0);
  TensorView<float, 3> odd(buf, {big, big, 0}, {big, big, 1});
  CHECK(odd.size() == 0);
  CHECK(odd.copy().shape() == shape_t<3>{big, big, 0});
  odd = empty;
}

TEST_CASE("axes out of range") {
  Tensor<float, 2> a({2, 3});
  CHECK_THROWS_WITH_AS(a.shape(2), "axis 2 is out of bounds for array of dimension 2", shape_error);
  CHECK_THROWS_WITH_AS(a.strides(-3), "axis -3 is out of bounds for array of dimension 2",
                       shape_error);
  CHECK_THROWS_WITH_AS(a.transpose({0, 2}), "axis 2 is out of bounds for array of dimension 2",
                       shape_error);
  CHECK_THROWS_WITH_AS(a.swapaxes(0, 3), "axis2: axis 3 is out of bounds for array of dimension 2",
                       shape_error);
  CHECK_THROWS_WITH_AS(swapaxes(a, -3, 0),
                       "axis1: axis -3 is out of bounds for array of dimension 2", shape_error);
  CHECK_THROWS_WITH_AS(a.moveaxis(2, 0), "source: axis 2 is out of bounds for array of dimension 2",
                       shape_error);
  CHECK_THROWS_WITH_AS(a.moveaxis(0, -3),
                       "destination: axis -3 is out of bounds for array of dimension 2",
                       shape_error);
  CHECK_THROWS_WITH_AS(a.flip(2), "axis 2 is out of bounds for array of dimension 2", shape_error);
  CHECK_THROWS_WITH_AS(flip(a, -3), "axis -3 is out of bounds for array of dimension 2",
                       shape_error);
  // expand_dims counts the new axis: a rank-2 tensor takes axes in [-3, 2].
  CHECK_THROWS_WITH_AS(a.expand_dims(3), "axis 3 is out of bounds for array of dimension 3",
                       shape_error);
  CHECK_THROWS_WITH_AS(a.expand_dims(-4), "axis -4 is out of bounds for array of dimension 3",
                       shape_error);
  CHECK_THROWS_WITH_AS(a.squeeze(5), "axis 5 is out of bounds for array of dimension 2",
                       shape_error);
  CHECK_THROWS_WITH_AS(a.diagonal(0, 0, 2),
                       "axis2: axis 2 is out of bounds for array of dimension 2", shape_error);
  CHECK_THROWS_WITH_AS(a.diagonal(0, -3, 1),
                       "axis1: axis -3 is out of bounds for array of dimension 2", shape_error);
  CHECK_THROWS_WITH_AS(sliding_window_view(a, {1}, {2}),
                       "axis 2 is out of bounds for array of dimension 2", shape_error);
  Tensor<float, 0> s(1.0f);
  CHECK_THROWS_WITH_AS(s.shape(0), "axis 0 is out of bounds for array of dimension 0", shape_error);
}

TEST_CASE("axes that repeat or do not fit") {
  Tensor<float, 3> a({2, 3, 4});
  CHECK_THROWS_WITH_AS(a.transpose({1, 1, 0}), "transpose: repeated axis in (1,1,0)", shape_error);
  CHECK_THROWS_WITH_AS(a.transpose({0, -3, 1}), "transpose: repeated axis in (0,-3,1)",
                       shape_error);
  CHECK_THROWS_WITH_AS(a.diagonal(0, 1, 1), "diagonal: axis1 and axis2 cannot be the same",
                       shape_error);
  CHECK_THROWS_WITH_AS(a.diagonal(0, 2, -1), "diagonal: axis1 and axis2 cannot be the same",
                       shape_error);
  Tensor<float, 4> s1({1, 2, 1, 3});
  CHECK_THROWS_WITH_AS(s1.squeeze(1),
                       "cannot select an axis to squeeze out which has size not equal to one "
                       "(axis 1 of shape (1,2,1,3))",
                       shape_error);
  CHECK_THROWS_WITH_AS(s1.squeeze<1>(),
                       "squeeze<1>: shape (1,2,1,3) has 2 axes of size other than 1", shape_error);
  CHECK_THROWS_WITH_AS(s1.squeeze<3>(),
                       "squeeze<3>: shape (1,2,1,3) has 2 axes of size other than 1", shape_error);
}

TEST_CASE("reshape errors") {
  Tensor<float, 2> a({2, 3});
  CHECK_THROWS_WITH_AS(a.reshape<1>({4}), "cannot reshape array of size 6 into shape (4,)",
                       shape_error);
  CHECK_THROWS_WITH_AS(a.reshape<3>({2, 2, 2}), "cannot reshape array of size 6 into shape (2,2,2)",
                       shape_error);
  CHECK_THROWS_WITH_AS(a.reshape<2>({-1, 4}), "cannot reshape array of size 6 into shape (-1,4)",
                       shape_error);
  CHECK_THROWS_WITH_AS(a.reshape<2>({0, -1}), "cannot reshape array of size 6 into shape (0,-1)",
                       shape_error);
  CHECK_THROWS_WITH_AS(a.reshape<2>({-1, -1}), "reshape: can only specify one unknown dimension",
                       shape_error);
  CHECK_THROWS_WITH_AS(a.reshape<2>({-3, -2}), "reshape: negative dimension in (-3,-2)",
                       shape_error);
  CHECK_THROWS_WITH_AS(a.t().reshape<1>({6}),
                       "reshape: a view of shape (3,2) and strides (1,3) cannot be reshaped to "
                       "(6,) without copying; call .copy() first",
                       shape_error);
  CHECK_THROWS_WITH_AS(reshape<2>(a.t(), {2, 3}),
                       "reshape: a view of shape (3,2) and strides (1,3) cannot be reshaped to "
                       "(2,3) without copying; call .copy() first",
                       shape_error);
  auto make = [] { return Tensor<float, 1>({6}); };
  CHECK_THROWS_WITH_AS(make().reshape<2>({4, 2}), "cannot reshape array of size 6 into shape (4,2)",
                       shape_error);
}

TEST_CASE("broadcasting errors") {
  Tensor<float, 2> a({3, 2}, 1.0f);
  Tensor<float, 2> b({2, 3}, 2.0f);
  CHECK_THROWS_WITH_AS(a.view() = b,
                       "could not broadcast input array from shape (2,3) into shape (3,2)",
                       shape_error);
  CHECK_THROWS_WITH_AS((a(all, all) = Tensor<float, 1>({3})),
                       "could not broadcast input array from shape (3,) into shape (3,2)",
                       shape_error);
  CHECK_THROWS_WITH_AS((a(all, 0) = Tensor<float, 2>({2, 3})),
                       "could not broadcast input array from shape (2,3) into shape (3,)",
                       shape_error);
  CHECK_THROWS_WITH_AS((a(all, all) = Tensor<float, 3>({2, 3, 2})),
                       "could not broadcast input array from shape (2,3,2) into shape (3,2)",
                       shape_error);
  // Leading axes of size 1 are dropped, as NumPy does.
  a(all, all) = Tensor<float, 3>({1, 3, 2}, 5.0f);
  CHECK(a(2, 1) == 5);
  Tensor<float, 1> v{1, 2, 3};
  CHECK_THROWS_WITH_AS(broadcast_to(v, shape_t<2>{2, 4}),
                       "operands could not be broadcast together with remapped shapes "
                       "[original->remapped]: (3,)  and requested shape (2,4)",
                       shape_error);
  Tensor<float, 2> col({2, 1});
  CHECK_THROWS_WITH_AS(broadcast_to(col, shape_t<2>{3, 4}),
                       "operands could not be broadcast together with remapped shapes "
                       "[original->remapped]: (2,1)  and requested shape (3,4)",
                       shape_error);
}

TEST_CASE("sliding_window_view errors") {
  Tensor<float, 2> c({5, 6});
  CHECK_THROWS_WITH_AS(sliding_window_view(c, {6}, {0}),
                       "sliding_window_view: window shape (6,) cannot be larger than input array "
                       "shape (5,6) on axis 0",
                       shape_error);
  CHECK_THROWS_WITH_AS(sliding_window_view(c, {4, 4}, {1, -1}),
                       "sliding_window_view: window shape (4,4) cannot be larger than input array "
                       "shape (5,6) on axis 1",
                       shape_error);
  CHECK_THROWS_WITH_AS(sliding_window_view(c, {-1}, {0}),
                       "sliding_window_view: window shape cannot be negative", shape_error);
}

TEST_CASE("slice and index errors") {
  Tensor<float, 3> s({2, 3, 4});
  CHECK_THROWS_WITH_AS(s(range(0, 2, 0)), "slice step cannot be zero (axis 0)", shape_error);
  CHECK_THROWS_WITH_AS(s(ellipsis, range(none, none, 0)), "slice step cannot be zero (axis 2)",
                       shape_error);
  CHECK_THROWS_WITH_AS(s(0, 3), "index 3 is out of bounds for axis 1 with size 3",
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(s(newaxis, -3), "index -3 is out of bounds for axis 0 with size 2",
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(s.at(1, 2, 4), "index 4 is out of bounds for axis 2 with size 4",
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(s.view().at(-3, 0, 0), "index -3 is out of bounds for axis 0 with size 2",
                       std::out_of_range);
}

TEST_CASE("ragged nested lists") {
  CHECK_THROWS_WITH_AS((Tensor<float, 2>{{1, 2, 3}, {4, 5}}),
                       "ragged nested initializer list: axis 1 has sizes 3 and 2", shape_error);
  CHECK_THROWS_WITH_AS((Tensor<int, 3>{{{1}, {2}}, {{3}}}),
                       "ragged nested initializer list: axis 1 has sizes 2 and 1", shape_error);
}

TEST_CASE("failed operations leave their operands unchanged") {
  Tensor<float, 2> a{{1, 2}, {3, 4}, {5, 6}};
  const Tensor<float, 2> before = a;
  auto same = [&] {
    for (index_t i = 0; i < 3; ++i)
      for (index_t j = 0; j < 2; ++j)
        if (a(i, j) != before(i, j)) return false;
    return a.shape() == before.shape();
  };
  CHECK_THROWS_AS((a.view() = Tensor<float, 2>({2, 3})), shape_error);
  CHECK(same());
  // The overlapping path (source copied first) checks shapes before writing too.
  CHECK_THROWS_AS(a(range(0, 2), all) = a.t(), shape_error);
  CHECK(same());
  CHECK_THROWS_AS(a.reshape<2>({4, -1}), shape_error);
  CHECK_THROWS_AS(a.t().reshape<1>({6}), shape_error);
  CHECK_THROWS_AS(a(5), std::out_of_range);
  CHECK_THROWS_AS(a.at(0, 2) = 9, std::out_of_range);
  CHECK_THROWS_AS(a.swapaxes(0, 2), shape_error);
  CHECK(same());
  // A Tensor assigned from a view that fails to convert keeps its old contents.
  CHECK_THROWS_AS((a = Tensor<float, 2>({-1, 2})), shape_error);
  CHECK(same());
}
