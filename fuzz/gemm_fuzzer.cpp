// libFuzzer target: matrix products against a naive loop. gemm(alpha, A, B, beta, C),
// matmul (out form, returning form, batched with broadcast batch axes), dot, tensordot and
// einsum (into and returning) on operands the input describes: float, double, int32 or int64;
// sizes including 0 and 1 (rarely past a few hundred); any axis order, steps of 1 or 2,
// reversed axes, broadcast (stride-0) inputs; the destination in its own buffer or in one
// buffer shared with the operands, so that it overlaps them in every way; and every GEMM
// kernel level and elementwise instruction set the CPU has, forced through
// tensr::detail::gemm_force_kernel and tensr::detail::simd_force_isa.
//
// The result must be NumPy's: each element alpha * sum_k A[i,k] B[k,j] + beta * C[i,j] with
// the inputs as they were before the call (beta == 0 never reads C: C starts as NaN then).
// Integers are compared exactly (the values are small, nothing overflows). A float element may
// differ from the exact value by (2k + 8) u M, where u is the unit roundoff of the type and M
// = |alpha| sum_k |A[i,k] B[k,j]| + |beta C[i,j]|: any order of the k products' summation,
// blocked or not, with or without FMA, the alpha scaling of each depth block and the beta
// term, rounds at most 2k + 8 times along the way to one element (the classic bound
// gamma_n = n u / (1 - n u) for a sum of products, with room for the blocking). Memory outside
// the destination must not change.
#include <tensr/tensr.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using tensr::index_t;

/// The reference's arithmetic: double is exact enough for float (and exact for the small
/// integers), long double for double.
template <class T>
using acc_t = std::conditional_t<std::is_same_v<T, double>, long double, double>;

/// The input's bytes, then zeros.
struct reader {
  const std::uint8_t* p;
  std::size_t n, i = 0;
  std::uint8_t next() { return i < n ? p[i++] : 0; }
};

enum class op_kind {
  gemm,
  matmul_out,
  matmul_ret,
  matmul_batched,
  matmul_batch_by_matrix,
  dot_out,
  tensordot_out,
  einsum_into,
  einsum_ret,
  count
};
const char* const op_names[] = {"gemm",           "matmul(out)",       "matmul",
                                "matmul(3-D)",    "matmul(3-D @ 2-D)", "dot(out)",
                                "tensordot(out)", "einsum_into",       "einsum"};

/// How one operand sits in memory.
struct layout {
  std::array<int, 3> order{0, 1, 2};  // axes from outermost to innermost in memory
  std::array<bool, 3> flip{};
  std::array<index_t, 3> step{1, 1, 1};
  std::array<bool, 3> bcast{};  // stride 0 (inputs only)
  index_t offset = 0;
};

template <std::size_t R>
layout read_layout(reader& r, bool input) {
  layout l;
  const std::uint8_t a = r.next(), b = r.next();
  static constexpr std::array<std::array<int, 3>, 6> perms{
      {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}};
  if constexpr (R == 2)
    l.order = (a & 1) ? std::array<int, 3>{1, 0, 2} : std::array<int, 3>{0, 1, 2};
  else
    l.order = perms[static_cast<std::size_t>(a % 6)];
  for (std::size_t ax = 0; ax < R; ++ax) {
    l.flip[ax] = (a >> (1 + ax)) & 1;
    l.step[ax] = 1 + ((b >> ax) & 1);
    // Broadcast axes are rarer than the rest: both bits set.
    l.bcast[ax] = input && ((b >> (3 + ax)) & 1) && ((a >> (4 + ax)) & 1);
  }
  l.offset = (b >> 6) & 3;
  return l;
}

/// A view's place in its buffer: the strides, where element 0 is, and how many elements the
/// buffer needs from the view's offset on.
template <std::size_t R>
struct placed {
  std::array<index_t, R> shape{}, strides{};
  index_t base = 0, span = 0;
};

template <std::size_t R>
placed<R> place(const std::array<index_t, R>& shape, const layout& l) {
  placed<R> p;
  p.shape = shape;
  index_t running = 1;
  for (std::size_t q = 3; q-- > 0;) {
    const auto ax = static_cast<std::size_t>(l.order[q]);
    if (ax >= R) continue;
    if (l.bcast[ax]) {
      p.strides[ax] = 0;
      continue;
    }
    p.strides[ax] = running * l.step[ax];
    running *= l.step[ax] * std::max<index_t>(shape[ax], 1);
  }
  p.span = running;
  p.base = l.offset;
  for (std::size_t ax = 0; ax < R; ++ax)
    if (l.flip[ax] && shape[ax] > 0 && p.strides[ax] != 0) {
      p.base += (shape[ax] - 1) * p.strides[ax];
      p.strides[ax] = -p.strides[ax];
    }
  return p;
}

