// The vectorized float exp, log, tanh and sigmoid against the standard library (computed in
// double, rounded to float) over the whole float range: ~1M bit patterns spread evenly,
// plus overflow/underflow boundaries, subnormals, ±0, ±inf and NaN. Errors in ulps.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

using namespace tensr;

namespace {

std::int64_t ordered(float f) {
  const auto k = static_cast<std::int64_t>(std::bit_cast<std::int32_t>(f));
  return k < 0 ? std::int64_t{INT32_MIN} - k : k;
}

/// Distance in ulps; 0 when both are NaN, huge when only one is.
std::int64_t ulps(float a, float b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0 : INT64_MAX;
  const auto d = ordered(a) - ordered(b);
  return d < 0 ? -d : d;
}

Tensor<float, 1> samples() {
  std::vector<float> v;
  for (std::uint64_t bits = 0; bits <= 0xffffffffu; bits += 4093)
    v.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(bits)));
  const float lim = std::numeric_limits<float>::max();
  for (float f : {0.0f,
                  -0.0f,
                  1.0f,
                  -1.0f,
                  88.72283f,
                  88.72284f,
                  -87.33654f,
                  -103.97208f,
                  -103.97209f,
                  -104.0f,
                  89.0f,
                  1e-45f,
                  -1e-45f,
                  1.1754942e-38f,
                  lim,
                  -lim,
                  std::numeric_limits<float>::infinity(),
                  -std::numeric_limits<float>::infinity(),
                  std::numeric_limits<float>::quiet_NaN(),
                  0.625f,
                  -0.625f,
                  0.62499994f,
                  9.0f,
                  -9.0f,
                  1e-3f,
                  -1e-3f,
                  20.0f,
                  -20.0f})
    v.push_back(f);
  for (float f = -120.0f; f < 120.0f; f += 0.01171875f) v.push_back(f);  // the busy range
  Tensor<float, 1> t({static_cast<index_t>(v.size())});
  for (index_t i = 0; i < t.size(); ++i) t(i) = v[static_cast<std::size_t>(i)];
  return t;
}

template <class Ours, class Ref>
std::int64_t max_ulps(const Tensor<float, 1>& x, Ours ours, Ref ref, float& worst) {
  const Tensor<float, 1> y = ours(x);
  std::int64_t m = 0;
  for (index_t i = 0; i < x.size(); ++i) {
    const auto e = ulps(y(i), static_cast<float>(ref(static_cast<double>(x(i)))));
    if (e > m) {
      m = e;
      worst = x(i);
    }
  }
  return m;
}

}  // namespace

TEST_CASE("vectorized float math: max error in ulps over the float range") {
  const auto x = samples();
  float w_exp = 0, w_log = 0, w_tanh = 0, w_sig = 0;
  const auto e_exp = max_ulps(
      x, [](const auto& t) { return exp(t); }, [](double v) { return std::exp(v); }, w_exp);
  INFO("exp worst at ", w_exp);
  CHECK(e_exp <= 1);
  const auto e_log = max_ulps(
      x, [](const auto& t) { return log(t); }, [](double v) { return std::log(v); }, w_log);
  INFO("log worst at ", w_log);
  CHECK(e_log <= 1);
  const auto e_tanh = max_ulps(
      x, [](const auto& t) { return tanh(t); }, [](double v) { return std::tanh(v); }, w_tanh);
  INFO("tanh worst at ", w_tanh);
  CHECK(e_tanh <= 2);
  const auto e_sig = max_ulps(
      x, [](const auto& t) { return sigmoid(t); },
      [](double v) {
        return v >= 0 ? 1.0 / (1.0 + std::exp(-v)) : std::exp(v) / (1.0 + std::exp(v));
      },
      w_sig);
  INFO("sigmoid worst at ", w_sig);
  CHECK(e_sig <= 2);
  MESSAGE("max ulps: exp ", e_exp, ", log ", e_log, ", tanh ", e_tanh, ", sigmoid ", e_sig);
}

TEST_CASE("vectorized float math: special values exactly") {
  const float inf = std::numeric_limits<float>::infinity();
  const Tensor<float, 1> x{0.0f, -0.0f, inf, -inf, 100.0f, -120.0f};
  const auto e = exp(x);
  CHECK(e(0) == 1.0f);
  CHECK(e(1) == 1.0f);
  CHECK(e(2) == inf);
  CHECK(e(3) == 0.0f);
  CHECK(e(4) == inf);
  CHECK(e(5) == 0.0f);
  const auto l = log(Tensor<float, 1>{0.0f, -0.0f, inf, -1.0f, 1.0f, -inf});
  CHECK(l(0) == -inf);
  CHECK(l(1) == -inf);
  CHECK(l(2) == inf);
  CHECK(std::isnan(l(3)));
  CHECK(l(4) == 0.0f);
  CHECK(std::isnan(l(5)));
  const auto t = tanh(Tensor<float, 1>{inf, -inf, -0.0f, 50.0f});
  CHECK(t(0) == 1.0f);
  CHECK(t(1) == -1.0f);
  CHECK(std::signbit(t(2)));
  CHECK(t(3) == 1.0f);
  const auto s = sigmoid(Tensor<float, 1>{inf, -inf, 0.0f});
  CHECK(s(0) == 1.0f);
  CHECK(s(1) == 0.0f);
  CHECK(s(2) == 0.5f);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const Tensor<float, 1> n{nan};
  CHECK(std::isnan(exp(n)(0)));
  CHECK(std::isnan(log(n)(0)));
  CHECK(std::isnan(tanh(n)(0)));
  CHECK(std::isnan(sigmoid(n)(0)));
}
