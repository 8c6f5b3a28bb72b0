// nn modules' contracts: Linear is x.matmul(W.t()) + b for every input rank and layout, the
// fused write-back gives the same bits as separate modules, gradients accumulate until
// zero_grad, train/eval propagate, and bad input throws without changing anything.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

using namespace tensr;

namespace {

template <class T, std::size_t R>
std::vector<T> values(const Tensor<T, R>& t) {
  return std::vector<T>(t.data(), t.data() + t.size());
}
template <class T, std::size_t R>
std::vector<T> values(const TensorView<T, R>& v) {
  return values(Tensor<std::remove_const_t<T>, R>(v));
}

}  // namespace

TEST_CASE("Linear::forward is x.matmul(W.t()) + b for [in], [B, in], [B, T, in] and views") {
  Random rng(21);
  nn::Linear<double> lin(7, 5, rng);
  const auto x = rng.uniform<double>({6, 7}, -1, 1);
  const auto expected = x.matmul(lin.weight().t()) + lin.bias();
  const auto y = lin.forward(x);
  REQUIRE(y.shape() == shape_t<2>{6, 5});
  for (index_t i = 0; i < y.size(); ++i)
    CHECK(y.data()[i] == doctest::Approx(expected.data()[i]).epsilon(1e-14));

  const auto y1 = lin.forward(x(2, all));  // one row, [in] -> [out]
  REQUIRE(y1.shape() == shape_t<1>{5});
  for (index_t j = 0; j < 5; ++j) CHECK(y1(j) == doctest::Approx(expected(2, j)).epsilon(1e-14));

  const auto x3 = rng.uniform<double>({2, 3, 7}, -1, 1);
  const auto y3 = lin.forward(x3);
  REQUIRE(y3.shape() == shape_t<3>{2, 3, 5});
  const auto e3 = x3.matmul(lin.weight().t()) + lin.bias();
  for (index_t i = 0; i < y3.size(); ++i)
    CHECK(y3.data()[i] == doctest::Approx(e3.data()[i]).epsilon(1e-14));

  // A transposed (non-contiguous) input: same numbers as its contiguous copy.
  const auto xt = rng.uniform<double>({7, 4}, -1, 1);
  CHECK(values(lin.forward(xt.t())) == values(lin.forward(xt.t().copy())));
  const auto x3t = rng.uniform<double>({3, 7, 2}, -1, 1);
  CHECK(values(lin.forward(x3t.swapaxes(1, 2))) == values(lin.forward(x3t.swapaxes(1, 2).copy())));
}

TEST_CASE(
    "Sequential fuses bias + activation into the GEMM with the same bits as separate modules") {
  Random rng(22);
  // Every instruction set the CPU has for the activation loops; the GEMM's automatic path (the
  // unpacked kernel at these sizes) and the packed engine with default and shrunk blocks, so
  // every epilogue path runs.
  for (auto isa : {detail::simd_isa::generic, detail::simd_isa::avx2, detail::simd_isa::automatic})
    for (auto blocking : {detail::gemm_blocking{}, detail::gemm_blocking{16, 16, 16}})
      for (auto path : {detail::gemm_path::automatic, detail::gemm_path::packed}) {
        if (!detail::simd_force_isa(isa)) continue;
        CAPTURE(int(isa));
        CAPTURE(int(path));
        detail::set_gemm_blocking(blocking);
        detail::gemm_force_path(path);
        nn::Linear<float> l1(90, 130, rng), l2(130, 70, rng), l3(70, 40, rng);
        nn::Sequential<float> net(l1, nn::ReLU<float>(), l2, nn::Sigmoid<float>(), l3,
                                  nn::Tanh<float>());
        const auto x = rng.uniform<float>({75, 90}, -1, 1);
        nn::ReLU<float> relu;
        nn::Sigmoid<float> sig;
        nn::Tanh<float> tanh_;
        const auto h1 = relu.forward(l1.forward(x));
        const auto h2 = sig.forward(l2.forward(h1));
        const auto expected = tanh_.forward(l3.forward(h2));
        const auto y = net.forward(x);
        CHECK(values(y) == values(expected));
        // The backward passes agree too (same arithmetic in the same order).
        const auto g = rng.uniform<float>({75, 40}, -1, 1);
        const auto gx = net.backward(g);
        const auto gx_sep =
            l1.backward(relu.backward(l2.backward(sig.backward(l3.backward(tanh_.backward(g))))));
        CHECK(values(gx) == values(gx_sep));
        CHECK(values(net.at<nn::Linear<float>>(0).weight_grad()) == values(l1.weight_grad()));
        CHECK(values(net.at<nn::Linear<float>>(4).bias_grad()) == values(l3.bias_grad()));
        // And the numbers are right: against the same network in double precision.
        const auto layer = [](const auto& in, const nn::Linear<float>& l) {
          const Tensor<double, 2> w(l.weight());
          const Tensor<double, 1> b(l.bias());
          return matmul(in, w.t()) + b;
        };
        const auto yd = tensr::tanh(
            layer(tensr::sigmoid(layer(tensr::relu(layer(x.astype<double>(), l1)), l2)), l3));
        for (index_t i = 0; i < y.size(); ++i)
          CHECK(y.data()[i] == doctest::Approx(yd.data()[i]).epsilon(1e-5));
      }
  detail::simd_force_isa(detail::simd_isa::automatic);
  detail::set_gemm_blocking({});
  detail::gemm_force_path(detail::gemm_path::automatic);
}