template <std::size_t R>
index_t offset_of(const placed<R>& p, const std::array<index_t, R>& idx) {
  index_t o = p.base;
  for (std::size_t ax = 0; ax < R; ++ax) o += idx[ax] * p.strides[ax];
  return o;
}

/// Calls f(idx) for every index of shape, row-major.
template <std::size_t R, class F>
void for_each_index(const std::array<index_t, R>& shape, F&& f) {
  for (std::size_t ax = 0; ax < R; ++ax)
    if (shape[ax] == 0) return;
  std::array<index_t, R> idx{};
  while (true) {
    f(idx);
    std::size_t ax = R;
    while (ax-- > 0) {
      if (++idx[ax] < shape[ax]) break;
      idx[ax] = 0;
    }
    if (ax == std::size_t(-1)) return;
  }
}

struct problem {
  op_kind op = op_kind::gemm;
  int type = 0;  // float, double, int32, int64
  tensr::detail::isa_level gemm_level = tensr::detail::isa_level::automatic;
  tensr::detail::isa_level simd_level = tensr::detail::isa_level::automatic;
  index_t m = 0, n = 0, k = 0, batch = 1;
  bool batch_a = true, batch_b = true;      // false: batch axis of size 1 (broadcast)
  bool ta = false, tb = false, tc = false;  // einsum / tensordot: operand given transposed
  bool shared = false;                      // one buffer for A, B and C
  int alpha = 1, beta = 0;                  // indices into the tables below
  unsigned seed = 0;
  layout la, lb, lc;
};

constexpr double alphas[] = {1, 0, -1, 2, 0.5, 3, -0.25, 1};
constexpr double betas[] = {0, 1, -1, 2, 0.5, 0, -3, 0};

const char* level_name(tensr::detail::isa_level l) {
  switch (l) {
    case tensr::detail::isa_level::generic:
      return "generic";
    case tensr::detail::isa_level::avx2:
      return "avx2";
    case tensr::detail::isa_level::avx512:
      return "avx512";
    default:
      return "automatic";
  }
}

[[noreturn]] void finding(const problem& p, const std::string& what) {
  static const char* const types[] = {"float", "double", "int32", "int64"};
  std::fprintf(stderr,
               "gemm_fuzzer: %s\n  %s %s m %td n %td k %td batch %td (a %d, b %d) ta %d tb %d "
               "tc %d shared %d alpha %g beta %g gemm kernel %s simd %s\n",
               what.c_str(), op_names[static_cast<int>(p.op)], types[p.type], p.m, p.n, p.k,
               p.batch, p.batch_a, p.batch_b, p.ta, p.tb, p.tc, p.shared, alphas[p.alpha],
               betas[p.beta], level_name(p.gemm_level), level_name(p.simd_level));
  std::abort();
}

index_t read_size(reader& r, int scale) {
  const std::uint8_t b = r.next();
  switch (scale) {
    case 0:
      return b % 6;  // 0 and 1 often
    case 1:
      return b % 18;
    case 2:
      return b % 70;
    default:
      return 72 + b % 57;  // past the unpacked kernels when B or C is strided
  }
}

/// One size past a cache block of the packed engine, the others small: m past MC, n past NC,
/// k past KC (of every kernel level and type), at the cost of a few 100k multiply-adds.
index_t long_size(std::uint8_t b, int which) {
  switch (which) {
    case 0:
      return (b & 1 ? 1000 : 3050) + b % 50;
    case 1:
      return 370 + b % 160;
    default:
      return 240 + b % 160;
  }
}

