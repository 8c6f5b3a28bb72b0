// nn init: calculate_gain's values (PyTorch's table), and the statistics of xavier_* /
// kaiming_* / Linear's default init: bounds exact, mean and variance within loose
// statistical tolerances (5 standard errors) of PyTorch's formulas.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

using namespace tensr;

namespace {

struct stats {
  double mean, var, min, max;
};

template <class T, std::size_t R>
stats stats_of(const Tensor<T, R>& t) {
  double s = 0, s2 = 0, lo = 1e300, hi = -1e300;
  for (index_t i = 0; i < t.size(); ++i) {
    const double v = t.data()[i];
    s += v;
    s2 += v * v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  const double n = static_cast<double>(t.size());
  return {s / n, s2 / n - (s / n) * (s / n), lo, hi};
}

/// U(-b, b): inside the bounds, reaching close to both, mean 0 and variance b^2 / 3.
template <class T, std::size_t R>
void check_uniform(const Tensor<T, R>& w, double b) {
  const auto s = stats_of(w);
  const double n = static_cast<double>(w.size()), var = b * b / 3;
  CHECK(s.min >= -b);
  CHECK(s.max <= b);
  CHECK(s.min < -0.99 * b);
  CHECK(s.max > 0.99 * b);
  CHECK(std::fabs(s.mean) < 5 * std::sqrt(var / n));
  CHECK(s.var == doctest::Approx(var).epsilon(5 * std::sqrt(0.8 / n)));  // var of x^2 = 0.8 var^2
}

/// N(0, sd^2): mean 0, variance sd^2 (the sample variance's relative error is sqrt(2 / n)).
template <class T, std::size_t R>
void check_normal(const Tensor<T, R>& w, double sd) {
  const auto s = stats_of(w);
  const double n = static_cast<double>(w.size());
  CHECK(std::fabs(s.mean) < 5 * sd / std::sqrt(n));
  CHECK(s.var == doctest::Approx(sd * sd).epsilon(5 * std::sqrt(2 / n)));
  CHECK(s.max > 3 * sd);  // a normal's tails, not a uniform's
}

}  // namespace

TEST_CASE("calculate_gain: PyTorch's table") {
  for (const char* one : {"linear", "conv1d", "conv2d", "conv3d", "conv_transpose2d", "sigmoid"})
    CHECK(nn::calculate_gain(one) == 1.0);
  CHECK(nn::calculate_gain("tanh") == doctest::Approx(5.0 / 3.0));
  CHECK(nn::calculate_gain("relu") == doctest::Approx(1.4142135623730951));
  CHECK(nn::calculate_gain("leaky_relu") == doctest::Approx(1.4141428569978354));  // slope 0.01
  CHECK(nn::calculate_gain("leaky_relu", 0.2) == doctest::Approx(1.3867504905630728));
  CHECK(nn::calculate_gain("leaky_relu", std::sqrt(5.0)) == doctest::Approx(0.5773502691896257));
  CHECK(nn::calculate_gain("selu") == 0.75);
  CHECK_THROWS_AS(nn::calculate_gain("softplus"), std::invalid_argument);
}

TEST_CASE("xavier_uniform / xavier_normal: Glorot's bounds and variance") {
  Random rng(11);
  Tensor<double, 2> w({300, 200});  // fan_out 300, fan_in 200
  nn::xavier_uniform(w, rng);
  check_uniform(w, std::sqrt(6.0 / 500));
  nn::xavier_uniform(w, rng, nn::calculate_gain("tanh"));
  check_uniform(w, 5.0 / 3.0 * std::sqrt(6.0 / 500));
  Tensor<float, 2> wf({200, 300});
  nn::xavier_normal(wf, rng);
  check_normal(wf, std::sqrt(2.0 / 500));
  // A rank-4 (convolution) weight: fans include the receptive field, 4*9 and 8*9.
  Tensor<double, 4> conv({8, 4, 9, 9});
  nn::xavier_uniform(conv, rng);
  check_uniform(conv, std::sqrt(6.0 / (4 * 81 + 8 * 81)));
  // A view: only the viewed elements change.
  Tensor<double, 2> big({100, 100}, 7.0);
  nn::xavier_normal(big(range(0, 100), range(0, 100, 2)), rng);
  CHECK(big(0, 1) == 7.0);
  CHECK(big(99, 99) == 7.0);
  CHECK(big(0, 0) != 7.0);
}

TEST_CASE("kaiming_uniform / kaiming_normal: He's bounds and variance, both modes") {
  Random rng(12);
  Tensor<double, 2> w({250, 400});  // fan_out 250, fan_in 400
  nn::kaiming_uniform(w, rng);      // a = 0, leaky_relu: gain sqrt(2)
  check_uniform(w, std::sqrt(6.0 / 400));
  nn::kaiming_uniform(w, rng, 0, nn::fan_mode::fan_out, "relu");
  check_uniform(w, std::sqrt(6.0 / 250));
  nn::kaiming_normal(w, rng, 0, nn::fan_mode::fan_in, "relu");
  check_normal(w, std::sqrt(2.0 / 400));
  nn::kaiming_normal(w, rng, 0.2, nn::fan_mode::fan_out);
  check_normal(w, std::sqrt(2.0 / 1.04) / std::sqrt(250.0));
  Tensor<double, 1> v({10});
  CHECK_THROWS_AS(nn::kaiming_uniform(v, rng), shape_error);
  CHECK_THROWS_AS(nn::xavier_normal(v, rng), shape_error);
}

TEST_CASE("Linear's default init: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias, seeded") {
  Random rng(13);
  nn::Linear<double> lin(256, 300, rng);
  check_uniform(Tensor<double, 2>(lin.weight()), 1.0 / 16);
  const Tensor<double, 1> b(lin.bias());
  CHECK(stats_of(b).min >= -1.0 / 16);
  CHECK(stats_of(b).max <= 1.0 / 16);
  CHECK(stats_of(b).max - stats_of(b).min > 0.9 * 2 / 16);
  Random again(13);
  nn::Linear<double> same(256, 300, again);
  CHECK(std::equal(lin.weight().data(), lin.weight().data() + lin.weight().size(),
                   same.weight().data()));
  CHECK(std::equal(lin.bias().data(), lin.bias().data() + 300, same.bias().data()));
  // Gradients start at zero.
  for (const auto& p : lin.parameters())
    CHECK(
        std::all_of(p.grad.data(), p.grad.data() + p.grad.size(), [](double g) { return g == 0; }));
}

TEST_CASE("init on zero-element tensors is a no-op that draws nothing (PyTorch's rule)") {
  // torch.nn.init.kaiming_uniform_ / kaiming_normal_ return a tensor with a 0 in its shape
  // untouched (with the warning "Initializing zero-element tensors is a no-op"), before they
  // compute fans: torch.empty(0) and torch.empty(3, 0) are both fine. The fan of such a tensor
  // may be 0, whose bound 1/sqrt(0) would be infinite.
  Random rng(14), fresh(14);
  Tensor<float, 2> w30({3, 0}), w03({0, 3}), w00({0, 0});
  Tensor<double, 1> v0({0});
  Tensor<double, 4> conv({4, 0, 3, 3});
  CHECK_NOTHROW(nn::kaiming_uniform(w30, rng, std::sqrt(5.0)));
  CHECK_NOTHROW(nn::kaiming_uniform(w03, rng, 0, nn::fan_mode::fan_out));
  CHECK_NOTHROW(nn::kaiming_normal(w30, rng));
  CHECK_NOTHROW(nn::kaiming_normal(w00, rng, 0, nn::fan_mode::fan_out));
  CHECK_NOTHROW(nn::kaiming_uniform(v0, rng));  // rank 1: no fan needed for nothing
  CHECK_NOTHROW(nn::kaiming_normal(conv, rng));
  // xavier_*: PyTorch computes the fans first (rank < 2 stays an error); with both fans 0 its
  // std would divide by zero, tensr fills nothing.
  CHECK_NOTHROW(nn::xavier_uniform(w30, rng));
  CHECK_NOTHROW(nn::xavier_uniform(w00, rng));
  CHECK_NOTHROW(nn::xavier_normal(w00, rng, 2.0));
  CHECK_THROWS_AS(nn::xavier_uniform(v0, rng), shape_error);
  // Nothing was drawn: the generator is where a fresh one with the same seed is.
  CHECK(rng.uniform<double>() == fresh.uniform<double>());
  // A non-empty tensor is still checked and filled.
  Tensor<double, 2> w({2, 2});
  nn::kaiming_uniform(w, rng);
  CHECK(w(0, 0) != 0.0);
}

TEST_CASE("Linear with a zero-size feature axis, as PyTorch builds it") {
  // torch.nn.Linear(0, 3): weight [3, 0], bias [3] from U(-0, 0), i.e. zeros; forward of
  // x [B, 0] is the bias on every row. Linear(3, 0): weight [0, 3], bias [0], output [B, 0].
  Random rng(15), fresh(15);
  nn::Linear<float> in0(0, 3, rng);
  CHECK(in0.weight().shape() == shape_t<2>{3, 0});
  REQUIRE(in0.bias().shape() == shape_t<1>{3});
  for (index_t j = 0; j < 3; ++j) CHECK(in0.bias()(j) == 0.0f);
  nn::Linear<float> out0(3, 0, rng);
  CHECK(out0.weight().shape() == shape_t<2>{0, 3});
  CHECK(out0.bias().shape() == shape_t<1>{0});
  nn::Linear<double> none(0, 0, false, rng);
  CHECK(none.weight().size() == 0);
  // Nothing was drawn for the empty weights, nor for a bias whose bound is 0.
  CHECK(rng.uniform<double>() == fresh.uniform<double>());
}