TEST_CASE("gradients accumulate until zero_grad; train/eval propagate") {
  Random rng(23);
  nn::Sequential<double> net(nn::Linear<double>(4, 3, rng), nn::Tanh<double>(),
                             nn::Linear<double>(3, 2, rng));
  const auto x = rng.uniform<double>({5, 4}, -1, 1);
  const auto g = rng.uniform<double>({5, 2}, -1, 1);
  net.forward(x);
  net.backward(g);
  const auto once = values(net.parameters()[0].grad);
  net.forward(x);
  net.backward(g);
  const auto twice = values(net.parameters()[0].grad);
  for (std::size_t i = 0; i < once.size(); ++i) CHECK(twice[i] == doctest::Approx(2 * once[i]));
  net.zero_grad();
  for (const auto& p : net.parameters())
    for (index_t i = 0; i < p.grad.size(); ++i) CHECK(p.grad(i) == 0.0);

  CHECK(net.is_training());
  net.eval();
  CHECK(!net.is_training());
  CHECK(!net[0].is_training());
  CHECK(!net[2].is_training());
  net.train();
  CHECK(net[1].is_training());

  const auto names = net.parameters();
  REQUIRE(names.size() == 4);
  CHECK(names[0].name == "0.weight");
  CHECK(names[0].shape == std::vector<index_t>{3, 4});
  CHECK(names[3].name == "2.bias");
  CHECK_THROWS_AS(net.at<nn::Linear<double>>(1), std::bad_cast);
  CHECK_THROWS_AS(net[3], std::out_of_range);
}

TEST_CASE("backward_params adds backward's parameter gradients and computes no grad_x") {
  // Two identical networks (same seed); one runs backward, the other backward_params.
  const auto make = [] {
    Random r(31);
    return nn::Sequential<double>(nn::Linear<double>(6, 5, r), nn::ReLU<double>(),
                                  nn::Linear<double>(5, 4, r), nn::Sigmoid<double>(),
                                  nn::Linear<double>(4, 3, r));
  };
  auto full = make(), params_only = make();
  Random rng(32);
  const auto x = rng.uniform<double>({7, 6}, -1, 1);
  const auto g = rng.uniform<double>({7, 3}, -1, 1);
  for (int step = 0; step < 2; ++step) {  // the second step accumulates
    full.forward(x);
    const auto gx = full.backward(g);
    CHECK(gx.shape() == x.shape());
    params_only.forward(x);
    params_only.backward_params(g);
    const auto a = full.parameters(), b = params_only.parameters();
    REQUIRE(a.size() == 6);
    for (std::size_t i = 0; i < a.size(); ++i) {
      CAPTURE(a[i].name);
      CHECK(values(a[i].grad) == values(b[i].grad));
    }
  }
  nn::Linear<double> fresh(6, 5, rng);
  CHECK_THROWS_AS(fresh.backward_params(g), std::logic_error);  // before any forward
  fresh.forward(x);
  CHECK_THROWS_WITH_AS(
      fresh.backward_params(g),
      "backward: grad_output of shape (7,3) does not match the output's shape (7,5)", shape_error);
  for (const auto& p : fresh.parameters())
    for (index_t i = 0; i < p.grad.size(); ++i) CHECK(p.grad(i) == 0.0);
}