problem read_problem(reader& r) {
  problem p;
  const std::uint8_t h = r.next();
  p.op = static_cast<op_kind>(h % static_cast<int>(op_kind::count));
  p.type = (h / static_cast<int>(op_kind::count)) % 4;
  const std::uint8_t lv = r.next();
  static constexpr tensr::detail::isa_level levels[] = {
      tensr::detail::isa_level::automatic, tensr::detail::isa_level::generic,
      tensr::detail::isa_level::avx2, tensr::detail::isa_level::avx512};
  p.gemm_level = levels[lv & 3];
  p.simd_level = levels[(lv >> 2) & 3];
  // Size scales by the high nibble; the large ones away from 0 and 15, which mutations favour.
  const int scale_byte = (lv >> 4) & 15;
  static constexpr int scales[16] = {0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 4, 2, 1, 1, 0, 1};
  const int scale = scales[scale_byte] == 4 ? 1 : scales[scale_byte];
  p.m = read_size(r, scale);
  p.n = read_size(r, scale);
  p.k = read_size(r, scale);
  if (scales[scale_byte] == 4) {  // one long dimension, the others small
    const std::uint8_t b = r.next();
    const int which = b % 3;
    p.m = which == 0 ? long_size(r.next(), 0) : 1 + p.m % 9;
    p.n = which == 1 ? long_size(r.next(), 1) : 1 + p.n % 9;
    p.k = which == 2 ? long_size(r.next(), 2) : 1 + p.k % 9;
  }
  const std::uint8_t f = r.next();
  p.batch = f % 4;
  p.batch_a = !((f >> 2) & 1);
  p.batch_b = !((f >> 3) & 1) || !p.batch_a;
  p.ta = (f >> 4) & 1;
  p.tb = (f >> 5) & 1;
  p.tc = (f >> 6) & 1;
  p.shared = (f >> 7) & 1;
  const std::uint8_t ab = r.next();
  p.alpha = ab & 7;
  p.beta = (ab >> 3) & 7;
  p.seed = r.next();
  const bool three = p.op == op_kind::matmul_batched || p.op == op_kind::matmul_batch_by_matrix;
  if (three) {
    p.la = read_layout<3>(r, true);
    p.lb = p.op == op_kind::matmul_batched ? read_layout<3>(r, true) : read_layout<2>(r, true);
    p.lc = read_layout<3>(r, false);
  } else {
    p.la = read_layout<2>(r, true);
    p.lb = read_layout<2>(r, true);
    p.lc = read_layout<2>(r, false);
  }
  return p;
}

/// The buffers: one shared by A, B and C, or one each.
template <class T>
struct buffers {
  std::vector<T> a, b, c;
  std::vector<T>& for_a() { return a; }
  std::vector<T>& for_b(bool shared) { return shared ? a : b; }
  std::vector<T>& for_c(bool shared) { return shared ? a : c; }
};

template <class T>
T value(std::uint64_t& state) {
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  const auto bits = static_cast<std::uint32_t>(state >> 33);
  if constexpr (std::is_integral_v<T>)
    return static_cast<T>(static_cast<int>(bits % 17) - 8);
  else
    return static_cast<T>(static_cast<double>(bits) / 2147483648.0 - 1.0);  // [-1, 1)
}

template <class T>
constexpr acc_t<T> unit_roundoff() {
  return std::is_integral_v<T> ? 0 : acc_t<T>(std::numeric_limits<T>::epsilon()) / 2;
}

template <class T>
bool same_bits(const T& x, const T& y) {
  return std::memcmp(&x, &y, sizeof(T)) == 0;
}

/// The checks shared by every operation once it ran: the destination's values against the
/// reference, then every buffer element outside the destination against its old value.
template <class T, std::size_t RC>
void check(const problem& p, const std::vector<T>& cbuf, const placed<RC>& cp,
           const std::vector<acc_t<T>>& want, const std::vector<acc_t<T>>& mag,
           const std::vector<std::vector<T>*>& bufs, const std::vector<std::vector<T>>& before) {
  std::size_t e = 0;
  using real = acc_t<T>;
  const real tol_per_mag = unit_roundoff<T>() * static_cast<real>(2 * p.k + 8);
  for_each_index<RC>(cp.shape, [&](const std::array<index_t, RC>& idx) {
    const real got = static_cast<real>(cbuf[static_cast<std::size_t>(offset_of(cp, idx))]);
    const real w = want[e], tol = tol_per_mag * mag[e];
    if (!(std::fabs(got - w) <= tol))
      finding(p, "element " + std::to_string(e) + " is " +
                     std::to_string(static_cast<double>(got)) + ", expected " +
                     std::to_string(static_cast<double>(w)) + " within " +
                     std::to_string(static_cast<double>(tol)));
    ++e;
  });
  // Which elements of the destination's buffer it may write.
  std::vector<bool> dest(cbuf.size(), false);
  for_each_index<RC>(cp.shape, [&](const std::array<index_t, RC>& idx) {
    dest[static_cast<std::size_t>(offset_of(cp, idx))] = true;
  });
  for (std::size_t b = 0; b < bufs.size(); ++b)
    for (std::size_t i = 0; i < bufs[b]->size(); ++i) {
      const bool may_write = bufs[b]->data() == cbuf.data() && dest[i];
      if (!may_write && !same_bits((*bufs[b])[i], before[b][i]))
        finding(p, "an element outside the destination changed (buffer " + std::to_string(b) +
                       ", index " + std::to_string(i) + ")");
    }
}

