// Train a small MLP on two interleaved spirals (made here, seeded) with tensr::nn:
// Linear-Tanh-Linear-Tanh-Linear, BCEWithLogitsLoss, Adam, mini-batches. Prints the loss every
// few epochs and the accuracy on a held-out test set (the goal is >= 97 %), then saves the
// trained weights as .npy files (readable by numpy.load, or by load_npy and Linear::set_weight
// to ship the model) and checks that a network rebuilt from the files scores the same.
#include <tensr/tensr.hpp>

#include <cmath>
#include <cstdio>
#include <string>

using namespace tensr;
using Net = nn::Sequential<float>;

namespace {

constexpr double pi = 3.14159265358979323846;

struct dataset {
  Tensor<float, 2> x;  // [n, 2]
  Tensor<float, 2> y;  // [n, 1], 0 or 1
};

/// Two interleaved spirals of 1.5 turns each: a point at angle t in [0.25, 3 pi) lies at
/// radius t / (3 pi) on arm 0 (class 0) or on the opposite arm (class 1, rotated by pi),
/// plus N(0, noise^2) on both coordinates.
dataset two_spirals(index_t n, double noise, Random& rng) {
  dataset d{Tensor<float, 2>({n, 2}), Tensor<float, 2>({n, 1})};
  for (index_t i = 0; i < n; ++i) {
    const bool second = i % 2 == 1;
    const double t = 0.25 + std::sqrt(rng.uniform()) * (3 * pi - 0.25);
    const double r = t / (3 * pi), s = second ? -1 : 1;
    d.x(i, 0) = static_cast<float>(s * r * std::cos(t) + rng.normal(0.0, noise));
    d.x(i, 1) = static_cast<float>(s * r * std::sin(t) + rng.normal(0.0, noise));
    d.y(i, 0) = second ? 1.f : 0.f;
  }
  return d;
}

Net make_net(Random& rng) {
  return Net(nn::Linear<float>(2, 64, rng), nn::Tanh<float>(), nn::Linear<float>(64, 64, rng),
             nn::Tanh<float>(), nn::Linear<float>(64, 1, rng));
}

/// Fraction of samples whose logit has the label's sign.
double accuracy(Net& net, const dataset& d) {
  const auto logits = net.forward(d.x);
  index_t right = 0;
  for (index_t i = 0; i < d.x.shape(0); ++i) right += (logits(i, 0) > 0) == (d.y(i, 0) > 0.5f);
  return static_cast<double>(right) / static_cast<double>(d.x.shape(0));
}

}  // namespace

int main() {
  // These products are small (50 x 64 x 64): one thread does them faster than two would.
  set_num_threads(1);
  Random rng(2024);
  const dataset train = two_spirals(2000, 0.06, rng);
  const dataset test = two_spirals(1000, 0.06, rng);
  Net net = make_net(rng);
  nn::Adam<float> opt(net.parameters(), {.lr = 0.01});
  const nn::BCEWithLogitsLoss criterion;

  const index_t n = train.x.shape(0), batch = 50, epochs = 100;
  Tensor<float, 2> xb({batch, 2}), yb({batch, 1});
  std::printf("two spirals: %ld training and %ld test points, MLP 2-64-64-1\n",
              static_cast<long>(n), static_cast<long>(test.x.shape(0)));
  std::printf("epoch  mean loss\n");
  for (index_t epoch = 1; epoch <= epochs; ++epoch) {
    const auto order = rng.permutation(n);
    double total = 0;
    for (index_t b = 0; b + batch <= n; b += batch) {
      for (index_t i = 0; i < batch; ++i) {
        xb(i, all) = train.x(order(b + i), all);
        yb(i, 0) = train.y(order(b + i), 0);
      }
      opt.zero_grad();
      const auto [loss, grad] = criterion(net.forward(xb), yb);
      net.backward_params(grad);  // the data needs no gradient (PyTorch: requires_grad=False)
      opt.step();
      total += loss;
    }
    if (epoch % 10 == 0 || epoch == 1)
      std::printf("%5ld  %.4f\n", static_cast<long>(epoch), total / static_cast<double>(n / batch));
  }
  net.eval();
  const double train_acc = accuracy(net, train), test_acc = accuracy(net, test);
  std::printf("accuracy: train %.1f %%, test %.1f %% (goal >= 97 %%)\n", 100 * train_acc,
              100 * test_acc);

  // Save the weights (PyTorch's names, one .npy per tensor) and reload them into a fresh net.
  Random other(7);
  Net loaded = make_net(other);
  for (std::size_t k : {0u, 2u, 4u}) {
    auto& lin = net.at<nn::Linear<float>>(k);
    const std::string stem = "train_mlp_" + std::to_string(k);
    save_npy(stem + ".weight.npy", lin.weight());
    save_npy(stem + ".bias.npy", lin.bias());
    loaded.at<nn::Linear<float>>(k).set_weight(load_npy<float, 2>(stem + ".weight.npy"));
    loaded.at<nn::Linear<float>>(k).set_bias(load_npy<float, 1>(stem + ".bias.npy"));
  }
  const double reloaded = accuracy(loaded, test);
  std::printf("saved train_mlp_{0,2,4}.{weight,bias}.npy; reloaded net: test %.1f %%\n",
              100 * reloaded);
  return test_acc >= 0.97 && reloaded == test_acc ? 0 : 1;
}