TEST_CASE("the row interface reuses the caller's buffers from step to step") {
  Random rng(33);
  nn::Sequential<float> net(nn::Linear<float>(20, 30, rng), nn::Tanh<float>(),
                            nn::Linear<float>(30, 10, rng), nn::LeakyReLU<float>(0.1));
  const auto x = rng.uniform<float>({9, 20}, -1, 1);
  const auto g = rng.uniform<float>({9, 10}, -1, 1);
  Tensor<float, 2> y, gx;
  net.forward_rows(x, y);
  net.backward_rows(x, y, g, &gx);
  const float* ybuf = y.data();
  const float* gbuf = gx.data();
  const auto y1 = values(y), g1 = values(gx);
  net.forward_rows(x, y);
  net.backward_rows(x, y, g, &gx);
  CHECK(y.data() == ybuf);  // written in place, not reallocated
  CHECK(gx.data() == gbuf);
  CHECK(values(y) == y1);
  CHECK(values(gx) == g1);
  // The same numbers as the public, allocating forward / backward of the same modules.
  CHECK(values(net.forward(x)) == y1);
  CHECK(values(net.backward(g)) == g1);
  // Another batch size: the buffers take the new shape.
  const auto x2 = rng.uniform<float>({4, 20}, -1, 1);
  net.forward_rows(x2, y);
  CHECK(y.shape() == shape_t<2>{4, 10});
  CHECK(values(y) == values(net.forward(x2)));
}

TEST_CASE("a Sequential that starts with an activation needs no copy of its input") {
  Random rng(34);
  nn::Linear<double> lin(5, 4, rng);
  nn::Sequential<double> net(nn::ReLU<double>(), lin, nn::Tanh<double>());
  CHECK(!net.needs_input());  // ReLU differentiates from its output
  CHECK(net.needs_output());  // Tanh does
  const auto x = rng.uniform<double>({6, 5}, -1, 1);
  const auto g = rng.uniform<double>({6, 4}, -1, 1);
  nn::ReLU<double> relu;
  nn::Tanh<double> tanh_;
  const auto expected = tanh_.forward(lin.forward(relu.forward(x)));
  CHECK(values(net.forward(x)) == values(expected));
  CHECK(values(net.backward(g)) == values(relu.backward(lin.backward(tanh_.backward(g)))));
}

TEST_CASE("bad input throws and changes nothing") {
  Random rng(24);
  nn::Linear<double> lin(4, 3, rng);
  const auto w0 = values(lin.weight());
  const auto x = rng.uniform<double>({5, 4}, -1, 1);
  const auto g = rng.uniform<double>({5, 3}, -1, 1);
  CHECK_THROWS_AS(lin.backward(g), std::logic_error);  // before any forward
  lin.forward(x);
  CHECK_THROWS_WITH_AS(lin.forward(rng.uniform<double>({5, 3})),
                       "Linear: input with 3 features (last axis), expected in_features = 4",
                       shape_error);
  // The failed forward left the cache of the good one: backward still fits x.
  CHECK_THROWS_WITH_AS(
      lin.backward(rng.uniform<double>({5, 4})),
      "backward: grad_output of shape (5,4) does not match the output's shape (5,3)", shape_error);
  for (const auto& p : lin.parameters())
    for (index_t i = 0; i < p.grad.size(); ++i) CHECK(p.grad(i) == 0.0);
  const auto gx = lin.backward(g);
  CHECK(gx.shape() == x.shape());
  CHECK_THROWS_AS(lin.set_weight(Tensor<double, 2>({4, 3})), shape_error);
  CHECK_THROWS_AS(lin.set_bias(Tensor<double, 1>({4})), shape_error);
  CHECK(values(lin.weight()) == w0);
  nn::Linear<double> nobias(4, 3, false, rng);
  CHECK_THROWS_AS(nobias.set_bias(Tensor<double, 1>({3})), shape_error);

  nn::Sequential<double> net(nn::Linear<double>(4, 3, rng), nn::ReLU<double>(),
                             nn::Linear<double>(2, 1, rng));  // 3 -> 2 does not fit
  CHECK_THROWS_AS(net.forward(x), shape_error);

  // Losses.
  const auto y = rng.uniform<double>({3, 4}, 0.1, 0.9);
  CHECK_THROWS_WITH_AS(nn::MSELoss()(y, Tensor<double, 2>({4, 3})),
                       "MSELoss: target of shape (4,3) differs from input of shape (3,4)",
                       shape_error);
  CHECK_THROWS_AS(nn::BCELoss()(y, Tensor<double, 2>({3, 5})), shape_error);
  CHECK_THROWS_AS(nn::BCEWithLogitsLoss()(y, Tensor<double, 2>({1, 4})), shape_error);
  CHECK_THROWS_AS(nn::BCELoss()(y * 2.0, Tensor<double, 2>({3, 4})), std::invalid_argument);
  CHECK_THROWS_AS(nn::CrossEntropyLoss()(y, Tensor<std::int64_t, 1>{0, 1}), shape_error);
  CHECK_THROWS_WITH_AS(nn::CrossEntropyLoss()(y, Tensor<std::int64_t, 1>{0, 4, 1}),
                       "CrossEntropyLoss: target 4 of sample 1 is out of bounds for 4 classes",
                       std::out_of_range);
  CHECK_THROWS_AS(nn::CrossEntropyLoss()(y, Tensor<int, 1>{0, -1, 1}), std::out_of_range);

  // Optimizer options PyTorch rejects.
  CHECK_THROWS_AS(nn::SGD<double>(lin.parameters(), {.lr = 0.1, .nesterov = true}),
                  std::invalid_argument);
  CHECK_THROWS_AS(nn::SGD<double>(lin.parameters(), {.lr = -1}), std::invalid_argument);
  CHECK_THROWS_AS(nn::Adam<double>(lin.parameters(), {.beta1 = 1.0}), std::invalid_argument);
}

