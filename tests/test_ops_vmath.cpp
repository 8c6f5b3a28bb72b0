// The vectorized float exp, log, tanh and sigmoid against the standard library (computed in
// double, rounded to float) over the whole float range: ~1M bit patterns spread evenly,
// plus overflow/underflow boundaries, subnormals, ±0, ±inf and NaN. Errors in ulps. Each
// instruction set the CPU supports (detail::simd_force_isa) is tested, out of place and in
// place (two different loops); every length up to a few vectors (the tail of the explicit-vector
// kernels), strided inputs (the scalar form) and detail::vmath::apply directly.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
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

/// The largest error of ours(x) against ref in double, both through a new tensor and in
/// place (whose loop reads a block ahead), with the input's worst element.
template <class Ours, class Ref>
std::int64_t max_ulps(const Tensor<float, 1>& x, Ours ours, Ref ref, float& worst) {
  const Tensor<float, 1> y = ours(x);
  Tensor<float, 1> z = x;
  ours(z, z);
  std::int64_t m = 0;
  for (index_t i = 0; i < x.size(); ++i) {
    const float r = static_cast<float>(ref(static_cast<double>(x(i))));
    const auto e = std::max(ulps(y(i), r), ulps(z(i), r));
    if (e > m) {
      m = e;
      worst = x(i);
    }
  }
  return m;
}

/// The instruction sets this CPU can run the loops with (generic always).
std::vector<detail::simd_isa> isas() {
  std::vector<detail::simd_isa> v;
  for (auto isa : {detail::simd_isa::generic, detail::simd_isa::avx2, detail::simd_isa::avx512})
    if (detail::isa_supported(isa)) v.push_back(isa);
  return v;
}

/// Forces an instruction set for the loops of one scope.
struct force_isa {
  explicit force_isa(detail::simd_isa isa) { REQUIRE(detail::simd_force_isa(isa)); }
  ~force_isa() { detail::simd_force_isa(detail::simd_isa::automatic); }
  force_isa(const force_isa&) = delete;
  force_isa& operator=(const force_isa&) = delete;
};

double sigmoid_ref(double v) {
  return v >= 0 ? 1.0 / (1.0 + std::exp(-v)) : std::exp(v) / (1.0 + std::exp(v));
}

}  // namespace

TEST_CASE("vectorized float math: max error in ulps over the float range, every ISA") {
  const auto x = samples();
  for (const auto isa : isas()) {
    const force_isa forced(isa);
    INFO("isa ", detail::isa_name(isa));
    float w_exp = 0, w_log = 0, w_tanh = 0, w_sig = 0;
    const auto e_exp = max_ulps(
        x, [](auto&&... t) { return exp(t...); }, [](double v) { return std::exp(v); }, w_exp);
    CHECK_MESSAGE(e_exp <= 1, "exp worst at ", w_exp);
    const auto e_log = max_ulps(
        x, [](auto&&... t) { return log(t...); }, [](double v) { return std::log(v); }, w_log);
    CHECK_MESSAGE(e_log <= 1, "log worst at ", w_log);
    const auto e_tanh = max_ulps(
        x, [](auto&&... t) { return tanh(t...); }, [](double v) { return std::tanh(v); }, w_tanh);
    CHECK_MESSAGE(e_tanh <= 2, "tanh worst at ", w_tanh);
    const auto e_sig = max_ulps(
        x, [](auto&&... t) { return sigmoid(t...); }, sigmoid_ref, w_sig);
    CHECK_MESSAGE(e_sig <= 2, "sigmoid worst at ", w_sig);
    float w_em1 = 0, w_l1p = 0;
    const auto e_em1 = max_ulps(
        x, [](auto&&... t) { return expm1(t...); }, [](double v) { return std::expm1(v); }, w_em1);
    CHECK_MESSAGE(e_em1 <= 2, "expm1 worst at ", w_em1);
    const auto e_l1p = max_ulps(
        x, [](auto&&... t) { return log1p(t...); }, [](double v) { return std::log1p(v); }, w_l1p);
    CHECK_MESSAGE(e_l1p <= 2, "log1p worst at ", w_l1p);
    MESSAGE(detail::isa_name(isa), " max ulps: exp ", e_exp, ", log ", e_log, ", tanh ", e_tanh,
            ", sigmoid ", e_sig, ", expm1 ", e_em1, ", log1p ", e_l1p);
  }
}