/// Runs f (the tensr call); shape_error is expected only for shapes that do not fit, which the
/// fuzzer never builds, so every exception is a finding.
template <class F>
void call(const problem& p, F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    finding(p, std::string("exception: ") + e.what());
  }
}

template <class T>
void run_2d(const problem& p) {
  const bool ein = p.op == op_kind::einsum_into || p.op == op_kind::einsum_ret;
  const bool td = p.op == op_kind::tensordot_out;
  // The logical A is m x k and B k x n; einsum and tensordot may get them transposed.
  const bool ta = (ein || td) && p.ta, tb = (ein || td) && p.tb, tc = ein && p.tc;
  const std::array<index_t, 2> sa = ta ? std::array{p.k, p.m} : std::array{p.m, p.k};
  const std::array<index_t, 2> sb = tb ? std::array{p.n, p.k} : std::array{p.k, p.n};
  const std::array<index_t, 2> sc = tc ? std::array{p.n, p.m} : std::array{p.m, p.n};
  const placed<2> pa = place<2>(sa, p.la), pb = place<2>(sb, p.lb), pc = place<2>(sc, p.lc);

  buffers<T> buf;
  std::uint64_t state = p.seed + 1;
  const auto fill = [&](std::vector<T>& v, index_t need) {
    const auto old = v.size();
    if (static_cast<std::size_t>(need) > old) v.resize(static_cast<std::size_t>(need));
    for (std::size_t i = old; i < v.size(); ++i) v[i] = value<T>(state);
  };
  fill(buf.for_a(), p.la.offset + pa.span);
  fill(buf.for_b(p.shared), p.lb.offset + pb.span);
  fill(buf.for_c(p.shared), p.lc.offset + pc.span);

  // alpha and beta as gemm sees them: converted to T (0.5 is 0 for integers).
  const T alpha_t = static_cast<T>(p.op == op_kind::gemm ? alphas[p.alpha] : 1.0);
  const T beta_t = static_cast<T>(p.op == op_kind::gemm ? betas[p.beta] : 0.0);
  const auto alpha = static_cast<acc_t<T>>(alpha_t), beta = static_cast<acc_t<T>>(beta_t);
  // beta == 0 must not read C: give it NaNs when it has a buffer of its own.
  if constexpr (!std::is_integral_v<T>)
    if (beta == 0 && !p.shared)
      std::fill(buf.c.begin(), buf.c.end(), std::numeric_limits<T>::quiet_NaN());

  // The reference, from the inputs as they are before the call: A (m x k) and B^T (n x k)
  // copied dense, then one dot product per element.
  using real = acc_t<T>;
  const auto mk = static_cast<std::size_t>(p.m * p.k), nk = static_cast<std::size_t>(p.n * p.k);
  std::vector<real> ad(mk), bt(nk);
  for (index_t i = 0; i < p.m; ++i)
    for (index_t kk = 0; kk < p.k; ++kk)
      ad[static_cast<std::size_t>(i * p.k + kk)] =
          static_cast<real>(buf.for_a()[static_cast<std::size_t>(
              offset_of(pa, ta ? std::array{kk, i} : std::array{i, kk}))]);
  for (index_t j = 0; j < p.n; ++j)
    for (index_t kk = 0; kk < p.k; ++kk)
      bt[static_cast<std::size_t>(j * p.k + kk)] =
          static_cast<real>(buf.for_b(p.shared)[static_cast<std::size_t>(
              offset_of(pb, tb ? std::array{j, kk} : std::array{kk, j}))]);
  std::vector<T>& cbuf = buf.for_c(p.shared);
  std::vector<real> want, mag;
  for_each_index<2>(sc, [&](const std::array<index_t, 2>& idx) {
    const index_t i = tc ? idx[1] : idx[0], j = tc ? idx[0] : idx[1];
    const real* x = ad.data() + i * p.k;
    const real* y = bt.data() + j * p.k;
    real s = 0, a = 0;
    for (index_t kk = 0; kk < p.k; ++kk) {
      const real t = x[kk] * y[kk];
      s += t;
      a += std::fabs(t);
    }
    real w = alpha * s, mg = std::fabs(alpha) * a;
    if (beta != 0) {
      const real c0 = static_cast<real>(cbuf[static_cast<std::size_t>(offset_of(pc, idx))]);
      w += beta * c0;
      mg += std::fabs(beta * c0);
    }
    if constexpr (std::is_integral_v<T>) w = static_cast<real>(static_cast<T>(w));
    want.push_back(w);
    mag.push_back(mg);
  });
  std::vector<std::vector<T>*> bufs{&buf.a};
  if (!p.shared) bufs.insert(bufs.end(), {&buf.b, &buf.c});
  std::vector<std::vector<T>> before;
  for (auto* b : bufs) before.push_back(*b);

  const tensr::TensorView<const T, 2> av(buf.for_a().data() + pa.base, pa.shape, pa.strides);
  const tensr::TensorView<const T, 2> bv(buf.for_b(p.shared).data() + pb.base, pb.shape,
                                         pb.strides);
  tensr::TensorView<T, 2> cv(cbuf.data() + pc.base, pc.shape, pc.strides);

  std::optional<tensr::Tensor<T, 2>> ret;
  switch (p.op) {
    case op_kind::gemm:
      call(p, [&] { tensr::gemm(alpha_t, av, bv, beta_t, cv); });
      break;
    case op_kind::matmul_out:
      call(p, [&] { tensr::matmul(av, bv, cv); });
      break;
    case op_kind::matmul_ret:
      call(p, [&] { ret.emplace(tensr::matmul(av, bv)); });
      break;
    case op_kind::dot_out:
      call(p, [&] { tensr::dot(av, bv, cv); });
      break;
    case op_kind::tensordot_out: {
      const index_t axa[1] = {ta ? 0 : 1}, axb[1] = {tb ? 1 : 0};
      call(p, [&] { tensr::tensordot(av, bv, axa, axb, cv); });
      break;
    }
    case op_kind::einsum_into:
    case op_kind::einsum_ret: {
      const std::string spec =
          std::string(ta ? "ji" : "ij") + "," + (tb ? "kj" : "jk") + "->" + (tc ? "ki" : "ik");
      if (p.op == op_kind::einsum_into)
        call(p, [&] { tensr::einsum_into(cv, spec, av, bv); });
      else
        call(p, [&] { ret.emplace(tensr::einsum<2>(spec, av, bv)); });
      break;
    }
    default:
      std::abort();
  }
  if (ret) {
    // The returning forms: C is a fresh tensor; nothing given may change.
    if (ret->shape() != tensr::shape_t<2>{sc[0], sc[1]}) finding(p, "result has the wrong shape");
    placed<2> rp;
    rp.shape = sc;
    rp.strides = {sc[1], 1};
    const std::vector<T> rbuf(ret->data(), ret->data() + ret->size());
    check<T, 2>(p, rbuf, rp, want, mag, bufs, before);
  } else {
    check<T, 2>(p, cbuf, pc, want, mag, bufs, before);
  }
}