TEST_CASE("activations and losses stay finite at extreme inputs") {
  const Tensor<double, 2> big{{1000, -1000, 0}, {-800, 800, 1}};
  const auto s = nn::Softmax<double>().forward(big);
  CHECK(s(0, 0) == doctest::Approx(1.0));
  CHECK(s(0, 1) == 0.0);
  CHECK(s(1, 1) == doctest::Approx(1.0));
  const auto sf = nn::Sigmoid<float>().forward(Tensor<float, 1>{-100.f, 100.f, 0.f});
  CHECK(sf(0) == doctest::Approx(3.720076e-44).epsilon(1e-3));
  CHECK(sf(1) == 1.0f);
  CHECK(sf(2) == 0.5f);
  // BCE with logits: log(1 + e^100) = 100 to double precision, no overflow.
  const auto r = nn::BCEWithLogitsLoss(nn::reduction::sum)(Tensor<double, 1>{-100, 100},
                                                           Tensor<double, 1>{1, 1});
  CHECK(r.loss == doctest::Approx(100.0));
  CHECK(r.grad(0) == doctest::Approx(-1.0));
  CHECK(r.grad(1) == doctest::Approx(0.0));
  // Cross entropy of huge logits: log-sum-exp inside, loss 0 and 1000.
  const auto ce = nn::CrossEntropyLoss(nn::reduction::sum)(Tensor<double, 2>{{1000, 0}, {1000, 0}},
                                                           Tensor<std::int64_t, 1>{0, 1});
  CHECK(ce.loss == doctest::Approx(1000.0));
  // BCELoss clamps its logs at -100, as PyTorch.
  const auto b = nn::BCELoss(nn::reduction::sum)(Tensor<double, 1>{0.0}, Tensor<double, 1>{1.0});
  CHECK(b.loss == 100.0);
}

TEST_CASE("float networks agree with double ones") {
  Random rng(25);
  nn::Sequential<double> nd(nn::Linear<double>(20, 30, rng), nn::Sigmoid<double>(),
                            nn::Linear<double>(30, 10, rng), nn::Tanh<double>());
  nn::Sequential<float> nf(nn::Linear<float>(20, 30, rng), nn::Sigmoid<float>(),
                           nn::Linear<float>(30, 10, rng), nn::Tanh<float>());
  for (std::size_t k : {0u, 2u}) {
    nf.at<nn::Linear<float>>(k).set_weight(nd.at<nn::Linear<double>>(k).weight());
    nf.at<nn::Linear<float>>(k).set_bias(nd.at<nn::Linear<double>>(k).bias());
  }
  const auto x = rng.uniform<double>({8, 20}, -2, 2);
  const auto yd = nd.forward(x);
  const auto yf = nf.forward(x.astype<float>());
  for (index_t i = 0; i < yd.size(); ++i)
    CHECK(yf.data()[i] == doctest::Approx(yd.data()[i]).epsilon(1e-5));
  const auto g = rng.uniform<double>({8, 10}, -1, 1);
  nd.backward(g);
  nf.backward(g.astype<float>());
  const auto pd = nd.parameters();
  const auto pf = nf.parameters();
  for (std::size_t k = 0; k < pd.size(); ++k)
    for (index_t i = 0; i < pd[k].grad.size(); ++i)
      CHECK(std::fabs(pf[k].grad(i) - pd[k].grad(i)) < 1e-5);
}