TEST_CASE("the instruction-set hook") {
  CHECK(detail::isa_supported(detail::simd_isa::generic));
  CHECK(detail::simd_force_isa(detail::simd_isa::generic));
  CHECK(detail::simd_active_isa() == detail::simd_isa::generic);
  CHECK(detail::simd_force_isa(detail::simd_isa::automatic));
  CHECK(detail::simd_active_isa() != detail::simd_isa::automatic);
}

/// v repeated to 37 elements: a full vector block and a scalar remainder.
Tensor<float, 1> tiled(std::initializer_list<float> v) {
  Tensor<float, 1> t({37});
  for (index_t i = 0; i < t.size(); ++i) t(i) = v.begin()[static_cast<std::size_t>(i) % v.size()];
  return t;
}

/// f(tiled(x)) == tiled(expect) exactly; NaN where expected, and -0 keeps its sign.
template <class F>
void check_exact(F f, std::initializer_list<float> x, std::initializer_list<float> expect) {
  const auto y = f(tiled(x));
  const auto e = tiled(expect);
  for (index_t i = 0; i < y.size(); ++i) {
    INFO("element ", i, " input ", tiled(x)(i));
    if (std::isnan(e(i))) {
      CHECK(std::isnan(y(i)));
    } else {
      CHECK(y(i) == e(i));
      CHECK(std::signbit(y(i)) == std::signbit(e(i)));
    }
  }
}

TEST_CASE("vectorized float math: special values exactly, every ISA") {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (const auto isa : isas()) {
    const force_isa forced(isa);
    INFO("isa ", detail::isa_name(isa));
    check_exact([](const auto& t) { return exp(t); },
                {0.0f, -0.0f, inf, -inf, 100.0f, -120.0f, nan},
                {1.0f, 1.0f, inf, 0.0f, inf, 0.0f, nan});
    check_exact([](const auto& t) { return log(t); }, {0.0f, -0.0f, inf, -1.0f, 1.0f, -inf, nan},
                {-inf, -inf, inf, nan, 0.0f, nan, nan});
    check_exact([](const auto& t) { return tanh(t); },
                {inf, -inf, -0.0f, 0.0f, 50.0f, -10.5f, 9.5f, nan},
                {1.0f, -1.0f, -0.0f, 0.0f, 1.0f, -1.0f, 1.0f, nan});
    check_exact([](const auto& t) { return sigmoid(t); }, {inf, -inf, 0.0f, -0.0f, 200.0f, nan},
                {1.0f, 0.0f, 0.5f, 0.5f, 1.0f, nan});
  }
}

TEST_CASE("binary and ternary loops, every ISA: contiguous, scalar, in place, broadcast rows") {
  // 3 rows of 45: per row one 32-element block and a remainder. Values with exact sums.
  Tensor<float, 2> a({3, 45}), b({3, 45});
  for (index_t i = 0; i < 3; ++i)
    for (index_t j = 0; j < 45; ++j) {
      a(i, j) = static_cast<float>(i * 45 + j) * 0.5f - 30.0f;
      b(i, j) = static_cast<float>((j * 7) % 13) - 6.0f;
    }
  const TensorView<const float, 1> row = b(0, all);
  for (const auto isa : isas()) {
    const force_isa forced(isa);
    INFO("isa ", detail::isa_name(isa));
    const auto s = a + b, d = a - 2.5f, m = 3.0f * b, q = a / b, mx = maximum(a, b);
    const auto br = a + row, cl = clip(a, -4.0f, row), w = where(b > 0.0f, a, b);
    Tensor<float, 2> ip = a;
    ip *= b;
    Tensor<float, 2> ipr = a;
    ipr -= row;
    Tensor<float, 2> ips = a;
    ips += 1.5f;
    for (index_t i = 0; i < 3; ++i)
      for (index_t j = 0; j < 45; ++j) {
        const float x = a(i, j), y = b(i, j), r = b(0, j);
        CHECK(s(i, j) == x + y);
        CHECK(d(i, j) == x - 2.5f);
        CHECK(m(i, j) == 3.0f * y);
        CHECK(q(i, j) == x / y);
        CHECK(mx(i, j) == (x < y ? y : x));
        CHECK(br(i, j) == x + r);
        const float lo = x < -4.0f ? -4.0f : x;  // np.clip: minimum(maximum(x, lo), hi)
        CHECK(cl(i, j) == (lo > r ? r : lo));
        CHECK(w(i, j) == (y > 0.0f ? x : y));
        CHECK(ip(i, j) == x * y);
        CHECK(ipr(i, j) == x - r);
        CHECK(ips(i, j) == x + 1.5f);
      }
  }
}