template <class T>
void run_3d(const problem& p) {
  // (batch_a ? B : 1, m, k) @ (batch_b ? B : 1, k, n) -> (B, m, n), or (B, m, k) @ (k, n).
  const bool by_matrix = p.op == op_kind::matmul_batch_by_matrix;
  const index_t ba = p.batch_a || by_matrix ? p.batch : 1;
  const index_t bb = p.batch_b ? p.batch : 1;
  const std::array<index_t, 3> sa{ba, p.m, p.k}, sb{bb, p.k, p.n}, sc{p.batch, p.m, p.n};
  const placed<3> pa = place<3>(sa, p.la), pc = place<3>(sc, p.lc);
  const placed<3> pb3 = place<3>(sb, p.lb);
  const placed<2> pb2 = place<2>(std::array<index_t, 2>{p.k, p.n}, p.lb);
  const index_t bspan = by_matrix ? pb2.span : pb3.span;

  buffers<T> buf;
  std::uint64_t state = p.seed + 1;
  const auto fill = [&](std::vector<T>& v, index_t need) {
    const auto old = v.size();
    if (static_cast<std::size_t>(need) > old) v.resize(static_cast<std::size_t>(need));
    for (std::size_t i = old; i < v.size(); ++i) v[i] = value<T>(state);
  };
  fill(buf.for_a(), p.la.offset + pa.span);
  fill(buf.for_b(p.shared), p.lb.offset + bspan);
  fill(buf.for_c(p.shared), p.lc.offset + pc.span);
  if constexpr (!std::is_integral_v<T>)
    if (!p.shared) std::fill(buf.c.begin(), buf.c.end(), std::numeric_limits<T>::quiet_NaN());

  // The reference: A per batch (m x k) and B^T per batch (n x k) copied dense first.
  using real = acc_t<T>;
  const index_t nbb = by_matrix ? 1 : bb;
  std::vector<real> ad(static_cast<std::size_t>(ba * p.m * p.k)),
      bt(static_cast<std::size_t>(nbb * p.n * p.k));
  for (index_t b = 0; b < ba; ++b)
    for (index_t i = 0; i < p.m; ++i)
      for (index_t kk = 0; kk < p.k; ++kk)
        ad[static_cast<std::size_t>((b * p.m + i) * p.k + kk)] = static_cast<real>(
            buf.for_a()[static_cast<std::size_t>(offset_of(pa, std::array{b, i, kk}))]);
  const std::vector<T>& bsrc = buf.for_b(p.shared);
  for (index_t b = 0; b < nbb; ++b)
    for (index_t j = 0; j < p.n; ++j)
      for (index_t kk = 0; kk < p.k; ++kk)
        bt[static_cast<std::size_t>((b * p.n + j) * p.k + kk)] = static_cast<real>(
            bsrc[static_cast<std::size_t>(by_matrix ? offset_of(pb2, std::array{kk, j})
                                                    : offset_of(pb3, std::array{b, kk, j}))]);
  std::vector<real> want, mag;
  for_each_index<3>(sc, [&](const std::array<index_t, 3>& idx) {
    const real* x = ad.data() + ((ba == 1 ? 0 : idx[0]) * p.m + idx[1]) * p.k;
    const real* y = bt.data() + ((nbb == 1 ? 0 : idx[0]) * p.n + idx[2]) * p.k;
    real s = 0, a = 0;
    for (index_t kk = 0; kk < p.k; ++kk) {
      const real t = x[kk] * y[kk];
      s += t;
      a += std::fabs(t);
    }
    want.push_back(s);
    mag.push_back(a);
  });
  std::vector<std::vector<T>*> bufs{&buf.a};
  if (!p.shared) bufs.insert(bufs.end(), {&buf.b, &buf.c});
  std::vector<std::vector<T>> before;
  for (auto* b : bufs) before.push_back(*b);

  std::vector<T>& cbuf = buf.for_c(p.shared);
  const tensr::TensorView<const T, 3> av(buf.for_a().data() + pa.base, pa.shape, pa.strides);
  tensr::TensorView<T, 3> cv(cbuf.data() + pc.base, pc.shape, pc.strides);
  if (by_matrix) {
    const tensr::TensorView<const T, 2> bv(buf.for_b(p.shared).data() + pb2.base, pb2.shape,
                                           pb2.strides);
    call(p, [&] { tensr::matmul(av, bv, cv); });
  } else {
    const tensr::TensorView<const T, 3> bv(buf.for_b(p.shared).data() + pb3.base, pb3.shape,
                                           pb3.strides);
    call(p, [&] { tensr::matmul(av, bv, cv); });
  }
  check<T, 3>(p, cbuf, pc, want, mag, bufs, before);
}

template <class T>
void run(const problem& p) {
  if (p.op == op_kind::matmul_batched || p.op == op_kind::matmul_batch_by_matrix)
    run_3d<T>(p);
  else
    run_2d<T>(p);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reader r{data, size};
  problem p = read_problem(r);
  // A level the CPU lacks is refused (false): the automatic choice runs instead.
  if (!tensr::detail::gemm_force_kernel(p.gemm_level)) {
    p.gemm_level = tensr::detail::isa_level::automatic;
    tensr::detail::gemm_force_kernel(p.gemm_level);
  }
  if (!tensr::detail::simd_force_isa(p.simd_level)) {
    p.simd_level = tensr::detail::isa_level::automatic;
    tensr::detail::simd_force_isa(p.simd_level);
  }
  switch (p.type) {
    case 0:
      run<float>(p);
      break;
    case 1:
      run<double>(p);
      break;
    case 2:
      run<std::int32_t>(p);
      break;
    default:
      run<std::int64_t>(p);
      break;
  }
  return 0;
}