TEST_CASE("element type defaults to float; CTAD picks it") {
  Random rng(26);
  nn::Linear lin(3, 2, rng);
  nn::ReLU relu;
  nn::Sequential net(nn::Linear(3, 2, rng), nn::Sigmoid());
  static_assert(std::is_same_v<decltype(lin), nn::Linear<float>>);
  static_assert(std::is_same_v<decltype(relu), nn::ReLU<float>>);
  static_assert(std::is_same_v<decltype(net), nn::Sequential<float>>);
  const auto y = net.forward(Tensor<float, 1>{1, 2, 3});
  CHECK(y.shape() == shape_t<1>{2});
  CHECK(relu.forward(Tensor<float, 1>{-1, 2})(1) == 2.0f);
  CHECK(lin.forward(Tensor<float, 2>({4, 3})).shape() == shape_t<2>{4, 2});
}

TEST_CASE("a module on its own keeps a Tensor input and its output by reference, views by copy") {
  Random rng(5);
  const auto g = rng.uniform<double>({3, 4}, -1, 1);
  // The output is kept, not copied: it outlives the caller's tensor...
  nn::Sigmoid<double> sig;
  Tensor<double, 2> expected;
  {
    const auto x = rng.uniform<double>({3, 4}, -2, 2);
    auto y = sig.forward(x);
    expected = g * y * (1.0 - y);
  }  // x and y are gone; the module still has y's elements
  CHECK(values(sig.backward(g)) == values(expected));
  // ...and it is the caller's tensor itself (as PyTorch saves it): changed in place before
  // backward, the change shows (PyTorch would raise an error instead).
  auto y = sig.forward(rng.uniform<double>({3, 4}));
  y.fill(0.5);
  CHECK(values(sig.backward(g * 4.0)) == values(g));  // 4 g * 0.5 * (1 - 0.5)

  // Linear keeps a Tensor input by reference: its weight gradient is grad^T x of that tensor.
  nn::Linear<double> lin(4, 2, rng);
  auto x = rng.uniform<double>({3, 4}, -1, 1);
  lin.forward(x);
  x.fill(1.0);
  const auto gy = rng.uniform<double>({3, 2}, -1, 1);
  lin.backward(gy);
  const auto want = matmul(gy.t(), ones<double>({3, 4}));
  for (index_t i = 0; i < want.size(); ++i)
    CHECK(lin.weight_grad().data()[i] == doctest::Approx(want.data()[i]));
  // A view input is copied: the caller may reuse its memory.
  lin.zero_grad();
  auto big = rng.uniform<double>({6, 4}, -1, 1);
  const Tensor<double, 2> rows(big(range(0, 3), all));
  lin.forward(big(range(0, 3), all));
  big.fill(7.0);
  lin.backward(gy);
  const auto want_view = matmul(gy.t(), rows);
  for (index_t i = 0; i < want_view.size(); ++i)
    CHECK(lin.weight_grad().data()[i] == doctest::Approx(want_view.data()[i]));
}