namespace {

/// The six functions: the tensr op (new tensor and out form), the reference in double, and the
/// documented bound in ulps.
struct vmath_case {
  const char* name;
  Tensor<float, 1> (*op)(const TensorView<const float, 1>&);
  void (*op_into)(const TensorView<const float, 1>&, TensorView<float, 1>);
  double (*ref)(double);
  std::int64_t ulp;
};

#define VMATH_CASE(fn, reference, bound)                                                          \
  vmath_case {                                                                                    \
#fn, [](const TensorView <const float, 1>&                                                    \
                x) { return Tensor<float, 1>(fn(x)); }, [](const TensorView <const float, 1>& x,  \
                                                           TensorView <float, 1>                  \
                                                               o) { fn(x, o); }, reference, bound \
  }
const vmath_case vmath_cases[] = {
    VMATH_CASE(
        exp, [](double v) { return std::exp(v); }, 1),
    VMATH_CASE(
        log, [](double v) { return std::log(v); }, 1),
    VMATH_CASE(
        tanh, [](double v) { return std::tanh(v); }, 2),
    VMATH_CASE(sigmoid, sigmoid_ref, 2),
    VMATH_CASE(
        expm1, [](double v) { return std::expm1(v); }, 2),
    VMATH_CASE(
        log1p, [](double v) { return std::log1p(v); }, 2),
};
#undef VMATH_CASE

/// n values spread over [-12, 12) (positive ones for log), with NaN, inf and -inf among them
/// when `specials`.
Tensor<float, 1> spread(index_t n, bool positive, bool specials) {
  Tensor<float, 1> t({n});
  for (index_t i = 0; i < n; ++i) {
    const float v = static_cast<float>((i * 37) % 97) * 0.2474f - 12.0f;
    t(i) = positive ? std::fabs(v) + 0.01f : v;
  }
  if (specials && n > 2) {
    t(n - 1) = std::numeric_limits<float>::quiet_NaN();  // in the tail
    t(n / 2) = std::numeric_limits<float>::infinity();
    t(0) = -std::numeric_limits<float>::infinity();
  }
  return t;
}

/// y against the reference of each x within `ulp`; NaN exactly where the reference is NaN.
void check_ref(const vmath_case& c, const TensorView<const float, 1>& x,
               const TensorView<const float, 1>& y) {
  REQUIRE(x.size() == y.size());
  for (index_t i = 0; i < x.size(); ++i) {
    const float r = static_cast<float>(c.ref(static_cast<double>(x(i))));
    INFO(c.name, " element ", i, " of ", x.size(), " input ", x(i), " got ", y(i), " want ", r);
    CHECK(ulps(y(i), r) <= c.ulp);
  }
}

}  // namespace

TEST_CASE("vectorized float math, every ISA: every length to 70 (tails), NaN and inf in them") {
  for (const auto isa : isas()) {
    const force_isa forced(isa);
    INFO("isa ", detail::isa_name(isa));
    for (const auto& c : vmath_cases) {
      const bool positive = std::string(c.name) == "log";
      for (index_t n = 0; n <= 70; ++n) {
        const auto x = spread(n, positive, true);
        const auto y = c.op(x);
        check_ref(c, x, y);
        Tensor<float, 1> in_place = x;  // out is the input
        c.op_into(in_place, in_place);
        check_ref(c, x, in_place);
      }
    }
  }
}

TEST_CASE("vectorized float math, every ISA: strided inputs and outputs") {
  for (const auto isa : isas()) {
    const force_isa forced(isa);
    INFO("isa ", detail::isa_name(isa));
    for (const auto& c : vmath_cases) {
      const auto x = spread(301, std::string(c.name) == "log", true);
      const TensorView<const float, 1> xs = x(range(1, 301, 3));
      const auto ys = c.op(xs);  // strided input, fresh output
      check_ref(c, xs, ys);
      Tensor<float, 1> o({301}, 7.0f);
      c.op_into(xs, o(range(0, 300, 3)));  // strided output
      check_ref(c, xs, o(range(0, 300, 3)));
      for (index_t i = 1; i < 301; i += 3) CHECK(o(i) == 7.0f);  // untouched between
      const Tensor<float, 2> m = x(range(0, 300)).reshape(shape_t<2>{20, 15});
      const auto mt = c.op(m.t()(0, all));  // a column: stride 15
      check_ref(c, m.t()(0, all), mt);
    }
  }
}

TEST_CASE("detail::vmath::apply at each level against the reference, with tails") {
  for (const auto isa : isas()) {
    INFO("isa ", detail::isa_name(isa));
    for (index_t n : {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 1000}) {
      const auto x = spread(n, false, true);
      Tensor<float, 1> y({n}, 0.0f);
      detail::vmath::apply<detail::exp_fn<float>>(isa, n, y.data(), x.data());
      check_ref(vmath_cases[0], x, y);
      Tensor<float, 1> z = x;  // in place
      detail::vmath::apply<detail::tanh_fn<float>>(isa, n, z.data(), z.data());
      check_ref(vmath_cases[2], x, z);
      // Nothing written past n.
      Tensor<float, 1> g({n + 20}, -5.0f);
      detail::vmath::apply<detail::sigmoid_fn<float>>(isa, n, g.data(), x.data());
      check_ref(vmath_cases[3], x, g(range(0, n)));
      for (index_t i = n; i < n + 20; ++i) CHECK(g(i) == -5.0f);
    }
  }
}

namespace {

int vector_form_calls = 0;

/// 2x, with a vector form that counts its calls.
struct twice_fn {
  static constexpr bool wide = true;
  static constexpr bool vector_form = true;
  float operator()(float x) const noexcept { return x + x; }
  // Inlined into the level's kernel, as the library's own vector forms are: a call out of the
  // kernel's target would pass a vector between code compiled for different targets.
  template <class V>
  __attribute__((always_inline)) static V vec(const V& x) noexcept {
    ++vector_form_calls;
    return x + x;
  }
};

}  // namespace

TEST_CASE("contiguous float runs use a function's vector form, other runs its scalar form") {
  Tensor<float, 1> x({101});
  for (index_t i = 0; i < x.size(); ++i) x(i) = static_cast<float>(i) * 0.25f - 3.0f;
  for (const auto isa : isas()) {
    const force_isa forced(isa);
    INFO("isa ", detail::isa_name(isa));
    vector_form_calls = 0;
    const auto y = map(x, twice_fn{});
    CHECK(vector_form_calls > 0);
    for (index_t i = 0; i < x.size(); ++i) CHECK(y(i) == 2.0f * x(i));
    Tensor<float, 1> z = x;
    map(z, twice_fn{}, z);  // in place
    for (index_t i = 0; i < x.size(); ++i) CHECK(z(i) == 2.0f * x(i));
    vector_form_calls = 0;
    const auto s = map(x(range(0, 101, 2)), twice_fn{});  // strided: the scalar form
    CHECK(vector_form_calls == 0);
    for (index_t i = 0; i < s.size(); ++i) CHECK(s(i) == 2.0f * x(2 * i));
  }
}