TEST_CASE("Linear(0, n) and Linear(n, 0): forward and backward with empty weights") {
  Random rng(31);
  // in_features 0: y = b on every row; grad_x is [B, 0]; grad_b sums grad_out over the batch;
  // grad_W is [3, 0].
  nn::Linear<float> lin(0, 3, rng);
  lin.set_bias(Tensor<float, 1>{1.5f, -2.0f, 0.25f});
  const Tensor<float, 2> x({4, 0});
  const auto y = lin.forward(x);
  REQUIRE(y.shape() == shape_t<2>{4, 3});
  for (index_t i = 0; i < 4; ++i) {
    CHECK(y(i, 0) == 1.5f);
    CHECK(y(i, 1) == -2.0f);
    CHECK(y(i, 2) == 0.25f);
  }
  const Tensor<float, 2> g{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}};
  const auto gx = lin.backward(g);
  CHECK(gx.shape() == shape_t<2>{4, 0});
  CHECK(lin.weight_grad().shape() == shape_t<2>{3, 0});
  CHECK(values(lin.bias_grad()) == std::vector<float>{22, 26, 30});
  // One row ([0] -> [3]) and a batch of batches.
  CHECK(values(lin.forward(Tensor<float, 1>({0}))) == std::vector<float>{1.5f, -2.0f, 0.25f});
  CHECK(lin.forward(Tensor<float, 3>({2, 5, 0})).shape() == shape_t<3>{2, 5, 3});

  // out_features 0: y is [B, 0]; grad_x = grad_out . W is all zeros [B, 3].
  nn::Linear<double> out0(3, 0, rng);
  const auto x3 = rng.uniform<double>({2, 3}, -1, 1);
  CHECK(out0.forward(x3).shape() == shape_t<2>{2, 0});
  const auto gx3 = out0.backward(Tensor<double, 2>({2, 0}));
  REQUIRE(gx3.shape() == shape_t<2>{2, 3});
  CHECK(values(gx3) == std::vector<double>(6, 0.0));

  // Inside a Sequential, with the fused activation after it and a layer that consumes its
  // output: ReLU(b) then a Linear(3, 2).
  Random rng2(32);
  nn::Sequential<float> net(nn::Linear<float>(0, 3, rng2), nn::ReLU<float>(),
                            nn::Linear<float>(3, 2, rng2));
  net.at<nn::Linear<float>>(0).set_bias(Tensor<float, 1>{1.0f, -1.0f, 2.0f});
  const auto& last = net.at<nn::Linear<float>>(2);
  const auto yn = net.forward(x);
  REQUIRE(yn.shape() == shape_t<2>{4, 2});
  for (index_t j = 0; j < 2; ++j) {
    const float want = last.weight()(j, 0) * 1.0f + last.weight()(j, 2) * 2.0f + last.bias()(j);
    for (index_t i = 0; i < 4; ++i) CHECK(yn(i, j) == doctest::Approx(want));
  }
  CHECK(net.backward(Tensor<float, 2>({4, 2}, 1.0f)).shape() == shape_t<2>{4, 0});
  // bias_grad of the first layer: relu'(b) * sum over rows of (grad . W2) = 4 * column sums.
  const auto& first = net.at<nn::Linear<float>>(0);
  CHECK(first.bias_grad()(0) == doctest::Approx(4 * (last.weight()(0, 0) + last.weight()(1, 0))));
  CHECK(first.bias_grad()(1) == 0.0f);
  CHECK(first.bias_grad()(2) == doctest::Approx(4 * (last.weight()(0, 2) + last.weight()(1, 2))));
}

TEST_CASE("Linear and Sequential on two threads agree with one thread") {
  // 128 x 160 x 192 multiply-adds: past the GEMM's threading threshold, so with two threads
  // the forward, the fused bias + activation write-back and the backward GEMMs run in
  // parallel (scripts/test.sh runs this under ThreadSanitizer). Two threads may take another
  // kernel path (another summation order) than one, so the results agree to rounding.
  Random rng(33);
  nn::Sequential<float> net(nn::Linear<float>(160, 192, rng), nn::ReLU<float>(),
                            nn::Linear<float>(192, 96, rng), nn::Tanh<float>());
  const auto x = rng.uniform<float>({128, 160}, -1, 1);
  const auto g = rng.uniform<float>({128, 96}, -1, 1);
  const auto run = [&](int threads) {
    set_num_threads(threads);
    net.zero_grad();
    std::vector<std::vector<float>> out;
    out.push_back(values(net.forward(x)));
    out.push_back(values(net.backward(g)));
    for (const auto& p : net.parameters()) out.push_back(values(p.grad));
    return out;
  };
  const auto one = run(1), two = run(2);
  set_num_threads(0);
  REQUIRE(one.size() == two.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    CAPTURE(i);
    REQUIRE(one[i].size() == two[i].size());
    float worst = 0;
    for (std::size_t j = 0; j < one[i].size(); ++j)
      worst = std::max(worst, std::fabs(one[i][j] - two[i][j]));
    CHECK(worst < 1e-3f);
  }
}
